"""Small helpers of a run: the file's identity with plain errors, ledger bookkeeping, and
the part of a run its finishing, resume and single-PUT steps read."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from core.aws import AwsDoor
from core.errors import ValidationError
from core.ledger import Ledger, LedgerEntry, ResourceKind
from core.transfer.events import TransferSink, UploadState
from core.transfer.journal import FileIdentity
from core.transfer.parts import file_unreadable
from core.transfer.patience import Patience

__all__ = ["LedgerNotes", "UploadTarget", "file_identity"]


def file_identity(path: Path) -> FileIdentity:
    """The identity of ``path``; ValidationError with a plain message when it cannot be read."""
    if not path.exists():
        raise ValidationError(
            "file", f"The file {path} does not exist.", "Check the path and try again."
        )
    if path.is_dir():
        raise ValidationError(
            "file",
            f"{path} is a folder, not a file.",
            "Choose one file; pack a folder first (for example with tar or zip).",
        )
    try:
        return FileIdentity.of(path)
    except OSError as error:
        raise file_unreadable(path, error) from error


class LedgerNotes:
    """Records the upload id and the object in the ledger, when the caller gave one.
    The file writes (with fsync) run on a worker thread, never on the event loop."""

    def __init__(self, door: AwsDoor, ledger: Ledger | None, wizard: str) -> None:
        self.door = door
        self.ledger = ledger
        self.wizard = wizard

    async def _entry(
        self, kind: ResourceKind, resource_id: str, details: dict[str, str]
    ) -> LedgerEntry:
        connection = self.door.connection
        scope = await self.door.resolve_scope()
        if connection.endpoint_url:
            details = {**details, "endpoint_url": connection.endpoint_url}
        return LedgerEntry(
            kind=kind,
            resource_id=resource_id,
            region=connection.region,
            scope=scope,
            wizard=self.wizard,
            details=details,
        )

    async def upload_created(self, bucket: str, key: str, upload_id: str) -> None:
        if self.ledger is not None:
            details = {"bucket": bucket, "key": key}
            entry = await self._entry(ResourceKind.MULTIPART_UPLOAD, upload_id, details)
            await asyncio.to_thread(self.ledger.record, entry)

    async def upload_ended(self, upload_id: str) -> None:
        ledger = self.ledger
        if ledger is None:
            return
        scope = await self.door.resolve_scope()

        def mark() -> None:
            entry = ledger.find(ResourceKind.MULTIPART_UPLOAD, upload_id, scope)
            if entry is not None:
                ledger.mark_deleted(entry)

        await asyncio.to_thread(mark)

    async def object_created(self, bucket: str, key: str) -> None:
        if self.ledger is not None:
            details = {"bucket": bucket, "key": key}
            entry = await self._entry(ResourceKind.S3_OBJECT, f"{bucket}/{key}", details)
            await asyncio.to_thread(self.ledger.record, entry)


@dataclass(frozen=True)
class UploadTarget:
    """Where one run's file goes and where its steps report. The engine hands this (not
    itself) to finish, reconcile and single, so they never depend on the engine."""

    door: AwsDoor
    source: Path
    bucket: str
    key: str
    sink: TransferSink
    ledger: LedgerNotes
    set_state: Callable[[UploadState], None]
    patience: Patience  # every call goes through it: an outage is waited out
