"""A sync run's progress: bytes and paths done, counted from the workers' threads, and the
large files under way with the bytes each has moved; sent to the sink on the run's tick."""

from __future__ import annotations

import threading
import time

from core.events import Progress
from core.sync.events import FileBytes, InFlight, SyncSink
from core.sync.items import SyncItem
from core.sync.plan import PlanCounts
from core.transfer.planner import DEFAULT_THRESHOLD

__all__ = ["FILES_STEP", "LARGE", "SYNC_STEP", "SyncMeter"]

SYNC_STEP = "sync"  # Progress in bytes moved (unit "B")
FILES_STEP = "sync-files"  # Progress in paths done (unit "files")
# From this size a file under way has its own bytes reported (the upload engine's threshold
# either way): below it a file is over within a tick or two.
LARGE = DEFAULT_THRESHOLD


class SyncMeter:
    """Attributes:
    moved: bytes of files done (and of small files as they go).
    kept: bytes done before this run (a resumed download's): not part of the rate.
    files: paths done.
    counting: the plan is still being made (a run that starts while the walk goes on):
        ``counts`` grows, so its totals (and a time left) are not said yet.
    """

    def __init__(self, sink: SyncSink, counts: PlanCounts, *, counting: bool = False) -> None:
        self.sink = sink
        self.counts = counts
        self.counting = counting
        self.moved = 0
        self.kept = 0
        self.files = 0
        self._large: dict[str, FileBytes] = {}  # rel -> bytes moved, not yet in ``moved``
        self._lock = threading.Lock()
        self._reported_large = False
        self.started = time.monotonic()

    def counted(self, amount: int) -> None:
        with self._lock:
            self.moved += amount

    def resumed(self, amount: int) -> None:
        with self._lock:
            self.moved += amount
            self.kept += amount

    def start_large(self, item: SyncItem) -> None:
        with self._lock:
            self._large[item.rel] = FileBytes(item.rel, 0, item.size)

    def large_at(self, rel: str, done: int) -> None:
        """The large file at ``rel`` has moved ``done`` bytes (the upload engine's count)."""
        with self._lock:
            if (now := self._large.get(rel)) is not None:
                self._large[rel] = FileBytes(rel, done, now.size)

    def large_counted(self, rel: str, amount: int) -> None:
        """``amount`` more bytes of the large file at ``rel`` (a download's chunks)."""
        with self._lock:
            now = self._large.get(rel)
            if now is None:  # a thread still reading after its run was cancelled
                self.moved += amount
            else:
                self._large[rel] = FileBytes(rel, now.done + amount, now.size)

    def large_resumed(self, rel: str, amount: int) -> None:
        """``amount`` bytes of the large file at ``rel`` kept from an interrupted download."""
        self.large_counted(rel, amount)
        with self._lock:
            self.kept += amount

    def end_large(self, rel: str) -> int:
        """No longer under way; returns the bytes it had moved (not added to ``moved``)."""
        with self._lock:
            ended = self._large.pop(rel, None)
        return ended.done if ended is not None else 0

    def emit(self) -> None:
        with self._lock:
            large = tuple(self._large.values())
            done = self.moved + sum(file.done for file in large)
            now = done - self.kept
        if large or self._reported_large:
            self.sink(InFlight(large))
            self._reported_large = bool(large)
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = now / elapsed if now > 0 else None
        files, moved = sum(self.counts.files.values()), self.counts.transfer_bytes
        if self.counting:
            total_files: int | None = None
            total_bytes: int | None = None
            eta = None
        else:
            total_files, total_bytes = files, moved
            eta = (moved - done) / rate if rate else None
        # Bytes last: the time left a view shows follows the latest Progress, and the bytes
        # (with their rate) tell it better than the paths done.
        self.sink(Progress(FILES_STEP, self.files, total_files, "files"))
        self.sink(Progress(SYNC_STEP, done, total_bytes, "B", rate, eta))
