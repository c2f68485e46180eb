"""What "Sync a folder with S3" is asked and what it answers: ``FolderSyncInputs`` with the
checks of each field (named before any call), and ``FolderSyncResult``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.errors import ValidationError
from core.sync.events import ItemDone
from core.sync.items import CompareMode, Direction
from core.sync.rules import FilterRule
from core.transfer.control import DEFAULT_RETRY_FOR, MAX_CONCURRENCY, check_retry_for

__all__ = [
    "FolderSyncInputs",
    "FolderSyncResult",
    "check_concurrency",
    "check_folder",
    "check_prefix",
    "check_retry_for",
]


@dataclass(frozen=True)
class FolderSyncInputs:
    """What to sync, which way, and how.

    Attributes:
        folder: the local folder (a download creates it when missing).
        bucket, prefix: the S3 side; ``prefix`` '' for the whole bucket.
        direction: ``UP`` makes S3 match the folder, ``DOWN`` the folder match S3.
        delete: also delete what only the destination has (only what the preview shows).
        dry_run: preview only.
        rules: include/exclude rules in order (``core.sync.rules``).
        concurrency: files (or a large file's parts) in flight at once.
        retry_for: seconds a file keeps trying while nothing answers (a network outage).
    """

    folder: Path
    bucket: str
    prefix: str = ""
    direction: Direction = Direction.UP
    compare: CompareMode = CompareMode.SIZE_MTIME
    delete: bool = False
    dry_run: bool = False
    rules: tuple[FilterRule, ...] = ()
    follow_symlinks: bool = False
    concurrency: int = 8
    retry_for: float = DEFAULT_RETRY_FOR

    @property
    def key_prefix(self) -> str:
        """The prefix as keys start with it: '' or ending in '/'."""
        prefix = self.prefix.strip("/")
        return f"{prefix}/" if prefix else ""

    @property
    def s3_url(self) -> str:
        return f"s3://{self.bucket}/{self.key_prefix}"


@dataclass(frozen=True)
class FolderSyncResult:
    uploaded: int
    downloaded: int
    deleted: int
    skipped: int
    failed: int
    bytes: int
    dry_run: bool
    versioning: str  # 'Enabled', 'Suspended', '' (never enabled) or 'unknown'
    failures: tuple[ItemDone, ...] = field(default=())

    def summary(self) -> dict[str, Any]:
        """The last line of ``sync --json``."""
        return {
            "uploaded": self.uploaded,
            "downloaded": self.downloaded,
            "deleted": self.deleted,
            "skipped": self.skipped,
            "failed": self.failed,
            "bytes": self.bytes,
            "dry_run": self.dry_run,
        }


def check_folder(inputs: FolderSyncInputs) -> None:
    folder = inputs.folder
    if folder.is_dir():
        return
    if folder.exists():
        raise ValidationError("folder", f"{folder} is a file, not a folder.", "Choose a folder.")
    if inputs.direction is Direction.DOWN and folder.parent.is_dir():
        return  # made by the download
    raise ValidationError("folder", f"There is no folder {folder}.", "Check the path.")


def check_prefix(prefix: str) -> None:
    if "//" in prefix.strip("/") or len(prefix.encode("utf-8")) > 1000:
        raise ValidationError(
            "prefix",
            f"The prefix '{prefix}' cannot be a folder in S3.",
            "Write it as folder/subfolder, with single slashes.",
        )


def check_concurrency(concurrency: int) -> None:
    if not 1 <= concurrency <= MAX_CONCURRENCY:
        raise ValidationError(
            "concurrency",
            f"A concurrency of {concurrency} is outside 1 to {MAX_CONCURRENCY}.",
            "Choose how many files to move at once, for example 8.",
        )
