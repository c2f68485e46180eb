"""What the last syncs left on both sides of each path, so the next one need not ask.

After a verified transfer (or a compare that found a path unchanged) the file's size and
time and the object's ETag are written here. A later size-mtime compare that finds the
file and the listed object as they were skips its HeadObject: a no-change sync of a large
tree costs its listings only. ``checksum`` compares never use it. One SQLite file per
folder and S3 place, under the app's data folder; lookups go by key, so memory stays flat
however large the tree. Losing it (or a kill -9 before a commit) only costs HeadObjects.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from core.paths import AppPaths

__all__ = ["Remembered", "SyncState"]

COMMIT_EVERY = 500  # writes between commits
RECALL_BATCH = 500  # keys a query of ``recall`` asks for (SQLite allows 32,766 parameters)


@dataclass(frozen=True)
class Remembered:
    size: int
    mtime_ns: int
    etag: str


class SyncState:
    """Attributes:
    path: the SQLite file.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        # Used from the event loop's thread only; the flag lets a worker thread close it.
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS paths ("
            "key TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, etag TEXT)"
        )
        self._pending = 0
        # What ``recall`` read for the folder being compared (size, mtime_ns, etag);
        # ``_asked`` holds its keys, found or not, so a lookup of one answers from memory.
        self._recalled: dict[str, tuple[int, int, str]] = {}
        self._asked: set[str] = set()

    @classmethod
    def for_place(
        cls, paths: AppPaths, endpoint: str, bucket: str, prefix: str, folder: Path
    ) -> SyncState:
        """The state of syncing ``folder`` with ``s3://bucket/prefix`` at ``endpoint``."""
        place = f"{endpoint}\n{bucket}\n{prefix}\n{folder.resolve()}"
        name = hashlib.sha256(place.encode("utf-8", "surrogateescape")).hexdigest()[:24]
        return cls(paths.data_dir / "sync-state" / f"{name}.sqlite")

    def recall(self, keys: Iterable[str]) -> None:
        """Read what is kept for ``keys`` (one folder's) in a query per ``RECALL_BATCH``,
        for the ``lookup``s that follow; it replaces what the last ``recall`` read. A query
        per path cost the event loop more than the rest of the path's compare."""
        self._recalled, self._asked = {}, {_stored(key) for key in keys}
        wanted = list(self._asked)
        for start in range(0, len(wanted), RECALL_BATCH):
            batch = wanted[start : start + RECALL_BATCH]
            marks = ",".join("?" * len(batch))  # the keys go as parameters, never as text
            rows = self._db.execute(
                f"SELECT key, size, mtime_ns, etag FROM paths WHERE key IN ({marks})", batch
            )
            # The columns' types are the ones written: rows are kept as SQLite gives them.
            self._recalled.update({row[0]: row[1:] for row in rows})

    def lookup(self, key: str) -> Remembered | None:
        kept = self._kept(key)
        return Remembered(*kept) if kept is not None else None

    def unchanged(self, key: str, size: int, mtime_ns: int, etag: str, remote_size: int) -> bool:
        """The file and the object are as the last sync left them."""
        kept = self._kept(key)
        return (
            kept is not None
            and kept[0] == size == remote_size
            and kept[1] == mtime_ns
            and bool(etag)
            and kept[2] == etag
        )

    def _kept(self, key: str) -> tuple[int, int, str] | None:
        stored = _stored(key)
        if stored in self._asked:
            self._asked.discard(stored)
            return self._recalled.pop(stored, None)
        row = self._db.execute(
            "SELECT size, mtime_ns, etag FROM paths WHERE key = ?", (stored,)
        ).fetchone()
        return (int(row[0]), int(row[1]), str(row[2])) if row else None

    def remember(self, key: str, size: int, mtime_ns: int, etag: str) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO paths (key, size, mtime_ns, etag) VALUES (?, ?, ?, ?)",
            (_stored(key), size, mtime_ns, etag.strip('"')),
        )
        self._written()

    def forget(self, key: str) -> None:
        self._db.execute("DELETE FROM paths WHERE key = ?", (_stored(key),))
        self._written()

    def _written(self) -> None:
        self._pending += 1
        if self._pending >= COMMIT_EVERY:
            self.commit()

    def commit(self) -> None:
        self._db.commit()
        self._pending = 0

    def close(self) -> None:
        self.commit()
        self._db.close()


def _stored(key: str) -> str:
    if key.isascii():  # most keys, and nothing to replace in them
        return key
    # Keys are UTF-8; a name that is not never syncs, but its lookup must not fail.
    return key.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
