"""The ``vmimport`` service role VM Import acts through: checked, created when missing.

VM Import reads the image from your bucket and registers the AMI as the role ``vmimport``,
which must trust ``vmie.amazonaws.com`` with the external id ``vmimport``. A missing role is
created with a role policy for the image bucket. An existing role is read, never rewritten:
a correct one is left alone; one that cannot read the bucket gets an inline policy for it
only when the user agreed (``update_role``); a wrong trust policy is reported with the
command that fixes it.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Any

from core.aws import IAM, AwsCall, aws_call
from core.errors import AwsError, NotFound
from core.flows.context import Created, FlowContext
from core.flows.prerequisites import trust_policy, trusts
from core.flows.shape import PlannedCall
from core.ledger import ResourceKind

if TYPE_CHECKING:
    from mypy_boto3_iam.type_defs import CreateRoleResponseTypeDef, EmptyResponseMetadataTypeDef

__all__ = [
    "EC2_ACTIONS",
    "EXPORT_ACTIONS",
    "ROLE_NAME",
    "S3_ACTIONS",
    "VMIE_SERVICE",
    "RoleState",
    "VmImportRole",
    "create_role_call",
    "ensure_vmimport_role",
    "put_policy_call",
    "role_error",
    "role_plan",
    "role_policy",
    "vmimport_trust_policy",
]

ROLE_NAME = "vmimport"
VMIE_SERVICE = "vmie.amazonaws.com"
EXTERNAL_ID = "vmimport"
S3_ACTIONS = ("s3:GetBucketLocation", "s3:GetObject", "s3:ListBucket")
EXPORT_ACTIONS = ("s3:PutObject", "s3:GetBucketAcl")
EC2_ACTIONS = (
    "ec2:ModifySnapshotAttribute",
    "ec2:CopySnapshot",
    "ec2:RegisterImage",
    "ec2:Describe*",
)
STEP = "vm-import-role"


class RoleState(enum.StrEnum):
    CREATED = "created"
    CORRECT = "already correct"
    BUCKET_ADDED = "bucket added"
    NEEDS_BUCKET = "cannot read the bucket"
    WRONG_TRUST = "wrong trust policy"


@dataclass(frozen=True)
class VmImportRole:
    """What was found or done. ``problem`` and ``fix`` (the ``aws`` commands) when the role
    cannot be used as it is."""

    state: RoleState
    arn: str = ""
    problem: str = ""
    fix: str = ""

    @property
    def usable(self) -> bool:
        return self.state not in (RoleState.NEEDS_BUCKET, RoleState.WRONG_TRUST)

    @property
    def changed(self) -> bool:
        """True when this run created or widened it: IAM takes a moment to spread that."""
        return self.state in (RoleState.CREATED, RoleState.BUCKET_ADDED)


def _partition(region: str) -> str:
    if region.startswith("cn-"):
        return "aws-cn"
    return "aws-us-gov" if region.startswith("us-gov-") else "aws"


def vmimport_trust_policy() -> dict[str, Any]:
    """The service trust every role of ours has, limited to VM Import's external id."""
    policy = trust_policy(VMIE_SERVICE)
    policy["Statement"][0]["Condition"] = {"StringEquals": {"sts:Externalid": EXTERNAL_ID}}
    return policy


def _s3_actions(export: bool) -> list[str]:
    return [*S3_ACTIONS, *(EXPORT_ACTIONS if export else ())]


def role_policy(bucket: str, region: str, *, export: bool = False) -> dict[str, Any]:
    """Read the image bucket (and write to it, for an export); the snapshot and image
    actions VM Import makes for you."""
    arn = f"arn:{_partition(region)}:s3:::{bucket}"
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": _s3_actions(export), "Resource": [arn, f"{arn}/*"]},
            {"Effect": "Allow", "Action": list(EC2_ACTIONS), "Resource": "*"},
        ],
    }


def policy_name(bucket: str) -> str:
    return f"vmimport-{bucket}"


def create_role_call() -> AwsCall[CreateRoleResponseTypeDef]:
    return aws_call(
        IAM.create_role,
        RoleName=ROLE_NAME,
        AssumeRolePolicyDocument=json.dumps(vmimport_trust_policy()),
        Description="Created by Migration Assistant: lets VM Import read disk images and "
        "register AMIs.",
    )


def put_policy_call(
    bucket: str, region: str, *, export: bool = False
) -> AwsCall[EmptyResponseMetadataTypeDef]:
    return aws_call(
        IAM.put_role_policy,
        RoleName=ROLE_NAME,
        PolicyName=policy_name(bucket),
        PolicyDocument=json.dumps(role_policy(bucket, region, export=export)),
    )


def role_plan(bucket: str, region: str, *, export: bool = False) -> list[PlannedCall]:
    return [
        PlannedCall(create_role_call(), f"Only if there is no IAM role {ROLE_NAME} yet:"),
        PlannedCall(
            put_policy_call(bucket, region, export=export),
            f"Only if the role is new, or it cannot read {bucket} yet and you allowed "
            "adding the bucket:",
        ),
    ]


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _allows(documents: list[Any], action: str, resource: str) -> bool:
    for document in documents:
        for statement in _as_list(document.get("Statement", [])):
            if statement.get("Effect") != "Allow":
                continue
            actions = [str(item).lower() for item in _as_list(statement.get("Action", []))]
            resources = [str(item) for item in _as_list(statement.get("Resource", []))]
            if any(fnmatchcase(action.lower(), item) for item in actions) and any(
                fnmatchcase(resource, item) for item in resources
            ):
                return True
    return False


def _trust_is_right(document: Any) -> bool:
    if not trusts(document, VMIE_SERVICE):
        return False
    for statement in _as_list(document.get("Statement", [])):
        conditions = statement.get("Condition", {})
        for values in conditions.values() if isinstance(conditions, dict) else []:
            for key, value in values.items():
                if key.lower() == "sts:externalid" and EXTERNAL_ID not in _as_list(value):
                    return False
    return True


async def _policy_documents(ctx: FlowContext) -> list[Any]:
    """The role's inline and attached policies, as documents."""
    documents: list[Any] = []
    for name in await ctx.door.collect(IAM.list_role_policies, "PolicyNames", RoleName=ROLE_NAME):
        found = await ctx.door.call(IAM.get_role_policy, RoleName=ROLE_NAME, PolicyName=name)
        documents.append(found["PolicyDocument"])
    attached = await ctx.door.collect(
        IAM.list_attached_role_policies, "AttachedPolicies", RoleName=ROLE_NAME
    )
    for policy in attached:
        arn = policy["PolicyArn"]
        version = (await ctx.door.call(IAM.get_policy, PolicyArn=arn))["Policy"]
        document = await ctx.door.call(
            IAM.get_policy_version, PolicyArn=arn, VersionId=version["DefaultVersionId"]
        )
        documents.append(document["PolicyVersion"]["Document"])
    return [json.loads(item) if isinstance(item, str) else item for item in documents]


def _missing(documents: list[Any], bucket: str, key: str, region: str, export: bool) -> list[str]:
    arn = f"arn:{_partition(region)}:s3:::{bucket}"
    wanted = [
        ("s3:GetBucketLocation", arn),
        ("s3:ListBucket", arn),
        ("s3:GetObject", f"{arn}/{key}"),
        *((("s3:PutObject", f"{arn}/{key}"), ("s3:GetBucketAcl", arn)) if export else ()),
        *((action.replace("*", "Images"), "*") for action in EC2_ACTIONS),
    ]
    return [action for action, resource in wanted if not _allows(documents, action, resource)]


async def _check(
    ctx: FlowContext, role: Any, bucket: str, key: str, *, update_role: bool, export: bool
) -> VmImportRole:
    arn = str(role.get("Arn", ""))
    document = role.get("AssumeRolePolicyDocument", {})
    if isinstance(document, str):
        document = json.loads(document)
    if not _trust_is_right(document):
        fix = aws_call(
            IAM.update_assume_role_policy,
            RoleName=ROLE_NAME,
            PolicyDocument=json.dumps(vmimport_trust_policy()),
        )
        return VmImportRole(
            RoleState.WRONG_TRUST,
            arn,
            f"The role {ROLE_NAME} exists but does not let {VMIE_SERVICE} assume it with the "
            f"external id {EXTERNAL_ID}, so VM Import cannot use it.",
            ctx.door.cli(fix),
        )
    missing = _missing(await _policy_documents(ctx), bucket, key, ctx.region, export)
    if not missing:
        return VmImportRole(RoleState.CORRECT, arn)
    put = put_policy_call(bucket, ctx.region, export=export)
    if not update_role:
        return VmImportRole(
            RoleState.NEEDS_BUCKET,
            arn,
            f"The role {ROLE_NAME} exists but may not {', '.join(missing)} for s3://{bucket}.",
            ctx.door.cli(put),
        )
    await ctx.door.run(put)
    return VmImportRole(RoleState.BUCKET_ADDED, arn)


async def ensure_vmimport_role(
    ctx: FlowContext, bucket: str, key: str, *, update_role: bool = False, export: bool = False
) -> VmImportRole:
    """The role checked for the image at ``s3://bucket/key`` (read it; ``export``: write
    it too); created when missing (and recorded in the ledger first). Running it again
    changes nothing."""
    with ctx.report.step(STEP, f"Check the IAM role {ROLE_NAME}"):
        try:
            found = await ctx.door.call(IAM.get_role, RoleName=ROLE_NAME)
        except NotFound:
            created = await ctx.create(
                ResourceKind.IAM_ROLE,
                ROLE_NAME,
                lambda: ctx.door.run(create_role_call()),
                lambda answer: Created(ROLE_NAME, str(answer["Role"]["Arn"])),
            )
            await ctx.door.run(put_policy_call(bucket, ctx.region, export=export))
            result = VmImportRole(RoleState.CREATED, str(created["Role"]["Arn"]))
        else:
            result = await _check(
                ctx, found["Role"], bucket, key, update_role=update_role, export=export
            )
        ctx.report.status(f"IAM role {ROLE_NAME}", result.state.value, None, result.problem)
    return result


def role_error(role: VmImportRole, consent_hint: str) -> AwsError:
    """The error that stops the flow when the role cannot be used; ``consent_hint`` names
    where the user allows adding the bucket (a checkbox, a command option)."""
    fix = f"Run: {role.fix}"
    if role.state is RoleState.NEEDS_BUCKET:
        fix = f"{consent_hint}, or run: {role.fix}"
    return AwsError(role.problem, fix, code=role.state.name)
