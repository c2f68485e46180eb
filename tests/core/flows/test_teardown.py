"""Teardown: everything in the ledger goes, dependents first, and the Sandbox lists none."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from core.aws import DMS, EC2, IAM, RDS, AwsDoor
from core.credentials import InMemoryStore, database_password_name
from core.errors import NotFound
from core.flows.context import FlowContext
from core.flows.live_status import describe_entry
from core.flows.migration_task import MigrationType, TaskSpec, create_task, monitor_task
from core.flows.table_mapping import TableMapping
from core.flows.teardown import TeardownOptions, teardown
from core.ledger import ResourceKind
from tests.fixtures.chain import build_all
from tests.fixtures.faults import inject_error


async def _listed(door: AwsDoor, operation: Callable[[], Mapping[str, Any]], key: str) -> list[Any]:
    try:
        return list((await door.call(operation)).get(key, []))
    except NotFound:
        return []


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


async def test_removes_everything_in_order_and_the_sandbox_lists_none(
    sandbox_ctx: FlowContext,
) -> None:
    store = InMemoryStore()
    await _build_with_running_task(sandbox_ctx, store)
    statuses = {
        entry.kind: await describe_entry(sandbox_ctx, entry)
        for entry in sandbox_ctx.ledger.entries("sandbox")
    }
    assert statuses[ResourceKind.REPLICATION_TASK] == "running"
    assert statuses[ResourceKind.RDS_INSTANCE] == "available"

    summary = await teardown(sandbox_ctx, TeardownOptions(), store)

    assert summary.complete, summary.lines()
    assert [item.entry.kind for item in summary.deleted] == [
        ResourceKind.REPLICATION_TASK,
        ResourceKind.DMS_ENDPOINT,
        ResourceKind.DMS_ENDPOINT,
        ResourceKind.REPLICATION_INSTANCE,
        ResourceKind.REPLICATION_SUBNET_GROUP,
        ResourceKind.RDS_INSTANCE,
        ResourceKind.DB_SUBNET_GROUP,
        ResourceKind.SECURITY_GROUP_RULE,
        ResourceKind.SECURITY_GROUP,
    ]
    assert summary.deleted[0].message == "stopped and deleted."
    assert {item.entry.resource_id for item in summary.skipped} == {
        "dms-vpc-role",
        "dms-cloudwatch-logs-role",
    }
    door = sandbox_ctx.door
    assert await _listed(door, DMS.describe_replication_tasks, "ReplicationTasks") == []
    assert await _listed(door, DMS.describe_endpoints, "Endpoints") == []
    assert await _listed(door, DMS.describe_replication_instances, "ReplicationInstances") == []
    assert (
        await _listed(door, DMS.describe_replication_subnet_groups, "ReplicationSubnetGroups") == []
    )
    assert await _listed(door, RDS.describe_db_instances, "DBInstances") == []
    assert await _listed(door, RDS.describe_db_subnet_groups, "DBSubnetGroups") == []
    groups = await _listed(door, EC2.describe_security_groups, "SecurityGroups")
    assert [group["GroupName"] for group in groups] == ["default"]
    assert store.get(database_password_name("sandbox", "books-db")) is None
    remaining = sandbox_ctx.ledger.entries("sandbox")
    assert {entry.kind for entry in remaining} == {ResourceKind.IAM_ROLE}

    roles = await teardown(sandbox_ctx, TeardownOptions(include_iam_roles=True), store)
    assert {item.entry.resource_id for item in roles.deleted} == {
        "dms-vpc-role",
        "dms-cloudwatch-logs-role",
    }
    assert await _listed(door, IAM.list_roles, "Roles") == []
    assert sandbox_ctx.ledger.entries("sandbox") == []
    assert len(sandbox_ctx.ledger.entries("sandbox", include_deleted=True)) == 11


async def test_carries_on_past_a_failure_and_says_why(sandbox_ctx: FlowContext) -> None:
    store = InMemoryStore()
    await build_all(sandbox_ctx, store)
    inject_error(
        sandbox_ctx.door,
        "dms",
        "DeleteEndpoint",
        "AccessDeniedFault",
        "User is not authorized to perform: dms:DeleteEndpoint",
        status=403,
    )

    summary = await teardown(sandbox_ctx, TeardownOptions(final_snapshot=True), store)

    assert not summary.complete
    assert [item.entry.kind for item in summary.failed] == [ResourceKind.DMS_ENDPOINT] * 2
    assert summary.failed[0].message.startswith("AWS denied access to 'dms delete-endpoint'")
    assert any(line.startswith("Could not delete endpoint") for line in summary.lines())
    rds = next(i for i in summary.deleted if i.entry.kind is ResourceKind.RDS_INSTANCE)
    assert "final snapshot books-db-final-" in rds.message
    left = {entry.kind for entry in sandbox_ctx.ledger.entries("sandbox")}
    assert left == {ResourceKind.DMS_ENDPOINT, ResourceKind.IAM_ROLE}
