"""Folder sync against the Sandbox and SeaweedFS: round trips, what a second sync does,
the checksum compare, deletes, rules, symlinks, and one failing file among many."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from core.events import Event, Progress
from core.flows.context import FlowContext
from core.flows.folder_sync import FolderSyncFlow, FolderSyncInputs, FolderSyncResult
from core.flows.shape import render_plan
from core.ledger import Ledger
from core.paths import AppPaths
from core.sync.events import InFlight, ItemDone, ItemStarted, SyncEvent
from core.sync.items import Action, CompareMode, Direction, Reason, SyncItem
from core.sync.local import default_scandir
from core.sync.meter import FILES_STEP, SYNC_STEP
from core.sync.rules import FilterRule
from core.transfer import TransferEvent
from core.transfer.planner import DEFAULT_THRESHOLD
from tests.fixtures.faults import inject_error
from tests.fixtures.folders import TREE, build_tree, read_tree, shared_s3
from tests.fixtures.held_answers import hold_answer
from tests.fixtures.plans import account_changes, commands, matches
from tests.fixtures.s3servers import S3Server


class Outcomes:
    """The ItemDone events of a run, by path."""

    def __init__(self) -> None:
        self.done: list[ItemDone] = []

    def __call__(self, event: Event | TransferEvent | SyncEvent, /) -> None:
        if isinstance(event, ItemDone):
            self.done.append(event)

    def actions(self, action: Action) -> set[str]:
        return {d.item.rel for d in self.done if d.item.action is action and not d.error}

    def item(self, rel: str) -> SyncItem:
        return next(d.item for d in self.done if d.item.rel == rel)


@dataclass
class Place:
    """Where one test syncs: a server, a bucket shared by the tests, a prefix of its own,
    and one door for all its syncs (a door's client takes a while to build)."""

    server: S3Server
    bucket: str
    prefix: str
    ctx: FlowContext
    client: Any
    paths: AppPaths | None

    async def sync(
        self, folder: Path, direction: Direction = Direction.UP, **options: Any
    ) -> tuple[FolderSyncResult, Outcomes]:
        outcomes = Outcomes()
        scandir = options.pop("scandir", default_scandir)
        paths = options.pop("paths", self.paths)
        inputs = FolderSyncInputs(folder, self.bucket, self.prefix, direction, **options)
        flow = FolderSyncFlow(inputs, sync_sink=outcomes, scandir=scandir, paths=paths)
        assert flow.problems() == {}
        return await flow.run(self.ctx), outcomes

    def keys(self) -> set[str]:
        listed = self.client.list_objects_v2(Bucket=self.bucket, Prefix=self.prefix)
        return {item["Key"] for item in listed.get("Contents", [])}


def _place(server: S3Server, app_paths: AppPaths) -> Place:
    shared = shared_s3(server)
    ledger = Ledger(app_paths.ledger_file)
    ctx = FlowContext(shared.door(server.door().connection), ledger, wizard="folder-sync")
    prefix = f"t-{uuid.uuid4().hex[:8]}"
    return Place(server, shared.bucket, prefix, ctx, shared.client, app_paths)


@pytest.fixture
def place(s3_server: S3Server, app_paths: AppPaths) -> Place:
    return _place(s3_server, app_paths)


@pytest.fixture
def sandbox_place(sandbox_s3_server: S3Server, app_paths: AppPaths) -> Place:
    return _place(sandbox_s3_server, app_paths)


async def test_up_then_down_gives_the_same_tree_byte_for_byte_with_times(
    place: Place, tmp_path: Path
) -> None:
    files = {**TREE, "large/big.bin": os.urandom(DEFAULT_THRESHOLD + 1234)}
    source = build_tree(tmp_path / "source", files)
    up, sent = await place.sync(source)
    assert up.failed == 0
    assert up.uploaded == len(files)
    assert sent.actions(Action.UPLOAD) == set(files)

    copy = tmp_path / "copy"
    down, _ = await place.sync(copy, Direction.DOWN)

    assert down.downloaded == len(files)
    assert read_tree(copy) == read_tree(source)
    assert not list(copy.rglob("*.sync-part"))
    # The large file came in two ranges, each only while the object's ETag held.
    ranges = [r.cli for r in place.ctx.door.records if "--range bytes=" in r.cli]
    assert len(ranges) == 2
    assert all("large/big.bin" in cli and "--if-match" in cli for cli in ranges)


@pytest.mark.parametrize("kept", [True, False], ids=["state-kept", "no-state"])
async def test_a_second_sync_either_way_transfers_nothing(
    place: Place, tmp_path: Path, kept: bool
) -> None:
    paths = place.paths if kept else None
    source = build_tree(tmp_path / "source")
    await place.sync(source, paths=paths)
    copy = tmp_path / "copy"
    await place.sync(copy, Direction.DOWN, paths=paths)
    calls_before = len(place.ctx.door.records)

    again_up, up_outcomes = await place.sync(source, paths=paths)
    again_down, _ = await place.sync(copy, Direction.DOWN, paths=paths)

    for result in (again_up, again_down):
        assert (result.uploaded, result.downloaded, result.bytes) == (0, 0, 0)
        assert result.skipped == len(TREE)
    assert up_outcomes.item("readme.txt").reason is Reason.UNCHANGED
    made = {record.operation for record in place.ctx.door.records[calls_before:]}
    # With the state kept, nothing is asked of an unchanged file: the listings say it all.
    read = {"get_bucket_versioning", "list_objects_v2"}
    assert made == read if kept else made == {*read, "head_object"}


async def test_a_change_keeping_size_and_time_is_found_by_the_checksum_compare_only(
    place: Place, tmp_path: Path
) -> None:
    source = build_tree(tmp_path / "source")
    await place.sync(source)
    changed = source / "readme.txt"
    stat = changed.stat()
    changed.write_bytes(b"HELLO\n")
    os.utime(changed, ns=(stat.st_atime_ns, stat.st_mtime_ns))

    by_time, time_outcomes = await place.sync(source, dry_run=True)
    by_content, content_outcomes = await place.sync(source, compare=CompareMode.CHECKSUM)

    assert by_time.uploaded == 0
    assert time_outcomes.item("readme.txt").reason is Reason.UNCHANGED
    assert content_outcomes.actions(Action.UPLOAD) == {"readme.txt"}
    assert content_outcomes.item("readme.txt").reason is Reason.CONTENT_DIFFERS
    assert by_content.skipped == len(TREE) - 1
    key = f"{place.prefix}/readme.txt"
    body = place.client.get_object(Bucket=place.bucket, Key=key)["Body"]
    assert body.read() == b"HELLO\n"


async def test_delete_dry_run_lists_exactly_the_extra_objects_and_deletes_nothing(
    place: Place, tmp_path: Path
) -> None:
    source = build_tree(tmp_path / "source")
    await place.sync(source)
    client = place.client
    extra = {f"{place.prefix}/old.txt", f"{place.prefix}/gone/deep/x.bin"}
    beside = f"{place.prefix}-beside/not-ours.txt"  # the prefix is a folder, not a string
    for key in (*extra, beside):
        client.put_object(Bucket=place.bucket, Key=key, Body=b"extra")

    result, outcomes = await place.sync(source, delete=True, dry_run=True)

    deletes = {done.item.key for done in outcomes.done if done.item.action is Action.DELETE}
    assert deletes == extra
    assert (result.deleted, result.dry_run) == (len(extra), True)
    assert extra <= place.keys()

    done, _ = await place.sync(source, delete=True)
    assert done.deleted == len(extra)
    assert not extra & place.keys()
    assert client.head_object(Bucket=place.bucket, Key=beside)


class CountingScandir:
    def __init__(self) -> None:
        self.read: list[Path] = []

    def __call__(self, path: Path) -> AbstractContextManager[Iterator[os.DirEntry[str]]]:
        self.read.append(path)
        return os.scandir(path)


async def test_rules_apply_in_order_and_an_excluded_folder_is_never_read(
    sandbox_place: Place, tmp_path: Path
) -> None:
    source = build_tree(tmp_path / "source")
    (source / "photos" / "keep.tmp").write_bytes(b"inside an excluded folder")
    (source / "scratch.tmp").write_bytes(b"brought back by rule 3")
    (source / "other.tmp").write_bytes(b"left out by rule 2")
    rules = (
        FilterRule("photos/"),
        FilterRule("*.tmp"),
        FilterRule("scratch.tmp", include=True),
        FilterRule("a/b/"),
    )
    scandir = CountingScandir()

    result, outcomes = await sandbox_place.sync(source, rules=rules, scandir=scandir)

    assert source / "photos" not in scandir.read
    assert source / "a" / "b" not in scandir.read
    assert source / "a" in scandir.read
    photos = outcomes.item("photos/")
    assert photos.reason is Reason.EXCLUDED
    assert "rule 1, --exclude 'photos/'" in photos.detail
    assert "scratch.tmp" in outcomes.actions(Action.UPLOAD)
    assert "rule 2, --exclude '*.tmp'" in outcomes.item("other.tmp").detail
    assert outcomes.item("a/b/").detail.startswith("Left out by rule 4")
    assert result.failed == 0


async def test_symlinks_are_skipped_with_a_note_or_followed_once_through_a_loop(
    sandbox_place: Place, tmp_path: Path
) -> None:
    source = build_tree(tmp_path / "source", {"real/file.txt": b"x"})
    (source / "real" / "loop").symlink_to(source)
    (source / "alias.txt").symlink_to(source / "real" / "file.txt")
    (source / "hollow").mkdir()

    skipped, plain = await sandbox_place.sync(source, dry_run=True)
    followed, outcomes = await sandbox_place.sync(source, follow_symlinks=True)

    assert plain.item("alias.txt").reason is Reason.SYMLINK
    assert plain.item("hollow/").reason is Reason.EMPTY_FOLDER
    assert skipped.uploaded == 1
    assert outcomes.actions(Action.UPLOAD) == {"real/file.txt", "alias.txt"}
    assert outcomes.item("real/loop/").reason is Reason.SYMLINK_LOOP
    assert followed.failed == 0


async def test_a_failing_file_is_recorded_and_the_others_go_on(
    sandbox_place: Place, tmp_path: Path
) -> None:
    source = build_tree(tmp_path / "source")
    door = sandbox_place.ctx.door
    inject_error(door, "s3", "PutObject", "AccessDenied", "Access Denied", status=403, times=1)

    result, _ = await sandbox_place.sync(source)

    assert result.failed == 1
    assert result.uploaded == len(TREE) - 1
    failure = result.failures[0]
    assert "Access Denied" in failure.error
    assert failure.item.rel in TREE


async def test_each_transfer_starts_before_it_is_done_and_a_large_one_reports_its_bytes(
    sandbox_place: Place, tmp_path: Path
) -> None:
    size = DEFAULT_THRESHOLD + 1234  # two parts: the first one's answer is held back
    source = build_tree(tmp_path / "source", {**TREE, "large/big.bin": os.urandom(size)})
    heard: list[SyncEvent] = []
    midway = asyncio.Event()

    def sink(event: Event | TransferEvent | SyncEvent, /) -> None:
        if isinstance(event, ItemStarted | ItemDone | InFlight):
            heard.append(event)
        if isinstance(event, InFlight) and any(0 < f.done < f.size for f in event.files):
            midway.set()

    inputs = FolderSyncInputs(source, sandbox_place.bucket, sandbox_place.prefix, concurrency=1)
    flow = FolderSyncFlow(inputs, sync_sink=sink)
    held = hold_answer(sandbox_place.ctx.door, "s3", "UploadPart")
    running = asyncio.ensure_future(flow.run(sandbox_place.ctx))
    try:
        await asyncio.wait_for(midway.wait(), timeout=30)
    finally:
        held.release()
    result = await running

    assert result.uploaded == len(TREE) + 1
    order = [(type(e).__name__, e.item.rel) for e in heard if not isinstance(e, InFlight)]
    for rel in [*TREE, "large/big.bin"]:
        assert order.count(("ItemStarted", rel)) == 1
        assert order.index(("ItemStarted", rel)) < order.index(("ItemDone", rel))
    ticks = [e for e in heard if isinstance(e, InFlight)]
    large = {(f.rel, f.size) for tick in ticks for f in tick.files}
    assert large == {("large/big.bin", size)}  # small files are not reported one by one
    assert ticks[-1].files == ()  # the view hears that nothing large is under way any more


def test_bad_inputs_are_named_before_any_call(tmp_path: Path) -> None:
    inputs = FolderSyncInputs(
        tmp_path / "missing", "No_Such", rules=(FilterRule("[oops"),), concurrency=0
    )
    assert set(FolderSyncFlow(inputs).problems()) == {"folder", "bucket", "rules", "concurrency"}


async def test_every_bucket_change_the_run_made_is_a_line_of_the_review(
    sandbox_place: Place, tmp_path: Path
) -> None:
    files = {"small.txt": b"small", "big.bin": os.urandom(DEFAULT_THRESHOLD)}
    source = build_tree(tmp_path / "source", files)
    sandbox_place.client.put_object(
        Bucket=sandbox_place.bucket, Key=f"{sandbox_place.prefix}/extra.txt", Body=b"x"
    )
    inputs = FolderSyncInputs(source, sandbox_place.bucket, sandbox_place.prefix, delete=True)
    flow = FolderSyncFlow(inputs)
    door = sandbox_place.ctx.door
    reviewed = commands(render_plan(door, flow.plan()))

    result = await flow.run(sandbox_place.ctx)

    assert (result.uploaded, result.deleted, result.failed) == (2, 1, 0)
    # A large file's parts and complete are the upload engine's (its own review test).
    engine = ("s3api upload-part ", "s3api complete-multipart-upload ")
    made = [cli for cli in account_changes(door) if not any(name in cli for name in engine)]
    assert len(made) == 3  # the small file's PUT, the large one's create, the delete
    for cli in made:
        assert any(matches(line, cli) for line in reviewed), f"not in the review: {cli}"


async def test_a_download_with_delete_removes_only_the_files_s3_lacks(
    sandbox_place: Place, tmp_path: Path
) -> None:
    source = build_tree(tmp_path / "source", {"kept.txt": b"kept", "sub/also.txt": b"also"})
    await sandbox_place.sync(source)
    copy = build_tree(tmp_path / "copy", {"extra.txt": b"only here", "sub/more.txt": b"m"})

    result, outcomes = await sandbox_place.sync(copy, Direction.DOWN, delete=True)

    assert outcomes.actions(Action.DELETE) == {"extra.txt", "sub/more.txt"}
    assert (result.downloaded, result.deleted) == (2, 2)
    assert set(read_tree(copy)) == {"kept.txt", "sub/also.txt"}


async def test_names_a_side_cannot_hold_are_reported_before_anything_moves(
    sandbox_place: Place, tmp_path: Path
) -> None:
    long = "/".join(["d" * 150] * 6) + "/" + "f" * 120  # a key over S3's 1,024 bytes
    source = build_tree(tmp_path / "source", {"fine.txt": b"ok", long: b"too long a key"})
    up, outcomes = await sandbox_place.sync(source)
    assert (up.uploaded, up.failed) == (1, 1)
    assert outcomes.item(long).reason is Reason.NAME_NOT_ALLOWED

    for key in ("../escape.txt", "a//b.txt", "dup", "dup/inner.txt", "ok.txt"):
        sandbox_place.client.put_object(
            Bucket=sandbox_place.bucket, Key=f"{sandbox_place.prefix}/{key}", Body=b"x"
        )
    copy = tmp_path / "copy"
    down, fetched = await sandbox_place.sync(copy, Direction.DOWN)

    refused = {done.item.rel for done in fetched.done if done.item.reason.is_failure}
    assert refused == {"../", "a/", "dup"}
    assert not (tmp_path / "escape.txt").exists()
    assert set(read_tree(copy)) == {"fine.txt", "ok.txt", "dup/inner.txt"}
    assert down.failed == 3


async def test_left_out_paths_are_not_counted_so_the_sync_ends_at_its_totals(
    place: Place, tmp_path: Path
) -> None:
    files = {"keep.txt": b"k" * 100, "big-left-out.bin": b"x" * 50_000, "also.txt": b"a" * 10}
    source = build_tree(tmp_path / "source", files)
    seen: list[object] = []
    flow = FolderSyncFlow(
        FolderSyncInputs(source, place.bucket, place.prefix), sync_sink=seen.append
    )
    plan = await flow.preview(place.ctx)

    await flow.run(place.ctx, plan, frozenset({"big-left-out.bin"}))

    last = {e.step: e for e in seen if isinstance(e, Progress)}
    assert (last[FILES_STEP].done, last[FILES_STEP].total) == (2, 2)
    assert (last[SYNC_STEP].done, last[SYNC_STEP].total) == (110, 110)
