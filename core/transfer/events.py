"""Events an upload emits besides the core ones (Progress, StatusChanged, Note, ...).

The GUI gets them through the same sink; they carry what a per-part state table needs.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol, TypeVar

from core.events import Event

__all__ = [
    "PartState",
    "PartStateChanged",
    "TransferEvent",
    "TransferRecordingSink",
    "TransferSink",
    "UploadStarted",
    "UploadState",
]

E = TypeVar("E")


class UploadState(enum.StrEnum):
    """Where the whole upload is; sent as ``StatusChanged(subject="upload", status=...)``."""

    PREPARING = "preparing"
    RUNNING = "running"
    WAITING_FOR_NETWORK = "waiting for the network"
    PAUSING = "pausing"
    PAUSED = "paused"
    COMPLETING = "completing"
    VERIFYING = "verifying"
    DONE = "done"
    CANCELLING = "cancelling"
    CANCELLED = "cancelled"
    FAILED = "failed"

    @property
    def meaning(self) -> str:
        return _UPLOAD_MEANINGS[self]


_UPLOAD_MEANINGS = {
    UploadState.PREPARING: "Checking the file and the upload journal.",
    UploadState.RUNNING: "Sending parts.",
    UploadState.WAITING_FOR_NETWORK: (
        "Nothing answers (the network or the endpoint is down): the parts are tried again "
        "by themselves. Pause and Cancel still work."
    ),
    UploadState.PAUSING: "No new parts start; the parts in flight are finishing.",
    UploadState.PAUSED: "Paused. Parts sent so far are kept.",
    UploadState.COMPLETING: "Asking S3 to join the parts into one object.",
    UploadState.VERIFYING: "Comparing what S3 holds with the file's bytes.",
    UploadState.DONE: "Uploaded and verified.",
    UploadState.CANCELLING: "Stopping the parts in flight.",
    UploadState.CANCELLED: "Cancelled.",
    UploadState.FAILED: "The upload stopped; parts sent so far are kept to resume.",
}


class PartState(enum.StrEnum):
    WAITING = "waiting"
    HASHING = "hashing"  # computing its checksum and MD5 before sending
    SENDING = "sending"
    SENT = "sent"  # the body is out; waiting for S3's answer
    CONFIRMED = "confirmed"  # S3 answered with its ETag; written to the journal
    RETRYING = "retrying"
    SKIPPED = "skipped"  # already confirmed by an earlier run
    FAILED = "failed"


@dataclass(frozen=True)
class UploadStarted:
    """Once per run, before any part is sent: everything a progress page needs to lay out."""

    bucket: str
    key: str
    upload_id: str | None  # None for a single PUT
    size: int
    part_size: int
    part_count: int
    concurrency: int
    checksum: str
    resumed_parts: tuple[int, ...]


@dataclass(frozen=True)
class PartStateChanged:
    number: int
    state: PartState
    size: int
    attempt: int = 1
    detail: str = ""  # why it is retrying or failed, in plain words


TransferEvent = UploadStarted | PartStateChanged


class TransferSink(Protocol):
    def __call__(self, event: Event | TransferEvent, /) -> None: ...


class TransferRecordingSink:
    """Like ``core.events.RecordingSink``, also keeping the transfer events (for tests)."""

    def __init__(self) -> None:
        self.events: list[Event | TransferEvent] = []

    def __call__(self, event: Event | TransferEvent, /) -> None:
        self.events.append(event)

    def of_type(self, kind: type[E]) -> list[E]:
        return [event for event in self.events if isinstance(event, kind)]
