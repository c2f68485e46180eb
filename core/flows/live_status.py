"""The live status of a ledger resource, for the Resources page and ``resources list``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from core.aws import DMS, RDS
from core.errors import NotFound
from core.flows.context import FlowContext
from core.ledger import LedgerEntry, ResourceKind

__all__ = ["describe_entry", "dms_status_reader"]

# The describe operation of each DMS kind (its filter and keys differ, hence Callable[...]).
_DMS_DESCRIBE: dict[ResourceKind, tuple[Callable[..., Mapping[str, Any]], str, str, str]] = {
    ResourceKind.REPLICATION_TASK: (
        DMS.describe_replication_tasks,
        "replication-task-arn",
        "ReplicationTasks",
        "Status",
    ),
    ResourceKind.DMS_ENDPOINT: (DMS.describe_endpoints, "endpoint-arn", "Endpoints", "Status"),
    ResourceKind.REPLICATION_INSTANCE: (
        DMS.describe_replication_instances,
        "replication-instance-arn",
        "ReplicationInstances",
        "ReplicationInstanceStatus",
    ),
}


def dms_status_reader(ctx: FlowContext, entry: LedgerEntry) -> Callable[[], Awaitable[str]]:
    """A describe of the DMS resource by ARN giving its status, 'deleted' once gone."""
    operation, filter_name, key, status_key = _DMS_DESCRIBE[entry.kind]

    async def describe() -> str:
        params: dict[str, Any] = {"Filters": [{"Name": filter_name, "Values": [entry.arn]}]}
        if entry.kind is ResourceKind.REPLICATION_TASK:
            params["WithoutSettings"] = True
        found = (await ctx.door.call(operation, **params)).get(key, [])
        return str(found[0].get(status_key, "")) if found else "deleted"

    return describe


async def describe_entry(ctx: FlowContext, entry: LedgerEntry) -> str:
    """The live status of a ledger resource ('deleted' when AWS no longer has it)."""
    try:
        return await _STATUS.get(entry.kind, _unknown)(ctx, entry)
    except NotFound:
        return "deleted"


async def _unknown(_: FlowContext, __: LedgerEntry) -> str:
    return "unknown"


async def _rds_status(ctx: FlowContext, entry: LedgerEntry) -> str:
    found = await ctx.door.call(RDS.describe_db_instances, DBInstanceIdentifier=entry.resource_id)
    return str(found["DBInstances"][0].get("DBInstanceStatus", ""))


_STATUS: dict[ResourceKind, Callable[[FlowContext, LedgerEntry], Awaitable[str]]] = {
    ResourceKind.RDS_INSTANCE: _rds_status,
    ResourceKind.REPLICATION_TASK: lambda ctx, entry: dms_status_reader(ctx, entry)(),
    ResourceKind.DMS_ENDPOINT: lambda ctx, entry: dms_status_reader(ctx, entry)(),
    ResourceKind.REPLICATION_INSTANCE: lambda ctx, entry: dms_status_reader(ctx, entry)(),
}
