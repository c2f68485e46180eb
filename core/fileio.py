"""Crash-safe file writes: a reader sees the old content or the new, never half of one; and a
lock that keeps two processes (the window and its upload worker) from interleaving a
read-change-write of the same file."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

if sys.platform == "win32":
    import msvcrt
else:
    import fcntl

__all__ = ["atomic_write_json", "atomic_write_text", "locked", "read_json"]


def atomic_write_text(path: Path, text: str) -> None:
    """Write to a temporary file beside ``path``, fsync it, then rename over ``path``.

    rename() is atomic on POSIX and Windows; the directory fsync makes the rename itself
    survive a power loss.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    if hasattr(os, "O_DIRECTORY"):
        directory = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


def atomic_write_json(path: Path, data: Any) -> None:
    atomic_write_text(path, json.dumps(data, indent=2, sort_keys=True) + "\n")


def read_json(path: Path, default: Any) -> Any:
    """The JSON in ``path``, or ``default`` when the file does not exist yet."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return default


_in_process: dict[Path, threading.Lock] = {}
_in_process_guard = threading.Lock()


def _lock_file(handle: BinaryIO) -> None:
    if sys.platform == "win32":
        handle.seek(0)
        # LK_LOCK retries for ~10 s, then raises: no writer holds the ledger that long.
        msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
    else:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)


def _unlock_file(handle: BinaryIO) -> None:
    if sys.platform == "win32":
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the lock file beside ``path`` (``.NAME.lock``) for a read-change-write: other
    threads wait on a lock of this process, other processes on the OS's lock of the file,
    which goes with the process if it dies (kill -9 leaves nothing to clean up)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with _in_process_guard:
        thread_lock = _in_process.setdefault(path, threading.Lock())
    with thread_lock, open(path.parent / f".{path.name}.lock", "a+b") as handle:
        _lock_file(handle)
        try:
            yield
        finally:
            _unlock_file(handle)
