"""The upload flow: its review is the calls the engine makes, fresh or resumed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from core.errors import OperationCancelled
from core.events import Event
from core.flows.context import FlowContext
from core.flows.shape import render_plan
from core.flows.upload import UploadFlow, UploadInputs
from core.ledger import Ledger
from core.paths import AppPaths
from core.transfer import (
    ChecksumChoice,
    JournalStore,
    PartState,
    PartStateChanged,
    TransferEvent,
    UploadControl,
    UploadOptions,
)
from core.transfer.planner import MIB
from tests.fixtures.plans import account_changes, assert_review_is_what_was_done, commands
from tests.fixtures.s3servers import S3Server

PART = 5 * MIB
KEY = "dumps/dump.bin"
DEFAULT_CHECKSUM = UploadOptions().checksum


def _file(tmp_path: Path, size: int) -> Path:
    path = tmp_path / "dump.bin"
    path.write_bytes(os.urandom(size))
    return path


def _inputs(source: Path, bucket: str, checksum: ChecksumChoice = DEFAULT_CHECKSUM) -> UploadInputs:
    # One part at a time: the parts go in the order the review lists them.
    options = UploadOptions(part_size=PART, threshold=PART, concurrency=1, checksum=checksum)
    return UploadInputs(source, bucket, KEY, options)


def _flow(
    source: Path,
    bucket: str,
    app_paths: AppPaths,
    checksum: ChecksumChoice = DEFAULT_CHECKSUM,
) -> UploadFlow:
    return UploadFlow(_inputs(source, bucket, checksum), journals=JournalStore.default(app_paths))


def _ctx(s3_server: S3Server, app_paths: AppPaths) -> FlowContext:
    return FlowContext(s3_server.door(), Ledger(app_paths.ledger_file), wizard="upload")


@pytest.mark.parametrize("checksum", list(ChecksumChoice))
async def test_the_review_is_the_create_each_part_and_the_complete(
    s3_server: S3Server,
    s3_bucket: str,
    app_paths: AppPaths,
    tmp_path: Path,
    checksum: ChecksumChoice,
) -> None:
    flow = _flow(_file(tmp_path, 2 * PART + 12345), s3_bucket, app_paths, checksum=checksum)
    ctx = _ctx(s3_server, app_paths)
    assert flow.problems() == {}
    reviewed = commands(render_plan(ctx.door, flow.plan()))

    result = await flow.run(ctx)

    assert result.verified
    assert len(reviewed) == 5  # create, three parts, complete
    assert_review_is_what_was_done(reviewed, account_changes(ctx.door))
    assert reviewed[1].startswith("dd if=")  # each part is cut from the file first


async def test_a_small_file_is_reviewed_and_sent_as_one_put(
    s3_server: S3Server, s3_bucket: str, app_paths: AppPaths, tmp_path: Path
) -> None:
    flow = _flow(_file(tmp_path, PART - 1), s3_bucket, app_paths)
    ctx = _ctx(s3_server, app_paths)
    (reviewed,) = commands(render_plan(ctx.door, flow.plan()))

    await flow.run(ctx)

    assert reviewed.startswith("aws s3api put-object")
    assert_review_is_what_was_done([reviewed], account_changes(ctx.door))


async def test_a_resumed_upload_skips_the_create_and_the_parts_already_on_s3(
    s3_server: S3Server, s3_bucket: str, app_paths: AppPaths, tmp_path: Path
) -> None:
    source = _file(tmp_path, 2 * PART + 12345)
    control = UploadControl()

    def stop_after_part_one(event: Event | TransferEvent, /) -> None:
        if isinstance(event, PartStateChanged) and event.state is PartState.CONFIRMED:
            control.cancel()  # without abort: the part stays for a resume

    first = UploadFlow(
        _inputs(source, s3_bucket),
        journals=JournalStore.default(app_paths),
        control=control,
        transfer_sink=stop_after_part_one,
    )
    ctx = _ctx(s3_server, app_paths)
    with pytest.raises(OperationCancelled):
        await first.run(ctx)
    again = _flow(source, s3_bucket, app_paths)
    planned = again.plan()
    assert planned[0].when.startswith("Unless an earlier upload of this file is resumed")
    reviewed = commands(render_plan(ctx.door, planned))
    calls_before = len(ctx.door.records)

    result = await again.run(ctx)

    assert result.verified
    assert result.resumed_parts == 1
    # Explicitly: no create (resumed) and no part 1 (on S3 already); parts 2, 3, complete.
    assert_review_is_what_was_done(reviewed[2:], account_changes(ctx.door, calls_before))


def test_problems_name_the_file_bucket_key_and_part_size(tmp_path: Path) -> None:
    missing = UploadFlow(UploadInputs(tmp_path / "nothing.bin", "Bad_Bucket", "/"))
    assert set(missing.problems()) == {"file", "bucket", "key"}

    small_parts = UploadOptions(part_size=MIB)
    flow = UploadFlow(UploadInputs(_file(tmp_path, 10), "dumps", "dump.bin", small_parts))
    assert set(flow.problems()) == {"part_size"}


@pytest.mark.parametrize("size", [PART - 1, PART + 1], ids=["one-put", "multipart"])
async def test_a_chosen_storage_class_is_reviewed_and_given_to_the_object(
    sandbox_s3_server: S3Server, app_paths: AppPaths, tmp_path: Path, size: int
) -> None:
    bucket = sandbox_s3_server.new_bucket()
    # One part at a time: the parts go in the order the review lists them.
    options = UploadOptions(
        part_size=PART, threshold=PART, concurrency=1, storage_class="DEEP_ARCHIVE"
    )
    flow = UploadFlow(
        UploadInputs(_file(tmp_path, size), bucket, KEY, options),
        journals=JournalStore.default(app_paths),
    )
    ctx = _ctx(sandbox_s3_server, app_paths)
    reviewed = commands(render_plan(ctx.door, flow.plan()))

    result = await flow.run(ctx)

    assert result.verified
    assert "--storage-class DEEP_ARCHIVE" in reviewed[0]
    assert_review_is_what_was_done(reviewed, account_changes(ctx.door))
    head = ctx.door.client("s3").head_object(Bucket=bucket, Key=KEY)
    assert head["StorageClass"] == "DEEP_ARCHIVE"


def test_a_storage_class_the_app_does_not_offer_is_refused(tmp_path: Path) -> None:
    options = UploadOptions(storage_class="SNOW")
    flow = UploadFlow(
        UploadInputs(_file(tmp_path, 10), "dumps", KEY, options),
        journals=JournalStore(tmp_path / "journals"),
    )
    assert flow.problems() == {
        "storage_class": "'SNOW' is not an S3 storage class this app offers. Choose one of "
        "STANDARD, INTELLIGENT_TIERING, STANDARD_IA, ONEZONE_IA, GLACIER_IR, GLACIER, "
        "DEEP_ARCHIVE."
    }
