"""A large download interrupted (kill -9 of ``migration-assistant sync``, or Cancel) carries
on at the next sync: only the ranges that had not arrived are asked for again, a kept range
whose bytes changed on disk is fetched again, and an object replaced meanwhile starts over.
Against the Sandbox's S3 (moto server), ranges patched small so the objects stay a few MiB."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from core.aws import AwsDoor, CallState
from core.errors import OperationCancelled
from core.events import Note, Progress, RecordingSink
from core.flows.context import FlowContext
from core.flows.folder_sync import FolderSyncFlow, FolderSyncInputs, FolderSyncResult
from core.ledger import Ledger
from core.paths import HOME_ENV, AppPaths
from core.sync import ranged
from core.sync.events import ItemDone
from core.sync.items import Action, Direction, Reason, SyncItem
from core.sync.meter import SYNC_STEP, SyncMeter
from core.sync.names import partial_path, record_path
from core.sync.plan import PlanCounts
from tests.fixtures.clock import FakeClock
from tests.fixtures.faults import inject_error
from tests.fixtures.folders import shared_s3
from tests.fixtures.held_ranges import hold_ranges_after, recorded_ranges
from tests.fixtures.s3servers import S3Server

ROOT = Path(__file__).resolve().parents[3]
RANGE = 256 * 1024
SIZE = 12 * RANGE + 1234  # 13 ranges, the last one short
HELD = 5  # ranges that arrive before the interruption
ALL_RANGES = set(range(0, SIZE, RANGE))


@dataclass
class Place:
    """One test's prefix in the shared bucket, the object ``big.bin`` there, and a folder."""

    server: S3Server
    bucket: str
    prefix: str
    folder: Path
    paths: AppPaths
    client: Any

    @property
    def target(self) -> Path:
        return self.folder / "big.bin"

    def put(self, data: bytes, checksum: str = "CRC64NVME") -> None:
        """``checksum``: the object's full-object CRC; 'MD5' for none (its ETag is the MD5)."""
        key = f"{self.prefix}/big.bin"
        if checksum == "MD5":
            self.client.put_object(Bucket=self.bucket, Key=key, Body=data)
        else:
            self.client.put_object(
                Bucket=self.bucket, Key=key, Body=data, ChecksumAlgorithm=checksum
            )

    def flow(self, sink: Any = None) -> FolderSyncFlow:
        inputs = FolderSyncInputs(self.folder, self.bucket, self.prefix, Direction.DOWN)
        return FolderSyncFlow(inputs, sync_sink=sink, paths=self.paths)

    def ctx(self, sink: RecordingSink | None = None) -> FlowContext:
        """A new door each time (its call records are this sync's only); the run's waits
        before a retry pass on a fake clock."""
        door = shared_s3(self.server).door(self.server.door().connection)
        ledger = Ledger(self.paths.ledger_file)
        sink = sink or RecordingSink()
        return FlowContext(door, ledger, sink=sink, clock=FakeClock(), wizard="folder-sync")

    async def sync(self) -> tuple[FolderSyncResult, set[int], list[ItemDone], RecordingSink]:
        """A sync down; what it did, the offsets of the ranges it asked for, its events."""
        done: list[ItemDone] = []
        sink = RecordingSink()

        def outcome(event: Any, /) -> None:
            if isinstance(event, ItemDone):
                done.append(event)
            else:
                sink(event)

        ctx = self.ctx(sink)
        result = await self.flow(outcome).run(ctx)
        return result, ranges_asked(ctx.door), done, sink


def ranges_asked(door: AwsDoor) -> set[int]:
    """The offsets of the ranged GETs S3 answered (each once: none was fetched twice)."""
    offsets = []
    for record in door.records:
        found = re.search(r"--range '?bytes=(\d+)-(\d+)", record.cli)
        if found and record.state is CallState.SUCCEEDED:
            offsets.append(int(found.group(1)))
    assert len(offsets) == len(set(offsets)), "a range was fetched twice"
    return set(offsets)


@pytest.fixture
def place(
    sandbox_s3_server: S3Server,
    app_paths: AppPaths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Place:
    monkeypatch.setattr(ranged, "RANGE_SIZE", RANGE)
    shared = shared_s3(sandbox_s3_server)
    prefix = f"t-{uuid.uuid4().hex[:8]}"
    return Place(
        sandbox_s3_server, shared.bucket, prefix, tmp_path / "copy", app_paths, shared.client
    )


async def _cancelled_after_some_ranges(place: Place, monkeypatch: pytest.MonkeyPatch) -> set[int]:
    """A sync down cancelled (as Cancel does) once HELD ranges arrived; their offsets."""
    held = hold_ranges_after(HELD, monkeypatch.setattr)
    flow = place.flow()
    running = asyncio.ensure_future(flow.run(place.ctx()))
    recorded = asyncio.ensure_future(asyncio.to_thread(held.recorded.wait, 30))
    await asyncio.wait([running, recorded], return_when=asyncio.FIRST_COMPLETED)
    assert not running.done(), running.result()  # it raises what stopped the sync early
    assert await recorded
    flow.control.cancel()
    held.release()
    with pytest.raises(OperationCancelled):
        await running
    monkeypatch.undo()
    monkeypatch.setattr(ranged, "RANGE_SIZE", RANGE)
    assert not place.target.exists()
    assert partial_path(place.target).stat().st_size == SIZE
    kept = recorded_ranges(record_path(place.target))
    assert len(kept) == HELD
    return kept


def _wait_for_ranges(record: Path, count: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if len(recorded_ranges(record)) >= count:
            return
        time.sleep(0.02)
    raise AssertionError(f"no record with {count} ranges; exit code {process.poll()}")


def _killed_after_some_ranges(place: Place, errors: Path) -> set[int]:
    """``migration-assistant sync s3://... DIR`` killed with SIGKILL once HELD ranges are in
    its record; their offsets."""
    record = record_path(place.target)
    command = [sys.executable, "-m", "tests.fixtures.held_ranges", str(RANGE), str(HELD)]
    command += ["sync", f"s3://{place.bucket}/{place.prefix}", str(place.folder)]
    command += ["--endpoint-url", place.server.endpoint_url, "--region", "us-east-1"]
    env = {**place.server.env(), HOME_ENV: os.environ[HOME_ENV], "PYTHONPATH": str(ROOT)}
    with errors.open("wb") as stderr:
        first = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr
        )
        try:
            _wait_for_ranges(record, HELD, first)
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=30)
    assert first.returncode == -signal.SIGKILL, errors.read_text()
    assert not place.target.exists()
    return recorded_ranges(record)


async def test_a_rerun_after_kill_9_asks_only_for_the_ranges_that_had_not_arrived(
    place: Place, tmp_path: Path
) -> None:
    data = os.urandom(SIZE)
    place.put(data)
    arrived = await asyncio.to_thread(_killed_after_some_ranges, place, tmp_path / "first.err")
    assert len(arrived) == HELD

    result, asked, done, sink = await place.sync()

    assert place.target.read_bytes() == data
    assert asked == ALL_RANGES - arrived
    assert (result.downloaded, result.failed) == (1, 0)
    assert done[-1].kept == HELD * RANGE
    assert result.bytes == SIZE - HELD * RANGE
    progress = [event for event in sink.events if isinstance(event, Progress)]
    assert [event.done for event in progress if event.step == SYNC_STEP][-1] == SIZE
    assert any(
        "carried on from an interrupted download" in event.text for event in sink.of_type(Note)
    )
    assert not partial_path(place.target).exists()
    assert not record_path(place.target).exists()


@pytest.mark.parametrize("checksum", ["CRC64NVME", "CRC32", "MD5"])
async def test_a_kept_range_changed_on_disk_is_fetched_again_and_the_file_is_right(
    place: Place, monkeypatch: pytest.MonkeyPatch, checksum: str
) -> None:
    data = os.urandom(SIZE)
    place.put(data, checksum)
    kept = await _cancelled_after_some_ranges(place, monkeypatch)
    spoiled = sorted(kept)[1]
    with partial_path(place.target).open("r+b") as partial:
        partial.seek(spoiled + 100)
        partial.write(bytes(b ^ 0xFF for b in data[spoiled + 100 : spoiled + 116]))

    result, asked, done, _ = await place.sync()

    assert place.target.read_bytes() == data
    assert asked == (ALL_RANGES - kept) | {spoiled}
    assert done[-1].kept == (HELD - 1) * RANGE
    assert (result.downloaded, result.failed) == (1, 0)


async def test_an_object_replaced_since_the_interruption_is_downloaded_from_the_start(
    place: Place, monkeypatch: pytest.MonkeyPatch
) -> None:
    place.put(os.urandom(SIZE))
    await _cancelled_after_some_ranges(place, monkeypatch)
    newer = os.urandom(SIZE)  # the same size: only the ETag tells it apart
    place.put(newer)

    result, asked, done, _ = await place.sync()

    assert place.target.read_bytes() == newer
    assert asked == ALL_RANGES
    assert done[-1].kept == 0
    assert (result.downloaded, result.failed) == (1, 0)
    assert not record_path(place.target).exists()


async def test_a_finished_sync_removes_leftovers_of_downloads_it_did_not_carry_on(
    place: Place,
) -> None:
    place.put(b"small now")
    place.folder.mkdir()
    gone = place.folder / "gone.bin"
    partial_path(gone).write_bytes(b"x" * 1000)
    record_path(gone).write_text("{}\n", encoding="utf-8")

    result, _, done, sink = await place.sync()

    assert place.target.read_bytes() == b"small now"
    assert sorted(path.name for path in place.folder.iterdir()) == ["big.bin"]
    assert {item.item.rel for item in done if item.item.reason == "unfinished download"} == {
        ".gone.bin.sync-part",
        ".gone.bin.sync-ranges",
    }
    said = [
        event.text for event in sink.of_type(Note) if event.text.startswith("Removed 2 file(s)")
    ]
    assert said and ".gone.bin.sync-part" in said[0]
    assert result.uploaded == 0


async def test_an_object_replaced_during_the_download_fails_it_and_leaves_nothing_behind(
    place: Place, monkeypatch: pytest.MonkeyPatch
) -> None:
    place.put(os.urandom(SIZE))
    held = hold_ranges_after(HELD, monkeypatch.setattr)
    running = asyncio.ensure_future(place.sync())
    assert await asyncio.to_thread(held.recorded.wait, 30)
    newer = os.urandom(SIZE)
    place.put(newer)  # the held ranges ask for the old ETag (If-Match): S3 refuses them
    held.release()

    result, _, done, _ = await running

    assert (result.downloaded, result.failed) == (0, 1)
    assert "was replaced in S3 while it was downloaded" in done[-1].error
    assert sorted(path.name for path in place.folder.iterdir()) == []
    monkeypatch.undo()
    monkeypatch.setattr(ranged, "RANGE_SIZE", RANGE)
    again, asked, _, _ = await place.sync()
    assert place.target.read_bytes() == newer
    assert (again.downloaded, asked) == (1, ALL_RANGES)


async def _failing_after_some_ranges(
    place: Place, code: str, **fault: Any
) -> tuple[bytes, FlowContext, FolderSyncResult, list[int]]:
    """A sync down whose ranged GETs answer ``code`` once HELD went through: the object's
    bytes, the sync's context and result, and the failures injected."""
    data = os.urandom(SIZE)
    place.put(data)
    ctx = place.ctx()
    failures = inject_error(ctx.door, "s3", "GetObject", code, "Injected.", after=HELD, **fault)
    return data, ctx, await place.flow().run(ctx), failures


async def test_a_download_cut_off_by_an_expired_session_keeps_what_arrived_for_the_next_sync(
    place: Place,
) -> None:
    # A refusal fails the file at once (a passing 500 or an outage would be tried again).
    data, _, cut, failures = await _failing_after_some_ranges(place, "ExpiredToken")

    assert (cut.downloaded, cut.failed) == (0, 1)
    assert 1 <= len(failures) <= 4  # no range was asked for after the first failure
    arrived = recorded_ranges(record_path(place.target))
    assert len(arrived) == HELD
    _, asked, done, _ = await place.sync()
    assert place.target.read_bytes() == data
    assert asked == ALL_RANGES - arrived
    assert done[-1].kept == HELD * RANGE


def test_bytes_kept_count_as_done_but_not_in_the_rate_so_the_eta_stays_right() -> None:
    events: list[Any] = []
    counts = PlanCounts()
    counts.add(SyncItem(Action.DOWNLOAD, Reason.NEW, "big.bin", "big.bin", size=1000))
    meter = SyncMeter(events.append, counts)
    meter.started -= 10  # ten seconds in
    meter.resumed(600)  # an interrupted download had brought these
    meter.counted(100)  # and these arrived in those ten seconds

    meter.emit()

    progress = next(e for e in events if isinstance(e, Progress) and e.step == SYNC_STEP)
    assert (progress.done, progress.total) == (700, 1000)
    assert progress.rate is not None and progress.eta_seconds is not None
    assert progress.rate <= 10.0  # 100 bytes in ten seconds, not 700
    assert progress.eta_seconds == pytest.approx(300 / progress.rate)


async def test_a_range_failing_once_is_retried_by_the_run_carrying_on_from_the_others(
    place: Place,
) -> None:
    data, ctx, result, failures = await _failing_after_some_ranges(
        place, "InternalError", status=500, times=1
    )

    assert (result.downloaded, result.failed, len(failures)) == (1, 0, 1)
    assert place.target.read_bytes() == data
    assert ranges_asked(ctx.door) == ALL_RANGES  # the retry asked only for the missing ones
