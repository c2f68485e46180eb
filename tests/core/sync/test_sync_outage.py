"""Patience in a folder sync: files in flight when the network goes down are tried again
by themselves ("waiting for the network" meanwhile) and arrive in the same run; a refusal
still fails its file at once. Through the TCP proxy of facts/fault-injection.md."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from core.aws import S3, aws_call
from core.events import Event, StatusChanged
from core.flows.context import FlowContext
from core.flows.folder_sync import FolderSyncFlow, FolderSyncInputs
from core.ledger import Ledger
from core.paths import AppPaths
from core.sync.events import ItemDone, ItemStarted, SyncEvent
from core.transfer import TransferEvent, UploadControl
from core.transfer.events import UploadState
from tests.fixtures.faults import inject_error
from tests.fixtures.folders import build_tree, read_tree
from tests.fixtures.outage_proxy import OutageProxy
from tests.fixtures.s3servers import S3Server

OUTAGE_SECONDS = 4.0  # longer than botocore's own retries last (facts/fault-injection.md)
FILES = {f"site/page-{number:02d}.html": os.urandom(2000 + number) for number in range(40)}


class _Seen:
    """The run's events; the first file done starts the outage."""

    def __init__(self, on_first_done: Any = None) -> None:
        self.events: list[Event | TransferEvent | SyncEvent] = []
        self.on_first_done = on_first_done

    def __call__(self, event: Event | TransferEvent | SyncEvent, /) -> None:
        self.events.append(event)
        if isinstance(event, ItemDone) and self.on_first_done is not None:
            start, self.on_first_done = self.on_first_done, None
            start()

    def statuses(self) -> list[str]:
        return [e.status for e in self.events if isinstance(e, StatusChanged)]


def _outage_after_the_first_file(
    outage_proxy: tuple[OutageProxy, S3Server], tmp_path: Path
) -> tuple[FolderSyncInputs, _Seen]:
    """A sync of FILES to a new bucket through the proxy, whose first file done starts an
    outage of OUTAGE_SECONDS."""
    proxy, through_proxy = outage_proxy
    source = build_tree(tmp_path / "source", FILES)
    inputs = FolderSyncInputs(source, through_proxy.new_bucket(), "copy", concurrency=3)
    return inputs, _Seen(lambda: proxy.outage(OUTAGE_SECONDS))


def _ctx(server: S3Server, app_paths: AppPaths) -> FlowContext:
    door = server.door()
    door.run_sync(aws_call(S3.list_buckets))  # the window has heard from the endpoint
    return FlowContext(door, Ledger(app_paths.ledger_file), wizard="folder-sync")


async def test_files_in_flight_during_an_outage_arrive_in_the_same_run(
    outage_proxy: tuple[OutageProxy, S3Server], app_paths: AppPaths, tmp_path: Path
) -> None:
    proxy, through_proxy = outage_proxy
    inputs, seen = _outage_after_the_first_file(outage_proxy, tmp_path)
    bucket = inputs.bucket

    result = await FolderSyncFlow(inputs, sync_sink=seen).run(_ctx(through_proxy, app_paths))

    assert (result.uploaded, result.failed) == (len(FILES), 0)
    assert proxy.outages, "the outage happened during the run"
    statuses = seen.statuses()
    waiting = statuses.index(UploadState.WAITING_FOR_NETWORK.value)
    assert UploadState.RUNNING.value in statuses[waiting + 1 :]
    meaning = next(
        e.meaning
        for e in seen.events
        if isinstance(e, StatusChanged) and e.status == UploadState.WAITING_FOR_NETWORK.value
    )
    assert "files are tried again" in meaning and "Retrying in" in meaning
    started = [e.item.rel for e in seen.events if isinstance(e, ItemStarted)]
    assert sorted(started) == sorted(FILES)  # once each, also the files tried again
    copy = tmp_path / "copy"
    down = await FolderSyncFlow(
        FolderSyncInputs(copy, bucket, "copy", direction=inputs.direction.DOWN)
    ).run(_ctx(through_proxy, app_paths))
    assert down.failed == 0
    assert {rel: data for rel, (data, _) in read_tree(copy).items()} == FILES


async def test_a_refusal_is_not_waited_out_and_fails_each_file_once(
    seaweedfs_server: S3Server, app_paths: AppPaths, tmp_path: Path
) -> None:
    bucket = seaweedfs_server.new_bucket()
    source = build_tree(tmp_path / "source", dict(list(FILES.items())[:5]))
    ctx = _ctx(seaweedfs_server, app_paths)
    refused = inject_error(ctx.door, "s3", "PutObject", "AccessDenied", "Access Denied", status=403)
    seen = _Seen()

    result = await FolderSyncFlow(FolderSyncInputs(source, bucket), sync_sink=seen).run(ctx)

    assert (result.uploaded, result.failed) == (0, 5)
    assert len(refused) == 5  # one try each: waiting cannot fix a refusal
    assert UploadState.WAITING_FOR_NETWORK.value not in seen.statuses()
    assert all("denied" in failure.error.lower() for failure in result.failures)


async def test_downloads_cut_off_by_an_outage_arrive_whole_in_the_same_run(
    outage_proxy: tuple[OutageProxy, S3Server],
    seaweedfs_server: S3Server,
    app_paths: AppPaths,
    tmp_path: Path,
) -> None:
    proxy, through_proxy = outage_proxy
    bucket = through_proxy.new_bucket()
    files = {f"media/clip-{number:02d}.bin": os.urandom(300_000) for number in range(12)}
    source = build_tree(tmp_path / "source", files)
    up = FolderSyncInputs(source, bucket, "media-copy", concurrency=4)
    assert (await FolderSyncFlow(up).run(_ctx(seaweedfs_server, app_paths))).failed == 0
    seen = _Seen(lambda: proxy.outage(OUTAGE_SECONDS))
    copy = tmp_path / "copy"
    down = FolderSyncInputs(copy, bucket, "media-copy", direction=up.direction.DOWN)

    result = await FolderSyncFlow(down, sync_sink=seen).run(_ctx(through_proxy, app_paths))

    assert (result.downloaded, result.failed) == (len(files), 0)
    assert UploadState.WAITING_FOR_NETWORK.value in seen.statuses()
    assert {rel: data for rel, (data, _) in read_tree(copy).items()} == files


async def test_a_pause_while_files_wait_for_the_network_holds_them_until_resumed(
    outage_proxy: tuple[OutageProxy, S3Server], app_paths: AppPaths, tmp_path: Path
) -> None:
    _, through_proxy = outage_proxy
    inputs, seen = _outage_after_the_first_file(outage_proxy, tmp_path)
    control = UploadControl()

    pressed: list[bool] = []

    def steer(event: Event | TransferEvent | SyncEvent, /) -> None:
        seen(event)
        status = event.status if isinstance(event, StatusChanged) else None
        if status == UploadState.WAITING_FOR_NETWORK.value and not pressed:
            # Pressed once while the files wait: the wait the pause interrupts says
            # "waiting" again after Resume, and a second press then might find no wait
            # left to hold it (the outage over), leaving the run paused for good.
            pressed.append(True)
            control.pause()
        elif status == UploadState.PAUSED.value:
            control.resume()

    flow = FolderSyncFlow(inputs, control=control, sync_sink=steer)
    result = await flow.run(_ctx(through_proxy, app_paths))

    assert (result.uploaded, result.failed) == (len(FILES), 0)
    said = [e for e in seen.events if isinstance(e, StatusChanged)]
    paused = next(e for e in said if e.status == UploadState.PAUSED.value)
    assert "Files done so far stay done" in paused.meaning  # a sync's words, not parts'
