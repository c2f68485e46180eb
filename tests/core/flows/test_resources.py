"""ResourcesFlow: the teardown's review is the deleting calls made, in dependency order;
the listing shows each resource's live status."""

from __future__ import annotations

from core.credentials import InMemoryStore
from core.flows.context import FlowContext
from core.flows.migration_task import MigrationType, TaskSpec, create_task, monitor_task
from core.flows.resources import ResourcesFlow, ResourcesInputs, list_resources
from core.flows.shape import render_plan
from core.flows.table_mapping import TableMapping
from core.flows.teardown import _DELETERS, TeardownOptions
from core.flows.teardown_calls import DELETABLE_KINDS
from core.ledger import EntryState, LedgerEntry, ResourceKind
from tests.fixtures.chain import build_all
from tests.fixtures.plans import account_changes, assert_review_is_what_was_done, commands


async def _build_with_running_task(ctx: FlowContext, store: InMemoryStore) -> None:
    built = await build_all(ctx, store)
    spec = TaskSpec(
        "books-cdc",
        built.instance.arn,
        built.source.arn,
        built.target.arn,
        TableMapping.include_all("books"),
        migration_type=MigrationType.FULL_LOAD_AND_CDC,
    )
    task = await create_task(spec, ctx, start=True)
    await monitor_task(ctx, task.arn, until=lambda snap: snap.status == "running")


async def test_the_teardown_review_is_the_calls_made_in_order(sandbox_ctx: FlowContext) -> None:
    store = InMemoryStore()
    await _build_with_running_task(sandbox_ctx, store)
    options = TeardownOptions(include_iam_roles=True, final_snapshot=True)
    flow = await ResourcesFlow.for_connection(sandbox_ctx, options, store=store)
    assert flow.problems() == {}
    planned = flow.plan()
    reviewed = commands(render_plan(sandbox_ctx.door, planned))
    before = len(sandbox_ctx.door.records)

    summary = await flow.run(sandbox_ctx)

    assert summary.complete, summary.lines()
    assert len(summary.deleted) == len(flow.inputs.entries) == 11
    # Explicitly: the chain's roles hold one managed policy each and no inline one.
    inline = [n for n, each in enumerate(planned) if each.when.startswith("Once for each inline")]
    assert len(inline) == 2
    expected = [command for n, command in enumerate(reviewed) if n not in inline]
    assert_review_is_what_was_done(expected, account_changes(sandbox_ctx.door, before))
    assert reviewed[0].startswith("aws dms stop-replication-task")  # the task was running
    assert planned[0].when == "Only if the task is running:"


async def test_a_stopped_chain_skips_the_stop_and_keeps_the_roles(
    sandbox_ctx: FlowContext,
) -> None:
    store = InMemoryStore()
    await build_all(sandbox_ctx, store)
    flow = await ResourcesFlow.for_connection(sandbox_ctx, store=store)
    reviewed = commands(render_plan(sandbox_ctx.door, flow.plan()))
    before = len(sandbox_ctx.door.records)

    summary = await flow.run(sandbox_ctx)

    assert {item.entry.kind for item in summary.skipped} == {ResourceKind.IAM_ROLE}
    assert not any("iam" in command.split()[1] for command in reviewed)
    assert_review_is_what_was_done(reviewed, account_changes(sandbox_ctx.door, before))
    listed = await list_resources(sandbox_ctx, include_deleted=True)
    statuses = {item.entry.kind: item.status for item in listed}
    assert statuses[ResourceKind.RDS_INSTANCE] == "deleted"
    assert statuses[ResourceKind.IAM_ROLE] == "unknown"  # the app does not ask IAM


async def test_the_listing_shows_the_live_status(sandbox_ctx: FlowContext) -> None:
    await build_all(sandbox_ctx, InMemoryStore())

    listed = await list_resources(sandbox_ctx)

    statuses = {item.entry.resource_id: item.status for item in listed}
    assert statuses["books-db"] == "available"
    assert len(listed) == 10


def test_a_pending_entry_is_planned_only_if_aws_made_it() -> None:
    group = LedgerEntry(
        ResourceKind.DB_SUBNET_GROUP, "books-db-subnets", "us-east-1", "sandbox", "test"
    )
    pending = LedgerEntry(
        ResourceKind.SECURITY_GROUP,
        "books-db-mysql",
        "us-east-1",
        "sandbox",
        "test",
        state=EntryState.CREATING,
    )
    kept = LedgerEntry(ResourceKind.S3_OBJECT, "dumps/a.bin", "us-east-1", "sandbox", "test")

    first, second = ResourcesFlow(ResourcesInputs((pending, kept, group))).plan()

    assert first.call.name == "delete_db_subnet_group"
    assert second.when == "Only if AWS made books-db-mysql."


def test_every_kind_the_plan_knows_has_a_deleter() -> None:
    assert set(_DELETERS) == set(DELETABLE_KINDS)
