"""The two IAM roles DMS needs, checked and created when missing, and waiting for IAM.

``dms-vpc-role`` lets DMS manage network interfaces in your VPC; ``dms-cloudwatch-logs-role``
lets it write task logs. Both must trust ``dms.amazonaws.com``. A role that exists but is
wrong is reported with the fix, never changed behind the user's back.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import unquote

from core.aws import IAM, AwsCall, Clock, aws_call
from core.errors import AwsError, MigrationAssistantError, NotFound
from core.events import EventSink, Note
from core.flows.context import Created, FlowContext
from core.flows.shape import Flow, PlannedCall
from core.ledger import ResourceKind

if TYPE_CHECKING:
    from mypy_boto3_iam.type_defs import CreateRoleResponseTypeDef, EmptyResponseMetadataTypeDef

__all__ = [
    "DMS_ROLES",
    "DMS_SERVICE",
    "PrerequisitesFlow",
    "PrerequisitesInputs",
    "PrerequisitesResult",
    "RoleOutcome",
    "RoleReport",
    "RoleSpec",
    "ensure_dms_roles",
    "is_iam_propagation_error",
    "retry_while_iam_propagates",
    "trust_policy",
]

T = TypeVar("T")
DMS_SERVICE = "dms.amazonaws.com"
STEP = "prerequisites"


@dataclass(frozen=True)
class RoleSpec:
    name: str
    policy_arn: str
    purpose: str


DMS_ROLES: tuple[RoleSpec, ...] = (
    RoleSpec(
        "dms-vpc-role",
        "arn:aws:iam::aws:policy/service-role/AmazonDMSVPCManagementRole",
        "lets DMS create network interfaces for the replication instance in your VPC",
    ),
    RoleSpec(
        "dms-cloudwatch-logs-role",
        "arn:aws:iam::aws:policy/service-role/AmazonDMSCloudWatchLogsRole",
        "lets DMS write migration task logs to CloudWatch",
    ),
)


class RoleOutcome(enum.StrEnum):
    CREATED = "created"
    ALREADY_CORRECT = "already correct"
    NEEDS_FIX = "needs a fix"


@dataclass(frozen=True)
class RoleReport:
    """What was found or done for one role. ``problems`` and ``fix`` only for NEEDS_FIX;
    ``fix`` holds the ``aws`` commands that correct it."""

    name: str
    outcome: RoleOutcome
    arn: str = ""
    problems: tuple[str, ...] = ()
    fix: str = ""

    @property
    def summary(self) -> str:
        if self.outcome is RoleOutcome.NEEDS_FIX:
            return f"{self.name}: {' '.join(self.problems)}"
        return f"{self.name}: {self.outcome.value}"


@dataclass(frozen=True)
class PrerequisitesResult:
    roles: tuple[RoleReport, ...]

    @property
    def ready(self) -> bool:
        return all(role.outcome is not RoleOutcome.NEEDS_FIX for role in self.roles)

    @property
    def created(self) -> tuple[RoleReport, ...]:
        return tuple(role for role in self.roles if role.outcome is RoleOutcome.CREATED)


def trust_policy(service: str = DMS_SERVICE) -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": service},
                "Action": "sts:AssumeRole",
            }
        ],
    }


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def trusts(document: Any, service: str = DMS_SERVICE) -> bool:
    """True when the trust policy lets ``service`` assume the role."""
    if isinstance(document, str):
        document = json.loads(unquote(document))
    if not isinstance(document, Mapping):
        return False
    for statement in _as_list(document.get("Statement", [])):
        if not isinstance(statement, Mapping) or statement.get("Effect") != "Allow":
            continue
        actions = _as_list(statement.get("Action", []))
        principal = statement.get("Principal", {})
        services = _as_list(principal.get("Service", [])) if isinstance(principal, Mapping) else []
        if service in services and ("sts:AssumeRole" in actions or "sts:*" in actions):
            return True
    return False


async def _check_role(ctx: FlowContext, spec: RoleSpec, role: Mapping[str, Any]) -> RoleReport:
    attached = await ctx.door.collect(
        IAM.list_attached_role_policies, "AttachedPolicies", RoleName=spec.name
    )
    problems: list[str] = []
    fixes: list[str] = []
    if not trusts(role.get("AssumeRolePolicyDocument")):
        problems.append(f"Its trust policy does not let {DMS_SERVICE} assume it.")
        fixes.append(
            ctx.door.cli(
                aws_call(
                    IAM.update_assume_role_policy,
                    RoleName=spec.name,
                    PolicyDocument=json.dumps(trust_policy()),
                )
            )
        )
    if spec.policy_arn not in {policy.get("PolicyArn") for policy in attached}:
        policy_name = spec.policy_arn.rsplit("/", 1)[-1]
        problems.append(f"The managed policy {policy_name} is not attached.")
        fixes.append(
            ctx.door.cli(
                aws_call(IAM.attach_role_policy, RoleName=spec.name, PolicyArn=spec.policy_arn)
            )
        )
    arn = str(role.get("Arn", ""))
    if problems:
        return RoleReport(spec.name, RoleOutcome.NEEDS_FIX, arn, tuple(problems), "\n".join(fixes))
    return RoleReport(spec.name, RoleOutcome.ALREADY_CORRECT, arn)


def _create_role_calls(
    spec: RoleSpec,
) -> tuple[AwsCall[CreateRoleResponseTypeDef], AwsCall[EmptyResponseMetadataTypeDef]]:
    return (
        aws_call(
            IAM.create_role,
            RoleName=spec.name,
            AssumeRolePolicyDocument=json.dumps(trust_policy()),
            Description=f"Created by Migration Assistant: {spec.purpose}.",
        ),
        aws_call(IAM.attach_role_policy, RoleName=spec.name, PolicyArn=spec.policy_arn),
    )


async def _create_role(ctx: FlowContext, spec: RoleSpec) -> RoleReport:
    create, attach = _create_role_calls(spec)
    created = await ctx.create(
        ResourceKind.IAM_ROLE,
        spec.name,
        lambda: ctx.door.run(create),
        lambda answer: Created(spec.name, str(answer["Role"]["Arn"])),
    )
    arn = str(created["Role"]["Arn"])
    await ctx.door.run(attach)
    return RoleReport(spec.name, RoleOutcome.CREATED, arn)


async def ensure_dms_roles(
    ctx: FlowContext, *, roles: tuple[RoleSpec, ...] = DMS_ROLES, propagation_wait: float = 10.0
) -> PrerequisitesResult:
    """Check both DMS roles; create the missing ones; wait ``propagation_wait`` seconds
    after creating any. Running it again changes nothing."""
    reports: list[RoleReport] = []
    with ctx.report.step(STEP, "Check the IAM roles DMS needs"):
        for spec in roles:
            try:
                found = await ctx.door.call(IAM.get_role, RoleName=spec.name)
            except NotFound:
                report = await _create_role(ctx, spec)
            else:
                report = await _check_role(ctx, spec, found["Role"])
            ctx.report.status(f"IAM role {spec.name}", report.outcome.value, None, spec.purpose)
            reports.append(report)
        if any(report.outcome is RoleOutcome.CREATED for report in reports):
            ctx.report.note(
                f"Waiting {propagation_wait:.0f} s: new IAM roles take a moment to reach DMS."
            )
            await ctx.clock.sleep(propagation_wait)
    return PrerequisitesResult(tuple(reports))


@dataclass(frozen=True)
class PrerequisitesInputs:
    """``propagation_wait``: seconds to let new roles reach DMS (AWS needs about 10)."""

    roles: tuple[RoleSpec, ...] = DMS_ROLES
    propagation_wait: float = 10.0


class PrerequisitesFlow(Flow[PrerequisitesInputs, PrerequisitesResult]):
    """The DMS roles, created when missing; a wrong role is reported, never changed."""

    key = "prerequisites"

    def problems(self) -> dict[str, str]:
        if self.inputs.propagation_wait < 0:
            return {"propagation_wait": "The wait for IAM cannot be negative."}
        return {}

    def plan(self) -> list[PlannedCall]:
        return [
            PlannedCall(call, f"Only if the role {spec.name} is missing:")
            for spec in self.inputs.roles
            for call in _create_role_calls(spec)
        ]

    async def run(self, ctx: FlowContext) -> PrerequisitesResult:
        return await ensure_dms_roles(
            ctx, roles=self.inputs.roles, propagation_wait=self.inputs.propagation_wait
        )


def is_iam_propagation_error(error: MigrationAssistantError) -> bool:
    """DMS's way of saying it cannot see (or use) a role created moments ago."""
    text = f"{error.message} {error.details}".lower()
    return "not configured properly" in text or (
        "dms-vpc-role" in text and isinstance(error, AwsError)
    )


async def retry_while_iam_propagates(
    action: Callable[[], Awaitable[T]],
    *,
    sink: EventSink,
    clock: Clock,
    attempts: int = 8,
    first_delay: float = 5.0,
    max_delay: float = 30.0,
) -> T:
    """Run ``action``; while it fails because DMS does not see the IAM role yet, say why
    and retry with backoff. Other errors, and the last attempt's, propagate."""
    delay = first_delay
    for attempt in range(1, attempts + 1):
        try:
            return await action()
        except MigrationAssistantError as error:
            if not is_iam_propagation_error(error) or attempt == attempts:
                if is_iam_propagation_error(error):
                    error.fix = (
                        "Check that dms-vpc-role exists, trusts dms.amazonaws.com and has "
                        "AmazonDMSVPCManagementRole attached (Prerequisites page); then retry."
                    )
                raise
            sink(
                Note(
                    "DMS does not see the IAM role dms-vpc-role yet (new IAM roles take a "
                    f"moment to spread); trying again in {delay:.0f} s "
                    f"(attempt {attempt + 1} of {attempts})."
                )
            )
            await clock.sleep(delay)
            delay = min(max_delay, delay * 2)
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises
