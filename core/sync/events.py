"""What a sync run tells its sink about single paths, besides the byte and file progress
(``core.events.Progress``): a path started, a path dealt with, and the bytes each large file
under way has moved so far."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.events import Event
from core.sync.items import SyncItem
from core.transfer import TransferEvent, format_size

__all__ = ["FileBytes", "InFlight", "ItemDone", "ItemStarted", "SyncEvent", "SyncSink"]


@dataclass(frozen=True)
class ItemStarted:
    """A worker took up this path (a transfer, or a local delete). An ``ItemDone`` for it
    follows, unless the run is cancelled first. Skips and the deletes S3 takes in batches
    have no start: they are done in one go."""

    item: SyncItem


@dataclass(slots=True)
class ItemDone:
    """One path of the plan dealt with: done, skipped, or failed (``error``); ``kept`` the
    bytes an interrupted download had brought, checked and not fetched again. Not frozen,
    as ``SyncItem``: one is made per path, and a frozen one costs five times as much."""

    item: SyncItem
    error: str = ""
    kept: int = 0


@dataclass(frozen=True)
class FileBytes:
    """``done`` of ``size`` bytes of the file at ``rel`` moved so far (``done`` may go down:
    a retried part or range takes its bytes back)."""

    rel: str
    done: int
    size: int

    @property
    def moved(self) -> str:
        """ "12.0 MiB of 200.0 MiB"."""
        return f"{format_size(max(self.done, 0))} of {format_size(self.size)}"


@dataclass(frozen=True)
class InFlight:
    """The large files under way, with the bytes each has moved: sent with the run's
    progress tick while any is, and once more (empty) when the last one ended."""

    files: tuple[FileBytes, ...]

    def largest(self) -> FileBytes | None:
        return max(self.files, key=lambda file: file.size, default=None)


SyncEvent = ItemStarted | ItemDone | InFlight
SyncSink = Callable[[Event | TransferEvent | SyncEvent], None]
