"""Large file transfer to S3: part planning, the crash-safe journal, the multipart engine,
and the management of unfinished uploads.

Start an upload with ``upload_file(door, path, bucket, key, UploadOptions(...), sink=...,
control=UploadControl())``; steer it with the control (pause, resume, cancel with or without
abort); watch it through the sink (core events plus ``UploadStarted`` and
``PartStateChanged``).
"""

from core.transfer.checksums import ChecksumChoice, composite_etag
from core.transfer.control import (
    FileChanged,
    UploadControl,
    UploadOptions,
    UploadResult,
    VerificationFailed,
)
from core.transfer.events import (
    PartState,
    PartStateChanged,
    TransferEvent,
    TransferRecordingSink,
    TransferSink,
    UploadStarted,
    UploadState,
)
from core.transfer.journal import JournalStore
from core.transfer.planner import (
    UploadPlan,
    format_size,
    parse_duration,
    parse_rate,
    parse_size,
    plan_upload,
)
from core.transfer.unfinished_uploads import (
    UnfinishedUpload,
    abort_unfinished,
    adopt_unfinished,
    list_unfinished,
    set_abort_incomplete_rule,
)
from core.transfer.upload import PARTS_STEP, PROGRESS_STEP, upload_file

__all__ = [
    "PARTS_STEP",
    "PROGRESS_STEP",
    "ChecksumChoice",
    "FileChanged",
    "JournalStore",
    "PartState",
    "PartStateChanged",
    "TransferEvent",
    "TransferRecordingSink",
    "TransferSink",
    "UnfinishedUpload",
    "UploadControl",
    "UploadOptions",
    "UploadPlan",
    "UploadResult",
    "UploadStarted",
    "UploadState",
    "VerificationFailed",
    "abort_unfinished",
    "adopt_unfinished",
    "composite_etag",
    "format_size",
    "list_unfinished",
    "parse_duration",
    "parse_rate",
    "parse_size",
    "plan_upload",
    "set_abort_incomplete_rule",
    "upload_file",
]
