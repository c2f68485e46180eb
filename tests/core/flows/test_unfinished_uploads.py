"""UnfinishedUploadsFlow: the review is the aborts and the lifecycle rule the run sends."""

from __future__ import annotations

from typing import Any

from core.flows.context import FlowContext
from core.flows.shape import render_plan
from core.flows.unfinished_uploads import (
    AbortChoice,
    AbortedUpload,
    UnfinishedUploadsFlow,
    UnfinishedUploadsInputs,
)
from core.ledger import Ledger
from core.paths import AppPaths
from core.transfer.journal import JournalStore
from core.transfer.unfinished_uploads import ABORT_RULE_ID
from tests.core.transfer.helpers import incomplete_uploads
from tests.fixtures.plans import account_changes, assert_review_is_what_was_done, commands, matches
from tests.fixtures.s3servers import S3Server


def _begin(client: Any, bucket: str, key: str) -> str:
    upload_id: str = client.create_multipart_upload(Bucket=bucket, Key=key)["UploadId"]
    client.upload_part(Bucket=bucket, Key=key, UploadId=upload_id, PartNumber=1, Body=b"x" * 10)
    return upload_id


def _flow(inputs: UnfinishedUploadsInputs, app_paths: AppPaths) -> UnfinishedUploadsFlow:
    return UnfinishedUploadsFlow(inputs, journals=JournalStore.default(app_paths))


def _ctx(s3_server: S3Server, app_paths: AppPaths) -> FlowContext:
    return FlowContext(s3_server.door(), Ledger(app_paths.ledger_file), wizard="uploads")


async def test_the_review_is_the_aborts_made(
    s3_server: S3Server, s3_bucket: str, app_paths: AppPaths
) -> None:
    client = s3_server.client()
    chosen = _begin(client, s3_bucket, "a.bin")
    _begin(client, s3_bucket, "a.bin")  # another of a.bin: not chosen, so it stays
    every = {_begin(client, s3_bucket, "b.bin"), _begin(client, s3_bucket, "b.bin")}
    ctx = _ctx(s3_server, app_paths)
    listed = _flow(UnfinishedUploadsInputs(s3_bucket), app_paths)
    [picked] = [upload for upload in await listed.listing(ctx) if upload.upload_id == chosen]
    inputs = UnfinishedUploadsInputs(
        s3_bucket, abort=(AbortChoice.of(picked), AbortChoice("b.bin"))
    )
    flow = _flow(inputs, app_paths)
    assert flow.problems() == {}
    one, each_of_b = commands(render_plan(ctx.door, flow.plan()))
    before = len(ctx.door.records)

    result = await flow.run(ctx)

    made = account_changes(ctx.door, before)
    assert_review_is_what_was_done([one], made[:1])
    # A key chosen whole: its one reviewed line, once for each upload the listing found.
    assert len(made) == 3
    assert all(matches(each_of_b, call) for call in made[1:])
    assert result.aborted[0] == AbortedUpload("a.bin", chosen)
    assert {aborted.upload_id for aborted in result.aborted[1:]} == every
    assert [item["Key"] for item in incomplete_uploads(client, s3_bucket)] == ["a.bin"]


async def test_the_review_is_the_rule_sent(s3_server: S3Server, app_paths: AppPaths) -> None:
    bucket = s3_server.new_bucket()
    ctx = _ctx(s3_server, app_paths)
    flow = _flow(UnfinishedUploadsInputs(bucket, rule_days=4), app_paths)
    reviewed = commands(render_plan(ctx.door, flow.plan()))
    before = len(ctx.door.records)

    result = await flow.run(ctx)

    assert_review_is_what_was_done(reviewed, account_changes(ctx.door, before))
    assert result.rule is not None
    assert result.rule["AbortIncompleteMultipartUpload"] == {"DaysAfterInitiation": 4}


async def test_other_rules_are_sent_before_the_reviewed_one(
    sandbox_s3_server: S3Server, app_paths: AppPaths
) -> None:
    bucket = sandbox_s3_server.new_bucket()
    expire = {"ID": "expire-logs", "Status": "Enabled", "Filter": {"Prefix": "logs/"}}
    sandbox_s3_server.client().put_bucket_lifecycle_configuration(
        Bucket=bucket, LifecycleConfiguration={"Rules": [{**expire, "Expiration": {"Days": 30}}]}
    )
    ctx = _ctx(sandbox_s3_server, app_paths)
    flow = _flow(UnfinishedUploadsInputs(bucket, rule_days=7), app_paths)
    [planned] = flow.plan()
    assert planned.when.startswith("The bucket's other lifecycle rules, if any, are kept")
    before = len(ctx.door.records)

    await flow.run(ctx)

    [made] = [record for record in ctx.door.records[before:] if record.operation.startswith("put_")]
    shown = planned.call.params["LifecycleConfiguration"]["Rules"]
    assert [rule["ID"] for rule in shown] == [ABORT_RULE_ID]
    assert '"ID":"expire-logs"' in made.cli
    assert made.cli.index('"ID":"expire-logs"') < made.cli.index(f'"ID":"{ABORT_RULE_ID}"')


def test_problems_name_the_bucket_the_key_and_the_days(app_paths: AppPaths) -> None:
    inputs = UnfinishedUploadsInputs("Bad_Bucket", abort=(AbortChoice("/"),), rule_days=0)
    assert set(_flow(inputs, app_paths).problems()) == {"bucket", "abort", "days"}
    fine = UnfinishedUploadsInputs("dumps", abort=(AbortChoice("a.bin", "id-1"),), rule_days=7)
    assert _flow(fine, app_paths).problems() == {}
