"""A sync run without a preview (the command's) does each path as soon as it is decided:
the transfers overlap the rest of the walk, and a failed walk still stops the run."""

from __future__ import annotations

import threading
import uuid
from pathlib import Path
from typing import Any

import pytest

from core.aws.connection import CallKind
from core.errors import MigrationAssistantError
from core.events import Event
from core.flows.context import FlowContext
from core.flows.folder_sync import FolderSyncFlow, FolderSyncInputs
from core.ledger import Ledger
from core.paths import AppPaths
from core.sync.events import ItemDone, SyncEvent
from core.transfer import TransferEvent
from tests.fixtures.faults import inject_error
from tests.fixtures.folders import build_tree, shared_s3
from tests.fixtures.s3servers import S3Server

FILES = {"a/first.txt": b"first", "b/second.txt": b"second"}
CHANGED = b"changed, and longer"


async def _synced_then_changed(
    ctx: FlowContext, bucket: str, prefix: str, tmp_path: Path
) -> FolderSyncInputs:
    """The tree synced once (so S3 has both folders, and each is listed), then changed."""
    source = build_tree(tmp_path / "source", FILES)
    inputs = FolderSyncInputs(source, bucket, prefix)
    await FolderSyncFlow(inputs).run(ctx)
    for rel in FILES:
        (source / rel).write_bytes(CHANGED)
    return inputs


def _context(server: S3Server, app_paths: AppPaths) -> tuple[FlowContext, str]:
    shared = shared_s3(server)
    door = shared.door(server.door().connection)
    return FlowContext(door, Ledger(app_paths.ledger_file), wizard="folder-sync"), shared.bucket


async def test_a_file_is_sent_before_the_walk_has_listed_the_rest(
    sandbox_s3_server: S3Server, app_paths: AppPaths, tmp_path: Path
) -> None:
    ctx, bucket = _context(sandbox_s3_server, app_paths)
    prefix = f"t-{uuid.uuid4().hex[:8]}"
    first_sent = threading.Event()
    waited: list[bool] = []

    def sink(event: Event | TransferEvent | SyncEvent, /) -> None:
        if isinstance(event, ItemDone) and event.item.rel == "a/first.txt":
            first_sent.set()

    def hold_folder_b(params: dict[str, Any], **_: Any) -> None:
        # The listing of b/ waits (in its thread) until a/first.txt is in S3.
        if params.get("query_string", {}).get("prefix") == f"{prefix}/b/":
            waited.append(first_sent.wait(timeout=30))

    inputs = await _synced_then_changed(ctx, bucket, prefix, tmp_path)
    events = ctx.door.client("s3", CallKind.QUICK).meta.events  # the one that lists
    events.register("before-call.s3.ListObjectsV2", hold_folder_b)
    try:
        result = await FolderSyncFlow(inputs, sync_sink=sink).run(ctx)
    finally:
        events.unregister("before-call.s3.ListObjectsV2", hold_folder_b)

    assert waited == [True]  # b/ was listed only after a/first.txt had been sent
    assert (result.uploaded, result.failed) == (2, 0)


async def test_a_walk_that_fails_midway_finishes_what_it_handed_out_then_stops(
    sandbox_s3_server: S3Server, app_paths: AppPaths, tmp_path: Path
) -> None:
    ctx, bucket = _context(sandbox_s3_server, app_paths)
    prefix = f"t-{uuid.uuid4().hex[:8]}"
    inputs = await _synced_then_changed(ctx, bucket, prefix, tmp_path)
    inject_error(
        ctx.door,
        "s3",
        "ListObjectsV2",
        "AccessDenied",
        "Access Denied",
        status=403,
        only=lambda params: params.get("query_string", {}).get("prefix") == f"{prefix}/b/",
        kind=CallKind.QUICK,  # the door's listing client
    )

    with pytest.raises(MigrationAssistantError, match=r"(?i)access denied"):
        await FolderSyncFlow(inputs).run(ctx)

    client = shared_s3(sandbox_s3_server).client
    found = {rel: client.get_object(Bucket=bucket, Key=f"{prefix}/{rel}") for rel in FILES}
    sent = {rel: answer["Body"].read() for rel, answer in found.items()}
    assert sent == {"a/first.txt": CHANGED, "b/second.txt": FILES["b/second.txt"]}
