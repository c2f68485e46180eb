"""The record beside a ranged download's partial file, read back as a rerun reads it: what
a kill -9 can leave (a torn last line) and what must not be carried on from."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from core.sync.resume import KeptRange, RangeRecord, kept_ranges
from core.transfer.checksums import ChecksumChoice, digest_range

RANGE = 4096
SIZE = 5 * RANGE + 100
ETAG = '"0123456789abcdef0123456789abcdef"'


def _recorded(tmp_path: Path, count: int) -> tuple[Path, Path]:
    """A partial file of SIZE bytes whose first ``count`` ranges are recorded."""
    partial, record = tmp_path / ".big.bin.sync-part", tmp_path / ".big.bin.sync-ranges"
    partial.write_bytes(os.urandom(SIZE))
    ledger = RangeRecord.start(
        record, etag=ETAG, size=SIZE, range_size=RANGE, choice=ChecksumChoice.CRC64NVME
    )
    for offset in range(0, count * RANGE, RANGE):
        length = min(RANGE, SIZE - offset)
        crc = digest_range(partial, offset, length, ChecksumChoice.CRC64NVME).checksum
        ledger.add(KeptRange(offset, length, crc))
    ledger.close()
    return partial, record


def _kept(partial: Path, record: Path, etag: str = ETAG, size: int = SIZE) -> list[int]:
    range_size, kept = kept_ranges(
        partial, record, etag=etag, size=size, choice=ChecksumChoice.CRC64NVME, threads=2
    )
    assert range_size in (0, RANGE)
    return [entry.offset for entry in kept]


def test_a_line_torn_by_kill_9_is_left_out_and_the_whole_ones_are_kept(tmp_path: Path) -> None:
    partial, record = _recorded(tmp_path, 3)
    with record.open("a", encoding="utf-8") as stream:
        stream.write('{"offset": 12288, "len')

    assert _kept(partial, record) == [0, RANGE, 2 * RANGE]


def test_the_last_short_range_is_kept_too(tmp_path: Path) -> None:
    partial, record = _recorded(tmp_path, 6)

    assert _kept(partial, record) == [offset * RANGE for offset in range(6)]


@pytest.mark.parametrize(
    "change",
    ["another etag", "another size", "partial resized", "no partial", "header torn"],
)
def test_nothing_is_carried_on_from_files_of_another_object_or_broken_ones(
    tmp_path: Path, change: str
) -> None:
    partial, record = _recorded(tmp_path, 3)
    etag, size = ETAG, SIZE
    if change == "another etag":
        etag = '"fedcba9876543210fedcba9876543210"'
    elif change == "another size":
        size = SIZE + 1
    elif change == "partial resized":
        with partial.open("ab") as stream:
            stream.write(b"x")
    elif change == "no partial":
        partial.unlink()
    else:
        record.write_text('{"version": 1, "et', encoding="utf-8")

    assert _kept(partial, record, etag, size) == []


def test_carrying_on_rewrites_the_record_with_only_the_ranges_kept(tmp_path: Path) -> None:
    partial, record = _recorded(tmp_path, 3)
    with partial.open("r+b") as stream:
        stream.seek(RANGE + 7)
        stream.write(b"changed on disk")
    kept = kept_ranges(
        partial, record, etag=ETAG, size=SIZE, choice=ChecksumChoice.CRC64NVME, threads=2
    )[1]

    RangeRecord.carry_on(record, kept).close()

    assert [entry.offset for entry in kept] == [0, 2 * RANGE]
    assert _kept(partial, record) == [0, 2 * RANGE]
