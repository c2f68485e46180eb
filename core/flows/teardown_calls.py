"""The calls that delete what the app created, built in one place: teardown's deleters make
them, ``teardown_plan`` shows them in the same order before anything is deleted.

A value only the deletion knows (the time in a final snapshot's name, the policies attached
to a role) is a placeholder; a call a deleter makes only in some states (stopping a task
that runs) carries its condition.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from core.aws import DMS, EC2, IAM, RDS, S3, AwsCall, aws_call
from core.flows.monitor_controls import stop_task_call
from core.flows.network_access import ingress_permission
from core.flows.shape import PlannedCall
from core.ledger import LedgerEntry, ResourceKind, in_teardown_order
from core.transfer.s3_calls import abort_upload_call

if TYPE_CHECKING:
    from mypy_boto3_rds.type_defs import DeleteDBInstanceMessageTypeDef

__all__ = [
    "DELETABLE_KINDS",
    "VM_IMPORT_WIZARD",
    "TeardownOptions",
    "cancel_export_call",
    "cancel_import_call",
    "delete_db_instance_call",
    "delete_role_call",
    "delete_security_group_call",
    "delete_task_call",
    "deletion_calls",
    "detach_policy_call",
    "final_snapshot_name",
    "inline_policy_call",
    "skip_reason",
    "teardown_plan",
]


@dataclass(frozen=True)
class TeardownOptions:
    """``final_snapshot`` keeps a snapshot of each RDS instance before deleting it (billed
    as backup storage); IAM roles are shared, so they go only when asked; so do the disk
    images uploaded for VM Import (``include_vm_images``): they are the user's data."""

    include_iam_roles: bool = False
    final_snapshot: bool = False
    include_vm_images: bool = False


_NOT_HERE = "not part of this teardown."
_KEPT = {
    ResourceKind.S3_OBJECT: "kept: it is your uploaded data (delete it in S3 if unneeded).",
    ResourceKind.S3_BUCKET: "kept: it may hold your data (empty and delete it in S3).",
}
_ROLES_KEPT = "kept (roles are shared by other work; tick 'IAM roles too' to delete)."
_IMAGES_KEPT = (
    "kept: it is your uploaded VM image (tick 'Also delete the uploaded VM disk images', "
    "or use --include-vm-images, to delete it)."
)
VM_IMPORT_WIZARD = "vm-import"


def final_snapshot_name(identifier: str, now: datetime | None = None) -> str:
    return f"{identifier}-final-{(now or datetime.now(UTC)):%Y%m%d%H%M%S}"


def delete_db_instance_call(identifier: str, snapshot: str | None) -> AwsCall[Any]:
    """With ``snapshot``, RDS keeps a final snapshot by that name; without, no snapshot
    and no automated backups are kept."""
    params: DeleteDBInstanceMessageTypeDef = {"DBInstanceIdentifier": identifier}
    if snapshot:
        params["FinalDBSnapshotIdentifier"] = snapshot
    else:
        params["SkipFinalSnapshot"] = True
        params["DeleteAutomatedBackups"] = True
    return aws_call(RDS.delete_db_instance, **params)


def delete_task_call(arn: str) -> AwsCall[Any]:
    return aws_call(DMS.delete_replication_task, ReplicationTaskArn=arn)


def delete_security_group_call(group_id: str) -> AwsCall[Any]:
    return aws_call(EC2.delete_security_group, GroupId=group_id)


def detach_policy_call(role: str, policy_arn: str) -> AwsCall[Any]:
    return aws_call(IAM.detach_role_policy, RoleName=role, PolicyArn=policy_arn)


def inline_policy_call(role: str, policy_name: str) -> AwsCall[Any]:
    return aws_call(IAM.delete_role_policy, RoleName=role, PolicyName=policy_name)


def delete_role_call(role: str) -> AwsCall[Any]:
    return aws_call(IAM.delete_role, RoleName=role)


def _task(entry: LedgerEntry, _: TeardownOptions) -> list[PlannedCall]:
    return [
        PlannedCall(stop_task_call(entry.arn), "Only if the task is running:"),
        PlannedCall(delete_task_call(entry.arn)),
    ]


def _db_instance(entry: LedgerEntry, options: TeardownOptions) -> list[PlannedCall]:
    snapshot = f"<{entry.resource_id}-final-TIME>" if options.final_snapshot else None
    return [PlannedCall(delete_db_instance_call(entry.resource_id, snapshot))]


def cancel_import_call(task_id: str) -> AwsCall[Any]:
    return aws_call(
        EC2.cancel_import_task,
        ImportTaskId=task_id,
        CancelReason="Cancelled in Migration Assistant",
    )


def cancel_export_call(task_id: str) -> AwsCall[Any]:
    return aws_call(EC2.cancel_export_task, ExportTaskId=task_id)


def _import_task(entry: LedgerEntry, _: TeardownOptions) -> list[PlannedCall]:
    return [
        PlannedCall(
            cancel_import_call(entry.resource_id),
            "Only if the import is still running (a finished one leaves nothing to delete):",
        )
    ]


def _export_task(entry: LedgerEntry, _: TeardownOptions) -> list[PlannedCall]:
    return [
        PlannedCall(
            cancel_export_call(entry.resource_id),
            "Only if the export is still running (what it wrote is listed on its own):",
        )
    ]


def _role(entry: LedgerEntry, _: TeardownOptions) -> list[PlannedCall]:
    role = entry.resource_id
    return [
        PlannedCall(
            detach_policy_call(role, f"<each policy attached to {role}>"),
            "Once for each managed policy attached to the role:",
        ),
        PlannedCall(
            inline_policy_call(role, f"<each inline policy of {role}>"),
            "Once for each inline policy of the role:",
        ),
        PlannedCall(delete_role_call(role)),
    ]


Planner = Callable[[LedgerEntry, TeardownOptions], list[PlannedCall]]


def _one(build: Callable[[LedgerEntry], AwsCall[Any]]) -> Planner:
    return lambda entry, _: [PlannedCall(build(entry))]


_PLANNED: dict[ResourceKind, Planner] = {
    ResourceKind.REPLICATION_TASK: _task,
    ResourceKind.DMS_ENDPOINT: _one(
        lambda entry: aws_call(DMS.delete_endpoint, EndpointArn=entry.arn)
    ),
    ResourceKind.REPLICATION_INSTANCE: _one(
        lambda entry: aws_call(DMS.delete_replication_instance, ReplicationInstanceArn=entry.arn)
    ),
    ResourceKind.REPLICATION_SUBNET_GROUP: _one(
        lambda entry: aws_call(
            DMS.delete_replication_subnet_group, ReplicationSubnetGroupIdentifier=entry.resource_id
        )
    ),
    ResourceKind.RDS_INSTANCE: _db_instance,
    ResourceKind.DB_SUBNET_GROUP: _one(
        lambda entry: aws_call(RDS.delete_db_subnet_group, DBSubnetGroupName=entry.resource_id)
    ),
    ResourceKind.SECURITY_GROUP_RULE: _one(
        lambda entry: aws_call(
            EC2.revoke_security_group_ingress,
            GroupId=entry.details["group_id"],
            IpPermissions=[ingress_permission(entry.details)],
        )
    ),
    ResourceKind.SECURITY_GROUP: _one(lambda entry: delete_security_group_call(entry.resource_id)),
    ResourceKind.MULTIPART_UPLOAD: _one(
        lambda entry: abort_upload_call(
            entry.details["bucket"], entry.details["key"], entry.resource_id
        )
    ),
    ResourceKind.IAM_ROLE: _role,
    ResourceKind.IMPORT_TASK: _import_task,
    ResourceKind.EXPORT_TASK: _export_task,
    ResourceKind.EC2_IMAGE: _one(
        lambda entry: aws_call(EC2.deregister_image, ImageId=entry.resource_id)
    ),
    ResourceKind.EBS_SNAPSHOT: _one(
        lambda entry: aws_call(EC2.delete_snapshot, SnapshotId=entry.resource_id)
    ),
    ResourceKind.S3_OBJECT: _one(
        lambda entry: aws_call(
            S3.delete_object, Bucket=entry.details["bucket"], Key=entry.details["key"]
        )
    ),
}
DELETABLE_KINDS = frozenset(_PLANNED)


def deletion_calls(entry: LedgerEntry, options: TeardownOptions) -> list[PlannedCall]:
    """The calls that delete ``entry``; one builder per kind, which its deleter uses too
    (the one-call kinds' deleters take ``[0].call``)."""
    return _PLANNED[entry.kind](entry, options)


def skip_reason(entry: LedgerEntry, options: TeardownOptions) -> str | None:
    """Why teardown leaves ``entry`` (None: it deletes it)."""
    if entry.kind not in DELETABLE_KINDS:
        return _KEPT.get(entry.kind, _NOT_HERE)
    if entry.kind is ResourceKind.IAM_ROLE and not options.include_iam_roles:
        return _ROLES_KEPT
    if entry.kind is ResourceKind.S3_OBJECT:
        if entry.wizard != VM_IMPORT_WIZARD:
            return _KEPT[entry.kind]
        return None if options.include_vm_images else _IMAGES_KEPT
    return None


def teardown_plan(entries: Iterable[LedgerEntry], options: TeardownOptions) -> list[PlannedCall]:
    """Every deleting call a teardown of ``entries`` makes, in its order. A security group
    still held by a deleted instance's network interface is asked again, the same call."""
    planned: list[PlannedCall] = []
    for entry in in_teardown_order(entries):
        if skip_reason(entry, options) is not None:
            continue
        calls = deletion_calls(entry, options)
        if entry.pending:  # its create never answered: AWS may not have made it
            made = f"Only if AWS made {entry.resource_id}."
            calls = [PlannedCall(each.call, f"{made} {each.when}".strip()) for each in calls]
        planned += calls
    return planned
