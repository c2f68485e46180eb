"""Settle ledger entries whose create call never answered (a crash, kill -9, a lost reply).

``FlowContext.create`` writes each resource as *creating* before its create call. An entry
still *creating* later means the app stopped before the answer came: AWS may have made the
resource or not. ``reconcile_pending`` asks AWS by the name we asked for: found -> the entry
is confirmed with its real id and ARN; not found -> it is removed, with a note saying so.
Run at start-up, on the Resources page and before every teardown.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from core.aws import EC2, IAM, RDS, S3
from core.errors import MigrationAssistantError, NotFound
from core.flows import input_checks as check
from core.flows.context import Created, FlowContext
from core.flows.vm_import_task import TOKEN_TAG
from core.ledger import LedgerEntry, ResourceKind

if TYPE_CHECKING:
    from mypy_boto3_ec2.type_defs import FilterTypeDef

__all__ = ["find_created", "reconcile_pending"]

Finder = Callable[[FlowContext, LedgerEntry], Awaitable[Created | None]]


def _name(entry: LedgerEntry) -> str:
    # A pending entry's id is the name asked for (a security group's id comes only later).
    return entry.resource_id


async def _rds_instance(ctx: FlowContext, entry: LedgerEntry) -> Created | None:
    found = await ctx.door.call(RDS.describe_db_instances, DBInstanceIdentifier=_name(entry))
    item = found["DBInstances"][0]
    return Created(_name(entry), str(item.get("DBInstanceArn", "")))


async def _db_subnet_group(ctx: FlowContext, entry: LedgerEntry) -> Created | None:
    found = await ctx.door.call(RDS.describe_db_subnet_groups, DBSubnetGroupName=_name(entry))
    item = found["DBSubnetGroups"][0]
    return Created(_name(entry), str(item.get("DBSubnetGroupArn", "")))


async def _security_group(ctx: FlowContext, entry: LedgerEntry) -> Created | None:
    filters: list[FilterTypeDef] = [{"Name": "group-name", "Values": [_name(entry)]}]
    if entry.details.get("vpc_id"):
        filters.append({"Name": "vpc-id", "Values": [entry.details["vpc_id"]]})
    found = await ctx.door.call(EC2.describe_security_groups, Filters=filters)
    groups = found.get("SecurityGroups", [])
    return Created(str(groups[0]["GroupId"])) if groups else None


async def _security_group_rule(ctx: FlowContext, entry: LedgerEntry) -> Created | None:
    details = entry.details
    found = await ctx.door.call(EC2.describe_security_groups, GroupIds=[details["group_id"]])
    port = int(details.get("port", "3306"))
    for group in found.get("SecurityGroups", []):
        for permission in group.get("IpPermissions", []):
            if permission.get("FromPort") != port:
                continue
            cidrs = {item.get("CidrIp") for item in permission.get("IpRanges", [])}
            pairs = {item.get("GroupId") for item in permission.get("UserIdGroupPairs", [])}
            if details.get("cidr") in cidrs or details.get("source_group_id") in pairs:
                return Created(entry.resource_id)
    return None


def _dms(kind: str, arn_key: str) -> Finder:
    async def find(ctx: FlowContext, entry: LedgerEntry) -> Created | None:
        item = await check.dms_lookup(ctx.door, kind, _name(entry))
        return None if item is None else Created(_name(entry), str(item.get(arn_key, "")))

    return find


async def _iam_role(ctx: FlowContext, entry: LedgerEntry) -> Created | None:
    found = await ctx.door.call(IAM.get_role, RoleName=_name(entry))
    return Created(_name(entry), str(found["Role"]["Arn"]))


async def _s3_bucket(ctx: FlowContext, entry: LedgerEntry) -> Created | None:
    await ctx.door.call(S3.head_bucket, Bucket=_name(entry))
    return Created(_name(entry))


def _by_token(token: str, tasks: list[Any], id_key: str) -> Created | None:
    # Found by the tag carrying its client token: import and export tasks have no name.
    for task in tasks:
        tags = {tag.get("Key"): tag.get("Value") for tag in task.get("Tags", [])}
        if tags.get(TOKEN_TAG) == token:
            return Created(str(task[id_key]))
    return None


async def _import_task(ctx: FlowContext, entry: LedgerEntry) -> Created | None:
    found = await ctx.door.call(EC2.describe_import_image_tasks)
    token = entry.details.get("client_token", _name(entry))
    return _by_token(token, list(found.get("ImportImageTasks", [])), "ImportTaskId")


async def _export_task(ctx: FlowContext, entry: LedgerEntry) -> Created | None:
    found = await ctx.door.call(EC2.describe_export_image_tasks)
    token = entry.details.get("client_token", _name(entry))
    return _by_token(token, list(found.get("ExportImageTasks", [])), "ExportImageTaskId")


_FINDERS: dict[ResourceKind, Finder] = {
    ResourceKind.RDS_INSTANCE: _rds_instance,
    ResourceKind.DB_SUBNET_GROUP: _db_subnet_group,
    ResourceKind.SECURITY_GROUP: _security_group,
    ResourceKind.SECURITY_GROUP_RULE: _security_group_rule,
    ResourceKind.REPLICATION_INSTANCE: _dms("replication_instance", "ReplicationInstanceArn"),
    ResourceKind.REPLICATION_SUBNET_GROUP: _dms("subnet_group", "ReplicationSubnetGroupArn"),
    ResourceKind.DMS_ENDPOINT: _dms("endpoint", "EndpointArn"),
    ResourceKind.REPLICATION_TASK: _dms("task", "ReplicationTaskArn"),
    ResourceKind.IAM_ROLE: _iam_role,
    ResourceKind.S3_BUCKET: _s3_bucket,
    ResourceKind.IMPORT_TASK: _import_task,
    ResourceKind.EXPORT_TASK: _export_task,
}


async def find_created(ctx: FlowContext, entry: LedgerEntry) -> Created | None:
    """What AWS has under the pending entry's name; None when it has nothing."""
    try:
        return await _FINDERS[entry.kind](ctx, entry)
    except NotFound:
        return None


async def reconcile_pending(ctx: FlowContext) -> list[str]:
    """Confirm or remove every *creating* entry of this connection; one note each.

    An entry AWS cannot be asked about now (no network, no permission) stays pending and is
    tried again next time: better listed twice than billed and forgotten.
    """
    scope = await ctx.scope()
    notes = []
    for entry in ctx.ledger.pending(scope):
        if entry.region != ctx.region or entry.kind not in _FINDERS:
            continue
        label = f"{entry.kind.value} {_name(entry)}"
        try:
            created = await find_created(ctx, entry)
        except MigrationAssistantError as error:
            notes.append(f"Could not check {label} yet ({error.message}); it stays listed.")
            continue
        if created is None:
            ctx.ledger.forget(entry)
            notes.append(
                f"{label} was being created when the app stopped, and AWS has no such "
                "resource: nothing was made, so it is no longer listed."
            )
        else:
            ctx.confirm(entry, created)
            notes.append(
                f"{label} was being created when the app stopped; AWS has it "
                f"({created.arn or created.resource_id}), so it is listed with its id."
            )
    for note in notes:
        ctx.report.note(note)
    return notes
