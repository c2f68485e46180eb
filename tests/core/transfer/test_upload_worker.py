"""The upload in a worker process (as the window runs it): the same events, calls and
result reach the caller; errors arrive as ours; a killed caller leaves a resumable upload."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.errors import NotFound
from core.events import Failed
from core.paths import AppPaths
from core.transfer.control import UploadOptions
from core.transfer.events import PartStateChanged, TransferRecordingSink, UploadStarted
from core.transfer.journal import JournalStore
from core.transfer.upload import upload_file
from core.transfer.worker import upload_in_worker
from tests.core.transfer.helpers import PART, downloaded, make_file
from tests.fixtures.s3servers import S3Server

OPTIONS = UploadOptions(part_size=PART, threshold=PART)
ROOT = Path(__file__).resolve().parents[3]


async def test_the_worker_relays_events_calls_and_the_result(
    sandbox_s3_server: S3Server, app_paths: AppPaths, tmp_path: Path
) -> None:
    bucket = sandbox_s3_server.new_bucket()
    source = make_file(tmp_path / "data.bin", 2 * PART + 7)
    door = sandbox_s3_server.door()
    sink = TransferRecordingSink()

    result = await upload_in_worker(
        door,
        source,
        bucket,
        "data.bin",
        OPTIONS,
        sink=sink,
        journals=JournalStore.default(app_paths),
    )

    assert result.verified and result.parts == 3
    assert downloaded(sandbox_s3_server.client(), bucket, "data.bin") == source.read_bytes()
    assert len(sink.of_type(UploadStarted)) == 1
    assert {event.number for event in sink.of_type(PartStateChanged)} == {1, 2, 3}
    shown = [record.cli for record in door.records]
    assert sum("aws s3api upload-part " in cli for cli in shown) == 3
    assert any("complete-multipart-upload" in cli for cli in shown)
    assert len({record.number for record in door.records}) == len(door.records)


async def test_an_error_in_the_worker_reaches_the_caller_as_ours(
    sandbox_s3_server: S3Server, app_paths: AppPaths, tmp_path: Path
) -> None:
    source = make_file(tmp_path / "data.bin", 2 * PART)
    door = sandbox_s3_server.door()
    sink = TransferRecordingSink()

    with pytest.raises(NotFound) as failure:
        await upload_in_worker(
            door,
            source,
            "no-such-bucket-here",
            "data.bin",
            OPTIONS,
            sink=sink,
            journals=JournalStore.default(app_paths),
        )

    assert failure.value.code == "NoSuchBucket"
    assert "bucket does not exist" in failure.value.plain()
    assert [event.error for event in sink.of_type(Failed)] == [failure.value]
    assert any(record.error is not None for record in door.records)


def _children(pid: int) -> list[int]:
    """Linux lists a process's children per thread that started them."""
    tasks = Path(f"/proc/{pid}/task").glob("*/children")
    return [int(child) for task in tasks for child in task.read_text().split()]


def _wait_until_gone(pids: list[int], seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while any(Path(f"/proc/{pid}").exists() for pid in pids):
        assert time.monotonic() < deadline, f"worker processes {pids} still run"
        time.sleep(0.05)


def _kill_window_mid_upload(server: S3Server, bucket: str, source: Path, journals: Path) -> None:
    """Run tests/fixtures/killed_window.py, SIGKILL it once a part is journaled, and wait
    until its worker process has ended too."""
    command = [sys.executable, "-m", "tests.fixtures.killed_window", server.endpoint_url]
    command += [bucket, str(source), str(journals)]
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    with subprocess.Popen(
        command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, text=True
    ) as window:
        assert window.stdout is not None
        assert window.stdout.readline().strip() == "confirmed"
        workers = _children(window.pid)
        os.kill(window.pid, signal.SIGKILL)
    assert workers
    # The worker sees its pipe close, stops as Cancel-and-keep does, and ends.
    _wait_until_gone(workers)


async def test_kill_9_of_the_window_leaves_a_resumable_upload(
    sandbox_s3_server: S3Server, tmp_path: Path
) -> None:
    bucket = sandbox_s3_server.new_bucket()
    source = make_file(tmp_path / "data.bin", 4 * PART)
    journals = tmp_path / "journals"

    await asyncio.to_thread(_kill_window_mid_upload, sandbox_s3_server, bucket, source, journals)

    store = JournalStore(journals)
    (journal,) = store.all()
    assert journal.parts
    result = await upload_file(
        sandbox_s3_server.door(), source, bucket, source.name, journals=store
    )
    assert result.verified and result.resumed_parts >= 1
    held = downloaded(sandbox_s3_server.client(), bucket, source.name)
    assert held == await asyncio.to_thread(source.read_bytes)
