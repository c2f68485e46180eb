"""What a sync decides for each path: the action, the reason, and what it concerns."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "Action",
    "CompareMode",
    "Direction",
    "Reason",
    "SyncItem",
    "format_mtime",
    "parse_mtime",
]

MTIME_KEY = "mtime"  # object metadata (x-amz-meta-mtime), as rclone keeps it


class Direction(enum.StrEnum):
    UP = "up"  # the folder to S3
    DOWN = "down"  # S3 to the folder


class CompareMode(enum.StrEnum):
    SIZE_MTIME = "size-mtime"
    CHECKSUM = "checksum"


class Action(enum.StrEnum):
    UPLOAD = "upload"
    DOWNLOAD = "download"
    DELETE = "delete"
    SKIP = "skip"


class Reason(enum.StrEnum):
    """Why an action was chosen; the values are what ``--json`` prints."""

    NEW = "new"
    SIZE_DIFFERS = "size differs"
    NEWER = "newer"
    CONTENT_DIFFERS = "content differs"
    ONLY_ON_OTHER_SIDE = "only on the other side"
    UNCHANGED = "unchanged"
    OTHER_SIDE_NEWER = "other side newer"
    EXCLUDED = "excluded"
    SYMLINK = "symlink"
    SYMLINK_LOOP = "symlink loop"
    EMPTY_FOLDER = "empty folder"
    FOLDER_MARKER = "folder marker"
    NAME_NOT_ALLOWED = "name not allowed"
    UNREADABLE = "unreadable"
    UNFINISHED_DOWNLOAD = "unfinished download"

    @property
    def is_failure(self) -> bool:
        """The path could not be synced at all: it counts as failed."""
        return self in (Reason.NAME_NOT_ALLOWED, Reason.UNREADABLE)


Record = tuple[str, str, str, str, int, str, int]
# By value, without the enum's own lookup (a quarter of reading a plan back).
_ACTIONS = {action.value: action for action in Action}
_REASONS = {reason.value: reason for reason in Reason}


@dataclass(slots=True)
class SyncItem:
    """One decision of the plan. Nothing changes an item once made; it is not frozen because
    a frozen dataclass takes five times as long to make, and a sync makes two per path.

    Attributes:
        rel: the path below the synced folder, ``/``-separated ('' never).
        key: the S3 key it corresponds to.
        size: the bytes concerned (the source's size for a transfer).
        detail: a plain sentence for the user (which rule excluded it, what differs).
        mtime_ns: the source file's modification time (uploads; 0 when not known).
    """

    action: Action
    reason: Reason
    rel: str
    key: str
    size: int = 0
    detail: str = ""
    mtime_ns: int = 0

    @property
    def transfers(self) -> bool:
        return self.action in (Action.UPLOAD, Action.DOWNLOAD)

    def path(self, folder: Path) -> Path:
        return folder.joinpath(*self.rel.split("/"))

    def to_json(self, folder: Path) -> dict[str, Any]:
        """The line ``--json`` prints for it."""
        line: dict[str, Any] = {
            "action": self.action.value,
            "path": shown(str(self.path(folder))),
            "key": shown(self.key),
            "bytes": self.size,
            "reason": self.reason.value,
        }
        if self.detail:
            line["detail"] = self.detail
        return line

    def to_record(self) -> Record:
        """The item as the plan's file keeps it: its fields in order, the enums by value
        (they are ``str``s: JSON writes their value, and ``.value`` is a Python call)."""
        return (
            self.action,
            self.reason,
            self.rel,
            self.key,
            self.size,
            self.detail,
            self.mtime_ns,
        )

    @classmethod
    def from_record(cls, record: Sequence[Any]) -> SyncItem:
        action, reason, rel, key, size, detail, mtime_ns = record
        return cls(_ACTIONS[action], _REASONS[reason], rel, key, size, detail, mtime_ns)


def shown(text: str) -> str:
    """``text`` printable: bytes of a name that is not UTF-8 as ``\\xff``."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def format_mtime(mtime_ns: int) -> str:
    """Seconds since the epoch with nanoseconds, as rclone writes its ``mtime`` metadata."""
    seconds, nanos = divmod(mtime_ns, 1_000_000_000)
    return f"{seconds}.{nanos:09d}"


def parse_mtime(text: str) -> int | None:
    """Nanoseconds from an ``mtime`` metadata value; None when it is not a number."""
    whole, _, fraction = text.strip().partition(".")
    if not whole.lstrip("-").isdigit() or (fraction and not fraction.isdigit()):
        return None
    nanos = int((fraction + "000000000")[:9]) if fraction else 0
    sign = -1 if whole.startswith("-") else 1
    return sign * (abs(int(whole)) * 1_000_000_000 + nanos)
