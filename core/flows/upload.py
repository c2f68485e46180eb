"""Upload a large file: ``UploadFlow`` over the engine (``core.transfer.upload_file``).

The plan is the calls that store the file, built by the engine's own builders
(``core.transfer.s3_calls``): one PUT below the multipart threshold, else the create, one
upload-part per part and the complete. What only S3 or the file's bytes give (the upload
id, each part's checksum and ETag) is a placeholder.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import ValidationError
from core.events import Event, EventSink
from core.flows.buckets import validate_bucket_name
from core.flows.context import FlowContext
from core.flows.shape import Flow, PlannedCall, all_problems
from core.network import is_local_endpoint
from core.transfer import (
    JournalStore,
    PartStateChanged,
    TransferEvent,
    TransferSink,
    UploadControl,
    UploadOptions,
    UploadPlan,
    UploadResult,
    UploadStarted,
    plan_upload,
    upload_file,
)
from core.transfer.s3_calls import (
    complete_upload_call,
    create_upload_call,
    put_object_call,
    upload_part_call,
)
from core.transfer.throughput import ThroughputLog
from core.transfer.worker import upload_in_worker

if TYPE_CHECKING:
    from mypy_boto3_s3.type_defs import CompletedPartTypeDef

__all__ = ["UPLOAD_ID", "UploadFlow", "UploadInputs"]

UPLOAD_ID = "<UploadId>"  # what create-multipart-upload answers


@dataclass(frozen=True)
class UploadInputs:
    """The file, where it goes (``s3://bucket/key``), and how it is sent."""

    source: Path
    bucket: str
    key: str
    options: UploadOptions = field(default_factory=UploadOptions)


def _check_file(source: Path) -> int:
    """The file's size; ValidationError when it is missing or cannot be read."""
    if not source.is_file():
        raise ValidationError("file", f"There is no file at {source}.", "Check the path.")
    try:
        with source.open("rb"):
            pass
        return source.stat().st_size
    except OSError as error:
        raise ValidationError(
            "file", f"The file cannot be read: {error.strerror}.", "Check its permissions."
        ) from error


def _check_key(key: str) -> None:
    if not key.strip("/"):
        raise ValidationError("key", "Enter the name the file gets in S3.")


def _only_core_events(sink: EventSink) -> TransferSink:
    def forward(event: Event | TransferEvent, /) -> None:
        if not isinstance(event, UploadStarted | PartStateChanged):
            sink(event)

    return forward


class UploadFlow(Flow[UploadInputs, UploadResult]):
    """The upload, resumable and verified. Given apart: where journals are kept, the
    control that pauses and cancels it, a sink for the per-part events (the flow
    context's sink gets the core events only, when none is given), and whether it runs in
    a worker process (``upload_in_worker``, as the window runs it)."""

    key = "upload"

    def __init__(
        self,
        inputs: UploadInputs,
        *,
        journals: JournalStore | None = None,
        control: UploadControl | None = None,
        transfer_sink: TransferSink | None = None,
        in_worker: bool = False,
    ) -> None:
        super().__init__(inputs)
        self._journals = journals
        self.control = control or UploadControl()
        self._transfer_sink = transfer_sink
        self._in_worker = in_worker

    def problems(self) -> dict[str, str]:
        inputs = self.inputs
        return all_problems(
            self.upload_plan,
            lambda: validate_bucket_name(inputs.bucket),
            lambda: _check_key(inputs.key),
            inputs.options.validate,
        )

    def upload_plan(self) -> UploadPlan:
        """How the file is cut into parts (it is read for its size, nothing else)."""
        options = self.inputs.options
        return plan_upload(_check_file(self.inputs.source), options.part_size, options.threshold)

    def plan(self) -> list[PlannedCall]:
        """A fresh upload's calls. Resuming an earlier upload of the same file skips the
        create and the parts S3 already holds."""
        parts = self.upload_plan()
        bucket, key, source = self.inputs.bucket, self.inputs.key, self.inputs.source
        options = self.inputs.options
        checksum = options.checksum
        metadata, storage_class = dict(options.metadata), options.storage_class
        whole = f"<{checksum.value.upper()} of the file>"
        if not parts.multipart:
            put = put_object_call(
                bucket,
                key,
                source=source,
                body=b"",
                size=parts.size,
                checksum=checksum,
                value=whole,
                metadata=metadata,
                storage_class=storage_class,
            )
            return [PlannedCall(put)]
        sent: list[PlannedCall] = []
        completed: list[CompletedPartTypeDef] = []
        for part in parts.parts():
            value = f"<{checksum.value.upper()} of part {part.number}>"
            call = upload_part_call(
                bucket,
                key,
                UPLOAD_ID,
                part=part,
                source=source,
                body=b"",
                checksum=checksum,
                value=value,
            )
            sent.append(PlannedCall(call))
            etag = f"<ETag of part {part.number}>"
            completed.append(checksum.completed_part(part.number, etag, value))
        complete = complete_upload_call(
            bucket, key, UPLOAD_ID, parts=completed, checksum=checksum, whole=whole
        )
        create = create_upload_call(bucket, key, checksum, metadata, storage_class)
        resumed = "Unless an earlier upload of this file is resumed (then only missing parts go):"
        return [PlannedCall(create, resumed), *sent, PlannedCall(complete)]

    async def run(self, ctx: FlowContext) -> UploadResult:
        inputs = self.inputs
        engine = upload_in_worker if self._in_worker else upload_file
        started = time.monotonic()
        result = await engine(
            ctx.door,
            inputs.source,
            inputs.bucket,
            inputs.key,
            inputs.options,
            sink=self._transfer_sink or _only_core_events(ctx.sink),
            journals=self._journals,
            ledger=ctx.ledger,
            control=self.control,
            clock=ctx.clock,
        )
        # What the planner offers as "the speed this computer measured".
        connection = ctx.door.connection
        ThroughputLog.beside((self._journals or JournalStore.default()).root).add(
            result.bytes_sent,
            time.monotonic() - started,
            local=connection.is_sandbox or is_local_endpoint(connection.endpoint_url),
        )
        return result
