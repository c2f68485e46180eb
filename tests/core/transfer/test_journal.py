"""The upload journal: readable after a crash at any moment, and it notices a changed file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from core.paths import AppPaths
from core.transfer.journal import (
    ConfirmedPart,
    FileIdentity,
    JournalHeader,
    JournalStore,
    UploadJournal,
)


def _header(file_path: Path, upload_id: str = "upload-1") -> JournalHeader:
    return JournalHeader(
        endpoint="http://127.0.0.1:1",
        bucket="bucket",
        key="dump.sql",
        upload_id=upload_id,
        file=FileIdentity.of(file_path),
        part_size=5 * 1024 * 1024,
        part_count=3,
        checksum="crc32",
    )


def _part(number: int) -> ConfirmedPart:
    return ConfirmedPart(number, f"etag{number}", f"crc{number}", 100 + number, f"md5{number}")


def test_keeps_confirmed_parts_across_a_reload(app_paths: AppPaths, tmp_path: Path) -> None:
    source = tmp_path / "dump.sql"
    source.write_bytes(b"x" * 3000)
    store = JournalStore.default(app_paths)
    journal = store.create(_header(source))
    journal.record_part(_part(1))
    journal.record_part(_part(3))

    again = store.find("http://127.0.0.1:1", "bucket", "dump.sql", source)
    assert again is not None
    assert again.header == journal.header
    assert sorted(again.parts) == [1, 3]
    assert again.parts[3] == _part(3)
    assert again.confirmed_bytes == 101 + 103
    assert journal.path.parent == app_paths.data_dir / "uploads"
    assert store.by_upload_id("upload-1") is not None
    assert [item.header.upload_id for item in store.all()] == ["upload-1"]


def test_a_torn_last_line_loses_only_that_part(app_paths: AppPaths, tmp_path: Path) -> None:
    source = tmp_path / "dump.sql"
    source.write_bytes(b"x")
    journal = JournalStore.default(app_paths).create(_header(source))
    journal.record_part(_part(1))
    with journal.path.open("ab") as stream:
        stream.write(b'{"type": "part", "number": 2, "et')
    loaded = UploadJournal.load(journal.path)
    assert loaded is not None
    assert sorted(loaded.parts) == [1]


def test_an_unreadable_header_means_no_journal(tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonl"
    path.write_text("{not json\n")
    assert UploadJournal.load(path) is None
    assert UploadJournal.load(tmp_path / "missing.jsonl") is None


_WRITER = """
import sys
from pathlib import Path
from core.transfer.journal import ConfirmedPart, UploadJournal
journal = UploadJournal.load(Path(sys.argv[1]))
number = 1
while True:
    journal.record_part(ConfirmedPart(number, "e" * 32, "c", number, "m" * 32))
    number += 1
"""


def test_survives_kill_minus_nine_while_appending(app_paths: AppPaths, tmp_path: Path) -> None:
    source = tmp_path / "dump.sql"
    source.write_bytes(b"x")
    journal = JournalStore.default(app_paths).create(_header(source))
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(journal.path)],
        cwd=Path(__file__).resolve().parents[3],
    )
    try:
        deadline = time.monotonic() + 30
        while journal.path.stat().st_size < 20_000 and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
    loaded = UploadJournal.load(journal.path)
    assert loaded is not None
    assert len(loaded.parts) > 50
    assert sorted(loaded.parts) == list(range(1, len(loaded.parts) + 1))


def test_notices_a_changed_file(tmp_path: Path) -> None:
    source = tmp_path / "dump.sql"
    source.write_bytes(b"a" * 4096)
    before = FileIdentity.of(source)
    assert FileIdentity.of(source).changes_since(before) == []

    source.write_bytes(b"b" * 4096)
    os.utime(source, ns=(before.mtime_ns, before.mtime_ns))
    assert FileIdentity.of(source).changes_since(before) == [
        "it was changed (its change time moved)",
        "its content is different",
    ]

    source.write_bytes(b"a" * 5000)
    changes = FileIdentity.of(source).changes_since(before)
    assert changes[0] == "its size went from 4.0 KiB to 4.9 KiB"
    assert "it was modified" in changes
