"""A whole plan kept on disk, not in memory: written once by the planner, read back by the
run (which then does exactly what the plan showed) and by a preview."""

from __future__ import annotations

import collections
import json
import tempfile
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

from core.sync.items import Action, Reason, Record, SyncItem

__all__ = ["LINE_ITEMS", "PlanCounts", "PlanTotals", "SyncPlan"]

LINE_ITEMS = 500  # items per line of a plan's file
_encode = json.JSONEncoder(ensure_ascii=False, check_circular=False, separators=(",", ":")).encode


@dataclass
class PlanCounts:
    """How many paths each action has, and their bytes."""

    files: collections.Counter[Action] = field(default_factory=collections.Counter)
    bytes: collections.Counter[Action] = field(default_factory=collections.Counter)
    failures: int = 0  # paths that cannot be synced (names, unreadable)
    replacing: int = 0  # transfers over an existing copy

    def add(self, item: SyncItem) -> None:
        self.files[item.action] += 1
        self.bytes[item.action] += item.size
        self.failures += item.reason.is_failure
        self.replacing += item.transfers and item.reason is not Reason.NEW

    @property
    def changes_existing(self) -> bool:
        """Something on the destination is replaced or deleted (versioning keeps it)."""
        return self.replacing > 0 or self.files[Action.DELETE] > 0

    @property
    def transfer_files(self) -> int:
        return self.files[Action.UPLOAD] + self.files[Action.DOWNLOAD]

    @property
    def transfer_bytes(self) -> int:
        return self.bytes[Action.UPLOAD] + self.bytes[Action.DOWNLOAD]


class PlanTotals:
    """What a walk decided, in all: what a run that does each path as it is decided keeps
    (it never reads the decisions back).

    Attributes:
        counts: files and bytes per action.
        versioning: 'Enabled', 'Suspended' or '' (never enabled).
    """

    def __init__(self, versioning: str = "") -> None:
        self.versioning = versioning
        self.counts = PlanCounts()

    def add(self, item: SyncItem) -> None:
        self.counts.add(item)

    def close(self) -> None:
        """Frees what the plan holds (nothing here)."""


class SyncPlan(PlanTotals):
    """The decisions in the order the planner made them, in a temporary file (in memory up
    to a few MiB): a JSON line per ``LINE_ITEMS`` of them, each item an array of its fields
    (one ``dumps`` per item cost more than the rest of planning a path that has not changed).
    ``versioning`` is the bucket's versioning status."""

    def __init__(self, versioning: str) -> None:
        super().__init__(versioning)
        self._file: IO[str] = tempfile.SpooledTemporaryFile(  # noqa: SIM115 - closed by close()
            max_size=4 * 1024 * 1024,
            mode="w+",
            encoding="utf-8",
            # A file name that is not UTF-8 is kept as it is (and reported, not synced).
            errors="surrogateescape",
        )
        self._waiting: list[Record] = []  # added, not yet written
        # A plan a window drops without close() (closed mid-preview) still frees its file.
        weakref.finalize(self, self._file.close)

    def add(self, item: SyncItem) -> None:
        super().add(item)
        self._waiting.append(item.to_record())
        if len(self._waiting) >= LINE_ITEMS:
            self._write()

    def _write(self) -> None:
        self._file.write(_encode(self._waiting) + "\n")
        self._waiting = []

    def __iter__(self) -> Iterator[SyncItem]:
        if self._waiting:
            self._write()
        self._file.flush()
        self._file.seek(0)
        from_record = SyncItem.from_record
        for line in self._file:
            for record in json.loads(line):
                yield from_record(record)
        self._file.seek(0, 2)

    def close(self) -> None:
        self._file.close()
