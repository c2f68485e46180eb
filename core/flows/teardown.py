"""Delete what the app created, dependents first, waiting for each deletion.

``teardown`` works from the ledger for the current connection (scope and region);
``delete_created`` from what one flow run created (cancel-and-delete). Both settle entries
left *creating* by a crash first (``core.flows.pending_creates``), carry on past a failure,
and return a summary of what was deleted and what could not be, in plain words. The
Resources page and ``ResourcesFlow`` (``migration-assistant resources teardown``) both call
``teardown``. The deleters make their calls with ``core.flows.teardown_calls``' builders,
which ``teardown_plan`` shows beforehand.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field

from core.aws import IAM, RDS, poll_until
from core.credentials import CredentialStore
from core.errors import MigrationAssistantError, NotFound
from core.events import Progress
from core.flows.context import FlowContext
from core.flows.live_status import dms_status_reader
from core.flows.migrate_mysql_progress import GuidedProgress
from core.flows.monitor_controls import stop_task_call
from core.flows.pending_creates import reconcile_pending
from core.flows.teardown_calls import (
    TeardownOptions,
    delete_db_instance_call,
    delete_role_call,
    delete_security_group_call,
    delete_task_call,
    deletion_calls,
    detach_policy_call,
    final_snapshot_name,
    inline_policy_call,
    skip_reason,
)
from core.flows.vm_import_task import describe_export, describe_import
from core.ledger import LedgerEntry, ResourceKind, in_teardown_order
from core.paths import AppPaths

__all__ = [
    "TeardownItem",
    "TeardownOptions",
    "TeardownSummary",
    "delete_created",
    "ledger_entries",
    "teardown",
]

STEP = "teardown"
# Deleting an RDS database and a DMS replication instance each takes AWS minutes.
TYPICAL_DURATION = "usually 5 to 15 minutes with a database or replication instance"
_TASK_ACTIVE = {"running", "starting", "resuming", "stopping", "modifying"}


@dataclass(frozen=True)
class TeardownItem:
    entry: LedgerEntry
    message: str

    @property
    def label(self) -> str:
        return f"{_TITLES.get(self.entry.kind, self.entry.kind.value)} {self.entry.resource_id}"


@dataclass
class TeardownSummary:
    deleted: list[TeardownItem] = field(default_factory=list)
    failed: list[TeardownItem] = field(default_factory=list)
    skipped: list[TeardownItem] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.failed

    def lines(self) -> list[str]:
        return (
            [f"Deleted {item.label}: {item.message}" for item in self.deleted]
            + [f"Could not delete {item.label}: {item.message}" for item in self.failed]
            + [f"Left {item.label}: {item.message}" for item in self.skipped]
        )


_TITLES = {
    ResourceKind.REPLICATION_TASK: "migration task",
    ResourceKind.DMS_ENDPOINT: "endpoint",
    ResourceKind.REPLICATION_INSTANCE: "replication instance",
    ResourceKind.REPLICATION_SUBNET_GROUP: "replication subnet group",
    ResourceKind.RDS_INSTANCE: "DB instance",
    ResourceKind.DB_SUBNET_GROUP: "DB subnet group",
    ResourceKind.SECURITY_GROUP_RULE: "security group rule",
    ResourceKind.SECURITY_GROUP: "security group",
    ResourceKind.MULTIPART_UPLOAD: "unfinished upload",
    ResourceKind.S3_OBJECT: "S3 object",
    ResourceKind.S3_BUCKET: "S3 bucket",
    ResourceKind.IAM_ROLE: "IAM role",
    ResourceKind.IMPORT_TASK: "VM import task",
    ResourceKind.EXPORT_TASK: "VM export task",
    ResourceKind.EC2_IMAGE: "AMI",
    ResourceKind.EBS_SNAPSHOT: "EBS snapshot",
}

Deleter = Callable[
    [FlowContext, LedgerEntry, TeardownOptions, CredentialStore | None], Awaitable[str]
]


async def _wait_gone(
    ctx: FlowContext, subject: str, describe: Callable[[], Awaitable[str]]
) -> None:
    await poll_until(
        describe,
        lambda status: status,
        done={"deleted"},
        subject=subject,
        sink=ctx.sink,
        clock=ctx.clock,
        missing_is="deleted",
        first_delay=2,
        give_up_after=1800,
        meanings={"deleting": "AWS is deleting it.", "deleted": "Gone."},
    )


async def _delete_task(
    ctx: FlowContext, entry: LedgerEntry, _: TeardownOptions, __: CredentialStore | None
) -> str:
    arn = entry.arn
    describe = dms_status_reader(ctx, entry)
    status = await describe()
    if status == "deleted":
        return "it was already gone."
    if status in _TASK_ACTIVE:
        if status != "stopping":
            await ctx.door.run(stop_task_call(arn))
        await poll_until(
            describe,
            lambda value: value,
            done={"stopped", "failed", "ready", "deleted"},
            subject=f"Task {entry.resource_id}",
            sink=ctx.sink,
            clock=ctx.clock,
            first_delay=2,
        )
    await ctx.door.run(delete_task_call(arn))
    await _wait_gone(ctx, f"Task {entry.resource_id}", describe)
    return "stopped and deleted." if status in _TASK_ACTIVE else "deleted."


async def _only_call(ctx: FlowContext, entry: LedgerEntry, options: TeardownOptions) -> None:
    """The one call of a kind deleted by one call, as the plan shows it."""
    [planned] = deletion_calls(entry, options)
    await ctx.door.run(planned.call)


async def _delete_endpoint(
    ctx: FlowContext, entry: LedgerEntry, options: TeardownOptions, _: CredentialStore | None
) -> str:
    await _only_call(ctx, entry, options)
    describe = dms_status_reader(ctx, entry)
    await _wait_gone(ctx, f"Endpoint {entry.resource_id}", describe)
    return "deleted."


async def _delete_replication_instance(
    ctx: FlowContext, entry: LedgerEntry, options: TeardownOptions, _: CredentialStore | None
) -> str:
    await _only_call(ctx, entry, options)
    describe = dms_status_reader(ctx, entry)
    await _wait_gone(ctx, f"Replication instance {entry.resource_id}", describe)
    return "deleted."


async def _delete_one_call(
    ctx: FlowContext, entry: LedgerEntry, options: TeardownOptions, _: CredentialStore | None
) -> str:
    await _only_call(ctx, entry, options)
    return "deleted."


async def _delete_db_instance(
    ctx: FlowContext, entry: LedgerEntry, options: TeardownOptions, store: CredentialStore | None
) -> str:
    snapshot = final_snapshot_name(entry.resource_id) if options.final_snapshot else ""
    await ctx.door.run(delete_db_instance_call(entry.resource_id, snapshot or None))

    async def describe() -> str:
        found = await ctx.door.call(
            RDS.describe_db_instances, DBInstanceIdentifier=entry.resource_id
        )
        return str(found["DBInstances"][0].get("DBInstanceStatus", ""))

    await _wait_gone(ctx, f"DB instance {entry.resource_id}", describe)
    password_name = entry.details.get("password_name")
    if store is not None and password_name:
        try:
            store.delete(password_name)
        except MigrationAssistantError as error:  # the instance is gone; say so, then go on
            ctx.report.note(f"The saved password could not be removed: {error.message}")
    return f"deleted; final snapshot {snapshot} kept." if snapshot else "deleted (no snapshot)."


async def _revoke_rule(
    ctx: FlowContext, entry: LedgerEntry, options: TeardownOptions, _: CredentialStore | None
) -> str:
    await _only_call(ctx, entry, options)
    return f"removed from {entry.details['group_id']}."


async def _delete_security_group(
    ctx: FlowContext, entry: LedgerEntry, _: TeardownOptions, __: CredentialStore | None
) -> str:
    # Network interfaces of a just-deleted instance can hold the group for a few minutes.
    delay = 10.0
    for attempt in range(6):
        try:
            await ctx.door.run(delete_security_group_call(entry.resource_id))
            return "deleted."
        except MigrationAssistantError as error:
            if "DependencyViolation" not in error.details or attempt == 5:
                raise
            ctx.report.note(
                f"Security group {entry.resource_id} is still in use by a deleted instance's "
                f"network interface; trying again in {delay:.0f} s."
            )
            await ctx.clock.sleep(delay)
            delay *= 2
    raise AssertionError("unreachable")  # pragma: no cover


async def _abort_upload(
    ctx: FlowContext, entry: LedgerEntry, options: TeardownOptions, _: CredentialStore | None
) -> str:
    await _only_call(ctx, entry, options)
    return "aborted; its stored parts are no longer billed."


async def _delete_role(
    ctx: FlowContext, entry: LedgerEntry, options: TeardownOptions, _: CredentialStore | None
) -> str:
    name = entry.resource_id
    attached = await ctx.door.collect(
        IAM.list_attached_role_policies, "AttachedPolicies", RoleName=name
    )
    for policy in attached:
        await ctx.door.run(detach_policy_call(name, policy["PolicyArn"]))
    inline = await ctx.door.collect(IAM.list_role_policies, "PolicyNames", RoleName=name)
    for policy_name in inline:
        await ctx.door.run(inline_policy_call(name, policy_name))
    await ctx.door.run(delete_role_call(name))
    return "deleted."


async def _cancel_task(
    ctx: FlowContext, entry: LedgerEntry, options: TeardownOptions, _: CredentialStore | None
) -> str:
    """An import or export task: cancelled while it runs; a finished one leaves nothing."""
    describe = describe_import if entry.kind is ResourceKind.IMPORT_TASK else describe_export
    try:
        status = str((await describe(ctx, entry.resource_id)).get("Status", ""))
    except NotFound:
        status = "deleted"  # AWS forgets finished tasks after a while
    if status != "active":
        return f"it had ended ({status}); nothing of it is left to delete."
    await _only_call(ctx, entry, options)
    return "cancelled."


_DELETERS: dict[ResourceKind, Deleter] = {
    ResourceKind.REPLICATION_TASK: _delete_task,
    ResourceKind.DMS_ENDPOINT: _delete_endpoint,
    ResourceKind.REPLICATION_INSTANCE: _delete_replication_instance,
    ResourceKind.REPLICATION_SUBNET_GROUP: _delete_one_call,
    ResourceKind.RDS_INSTANCE: _delete_db_instance,
    ResourceKind.DB_SUBNET_GROUP: _delete_one_call,
    ResourceKind.SECURITY_GROUP_RULE: _revoke_rule,
    ResourceKind.SECURITY_GROUP: _delete_security_group,
    ResourceKind.MULTIPART_UPLOAD: _abort_upload,
    ResourceKind.IAM_ROLE: _delete_role,
    ResourceKind.IMPORT_TASK: _cancel_task,
    ResourceKind.EXPORT_TASK: _cancel_task,
    ResourceKind.EC2_IMAGE: _delete_one_call,
    ResourceKind.EBS_SNAPSHOT: _delete_one_call,
    ResourceKind.S3_OBJECT: _delete_one_call,
}


async def _delete_entries(
    ctx: FlowContext,
    entries: Iterable[LedgerEntry],
    options: TeardownOptions,
    store: CredentialStore | None,
) -> TeardownSummary:
    summary = TeardownSummary()
    ordered = in_teardown_order(entries)
    total = len(ordered)
    with ctx.report.step(STEP, "Delete the resources the app created", TYPICAL_DURATION):
        for done, entry in enumerate(ordered):
            ctx.sink(Progress(STEP, done, total, "resources"))
            kept = skip_reason(entry, options)  # the plan leaves out the same entries
            if kept is not None:
                summary.skipped.append(TeardownItem(entry, kept))
                continue
            try:
                message = await _DELETERS[entry.kind](ctx, entry, options, store)
            except NotFound:
                message = "it was already gone."
            except MigrationAssistantError as error:
                summary.failed.append(TeardownItem(entry, error.plain()))
                ctx.report.note(
                    f"Could not delete {TeardownItem(entry, '').label}: {error.message}"
                )
                continue
            ctx.ledger.mark_deleted(entry)
            item = TeardownItem(entry, message)
            summary.deleted.append(item)
            ctx.report.note(f"Deleted {item.label}: {message}")
        ctx.sink(Progress(STEP, total, total, "resources"))
    return summary


async def ledger_entries(ctx: FlowContext) -> list[LedgerEntry]:
    """The live ledger entries of this connection: its scope and region."""
    scope = await ctx.scope()
    return [entry for entry in ctx.ledger.entries(scope) if entry.region == ctx.region]


async def teardown(
    ctx: FlowContext,
    options: TeardownOptions | None = None,
    store: CredentialStore | None = None,
    paths: AppPaths | None = None,
) -> TeardownSummary:
    """Delete every ledger resource of this connection (scope and region) in dependency
    order. ``store`` lets DB passwords go with their instances; with ``paths``, a teardown
    that deleted all it tried also forgets the guided migration's saved progress (its steps
    name resources that are gone, so the next run starts afresh)."""
    await reconcile_pending(ctx)
    entries = await ledger_entries(ctx)
    summary = await _delete_entries(ctx, entries, options or TeardownOptions(), store)
    if paths is not None and summary.complete:
        GuidedProgress.for_connection(paths, await ctx.scope(), ctx.region).forget()
    return summary


async def delete_created(
    ctx: FlowContext,
    store: CredentialStore | None = None,
    *,
    final_snapshot: bool = False,
) -> TeardownSummary:
    """Delete what this run (``ctx.created``) made: the 'cancel and delete' choice. IAM roles
    created by this run go too: nothing else used them yet."""
    await reconcile_pending(ctx)
    live = {entry.key for entry in ctx.ledger.entries(include_deleted=False)}
    entries = [entry for entry in ctx.created if entry.key in live]
    options = TeardownOptions(include_iam_roles=True, final_snapshot=final_snapshot)
    return await _delete_entries(ctx, entries, options, store)
