"""The record beside a ranged download's partial file: which object it is (ETag, size, range
size) and each range that arrived with its CRC, one JSON line per range, so a rerun after a
cancel or kill -9 fetches only the ranges that are missing.

A range is recorded only after its bytes were fsync'd to the partial file, and the record is
flushed line by line: after kill -9 every recorded range is in the file. A rerun still
re-reads each recorded range and compares its CRC with the bytes as they are now; a range
that differs (the partial file was changed meanwhile) is fetched again.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from core.transfer import format_size
from core.transfer.checksums import ChecksumChoice, digest_range

__all__ = [
    "KeptRange",
    "RangeRecord",
    "kept_note",
    "kept_ranges",
    "range_checksum",
    "remove_download",
    "remove_leftovers",
]

VERSION = 1
LEFTOVERS_NAMED = 5  # leftover files named in the note; the rest counted


@dataclass(frozen=True)
class KeptRange:
    offset: int
    length: int
    crc: str  # base64, as S3 writes a CRC


def range_checksum(choice: ChecksumChoice) -> ChecksumChoice:
    """The CRC each range is recorded with: the object's own (so the ranges combine into it),
    CRC32 for an object S3 verifies otherwise (MD5 ETag) or not at all."""
    return choice if choice.full_object else ChecksumChoice.CRC32


def _header(etag: str, size: int, range_size: int, choice: ChecksumChoice) -> dict[str, Any]:
    return {
        "version": VERSION,
        "etag": etag,
        "size": size,
        "range_size": range_size,
        "crc": range_checksum(choice).value,
    }


def _read(record: Path) -> tuple[dict[str, Any], list[KeptRange]]:
    """The header and the ranges of a record; a torn last line (kill -9 mid-write) is left out."""
    lines = record.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0]) if lines else {}
    ranges = []
    for line in lines[1:]:
        try:
            entry = json.loads(line)
            ranges.append(KeptRange(int(entry["offset"]), int(entry["length"]), str(entry["crc"])))
        except (ValueError, KeyError, TypeError):
            break
    return header if isinstance(header, dict) else {}, ranges


def kept_ranges(
    partial: Path,
    record: Path,
    *,
    etag: str,
    size: int,
    choice: ChecksumChoice,
    threads: int,
) -> tuple[int, list[KeptRange]]:
    """The range size and the recorded ranges whose bytes in ``partial`` still give their CRC,
    when both files are of this object (its ``etag`` and ``size``); ``(0, [])`` when there is
    nothing to carry on from."""
    if not (partial.is_file() and record.is_file()) or partial.stat().st_size != size:
        return 0, []
    try:
        header, recorded = _read(record)
    except (OSError, ValueError):
        return 0, []
    range_size = header.get("range_size")
    if not isinstance(range_size, int) or range_size <= 0:
        return 0, []
    if header != _header(etag, size, range_size, choice):
        return 0, []
    crc = range_checksum(choice)
    fits = {
        entry.offset: entry
        for entry in recorded
        if entry.offset % range_size == 0
        and entry.length == min(range_size, size - entry.offset)
        and 0 <= entry.offset < size
    }

    def still_there(entry: KeptRange) -> bool:
        return digest_range(partial, entry.offset, entry.length, crc).checksum == entry.crc

    with ThreadPoolExecutor(threads, thread_name_prefix="verify") as pool:
        same = list(pool.map(still_there, fits.values()))
    return range_size, [entry for entry, ok in zip(fits.values(), same, strict=True) if ok]


class RangeRecord:
    """Appends a line per range that arrived; safe from the range threads."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self._lock = threading.Lock()

    @classmethod
    def start(
        cls, record: Path, *, etag: str, size: int, range_size: int, choice: ChecksumChoice
    ) -> RangeRecord:
        """A new record (any old one replaced), before the first range is asked for."""
        stream = record.open("w", encoding="utf-8")
        stream.write(json.dumps(_header(etag, size, range_size, choice)) + "\n")
        stream.flush()
        return cls(stream)

    @classmethod
    def carry_on(cls, record: Path, kept: Iterable[KeptRange]) -> RangeRecord:
        """The record rewritten with the header and only the ranges kept (a range that failed
        its check is no longer claimed), then appended to."""
        header, _ = _read(record)
        stream = record.open("w", encoding="utf-8")
        stream.write(json.dumps(header) + "\n")
        for entry in kept:
            stream.write(_line(entry))
        stream.flush()
        return cls(stream)

    def add(self, entry: KeptRange) -> None:
        """Call only after the range's bytes were fsync'd to the partial file."""
        with self._lock:
            self._stream.write(_line(entry))
            self._stream.flush()

    def close(self) -> None:
        self._stream.close()


def _line(entry: KeptRange) -> str:
    return json.dumps({"offset": entry.offset, "length": entry.length, "crc": entry.crc}) + "\n"


def remove_download(*paths: Path) -> int:
    """Delete an unfinished download's files; the bytes they held."""
    freed = 0
    for path in paths:
        try:
            freed += path.stat().st_size
            path.unlink()
        except FileNotFoundError:
            continue
    return freed


def remove_leftovers(leftovers: Sequence[tuple[str, Path]]) -> str:
    """Delete the partial files and records (shown name, path) of downloads a finished sync
    did not carry on: no download will use them, and hidden files must not keep taking
    disk. The note that says so ('' when there were none)."""
    if not leftovers:
        return ""
    freed = remove_download(*(path for _, path in leftovers))
    names = ", ".join(name for name, _ in leftovers[:LEFTOVERS_NAMED])
    more = len(leftovers) - LEFTOVERS_NAMED
    return (
        f"Removed {len(leftovers)} file(s) left by interrupted downloads that this sync did "
        f"not carry on ({format_size(freed)}): {names}{f' and {more} more' if more > 0 else ''}."
    )


def kept_note(name: str, kept: int) -> str:
    return (
        f"{name}: carried on from an interrupted download; {format_size(kept)} already "
        "here were checked and not fetched again."
    )
