"""The DMS replication instance: the server that copies the data.

``ReplicationInstanceFlow`` is the entry point. Its run, ``create_replication_instance``,
validates first, creates the replication subnet group when missing, retries while IAM
propagates the DMS role, records each creation, and waits until the instance is available,
returning its public and private IP.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from core.aws import DMS, AwsDoor, aws_call, poll_until
from core.errors import ValidationError
from core.flows import input_checks as check
from core.flows.context import Created, FlowContext
from core.flows.network_access import default_vpc_id, every_subnet_hint
from core.flows.offerings import DEFAULT_REPLICATION_CLASS
from core.flows.prerequisites import retry_while_iam_propagates
from core.flows.shape import Flow, PlannedCall, all_problems
from core.ledger import ResourceKind

if TYPE_CHECKING:
    from mypy_boto3_dms.type_defs import (
        CreateReplicationInstanceMessageTypeDef,
        CreateReplicationInstanceResponseTypeDef,
        CreateReplicationSubnetGroupMessageTypeDef,
        CreateReplicationSubnetGroupResponseTypeDef,
        TagTypeDef,
    )

__all__ = [
    "REPLICATION_STATUS_MEANINGS",
    "ReplicationInstanceFlow",
    "ReplicationInstanceResult",
    "ReplicationInstanceSpec",
    "create_replication_instance",
    "create_replication_instance_params",
    "find_replication_instance",
    "planned_calls",
    "validate_replication_spec",
    "wait_for_replication_instance",
]

STEP = "replication-instance"
# What AWS usually takes to create a DMS replication instance (shown while it waits).
TYPICAL_DURATION = "usually 5 to 15 minutes"

REPLICATION_STATUS_MEANINGS: dict[str, str] = {
    "creating": "AWS is starting the replication server in your VPC (often 5-10 minutes).",
    "modifying": "AWS is applying settings.",
    "upgrading": "AWS is upgrading the replication engine.",
    "rebooting": "The replication server is restarting.",
    "maintenance": "AWS is doing maintenance; it will be available again shortly.",
    "available": "Ready: it can test connections and run migration tasks.",
    "storage-full": "Its disk is full; give it more storage.",
    "incompatible-network": "It cannot use the chosen subnets; check the subnet group.",
    "failed": "AWS could not create it.",
    "deleting": "It is being deleted.",
}
_FAILED = ("failed", "incompatible-network", "storage-full")


@dataclass(frozen=True)
class ReplicationInstanceSpec:
    """Empty ``engine_version`` means DMS's default; empty ``vpc_id`` the default VPC; empty
    ``subnet_group_id`` creates (or reuses) ``<identifier>-subnets``."""

    identifier: str
    description: str = ""
    instance_class: str = DEFAULT_REPLICATION_CLASS
    allocated_storage: int = 10
    engine_version: str = ""
    vpc_id: str = ""
    subnet_group_id: str = ""
    publicly_accessible: bool = True
    security_group_ids: tuple[str, ...] = ()
    multi_az: bool = False

    @property
    def planned_subnet_group(self) -> str:
        return self.subnet_group_id or f"{self.identifier}-subnets"


@dataclass(frozen=True)
class ReplicationInstanceResult:
    identifier: str
    arn: str
    status: str
    public_ip: str
    private_ip: str
    security_group_ids: tuple[str, ...]
    subnet_group: str
    vpc_id: str

    @property
    def label(self) -> str:
        return f"{self.identifier} ({self.status})"

    @classmethod
    def from_description(cls, item: dict[str, Any]) -> ReplicationInstanceResult:
        subnet_group = item.get("ReplicationSubnetGroup") or {}
        public = item.get("ReplicationInstancePublicIpAddresses") or [
            item.get("ReplicationInstancePublicIpAddress", "")
        ]
        private = item.get("ReplicationInstancePrivateIpAddresses") or [
            item.get("ReplicationInstancePrivateIpAddress", "")
        ]
        return cls(
            identifier=str(item.get("ReplicationInstanceIdentifier", "")),
            arn=str(item.get("ReplicationInstanceArn", "")),
            status=str(item.get("ReplicationInstanceStatus", "")),
            public_ip=str(public[0] or ""),
            private_ip=str(private[0] or ""),
            security_group_ids=tuple(
                group["VpcSecurityGroupId"] for group in item.get("VpcSecurityGroups", [])
            ),
            subnet_group=str(subnet_group.get("ReplicationSubnetGroupIdentifier", "")),
            vpc_id=str(subnet_group.get("VpcId", "")),
        )


def _checks(spec: ReplicationInstanceSpec) -> tuple[Callable[[], object], ...]:
    """One check per field: run in order by the validator, all of them by ``problems()``."""
    return (
        lambda: check.validate_dms_identifier(spec.identifier, "replication_instance"),
        lambda: check.validate_replication_storage(spec.allocated_storage),
        lambda: _check_class(spec.instance_class),
        lambda: _check_description(spec.description),
    )


def _check_class(instance_class: str) -> None:
    if not instance_class.startswith("dms."):
        raise ValidationError(
            "instance_class",
            f"'{instance_class}' is not a DMS replication instance class.",
            "Pick a class from the list, e.g. dms.t3.medium.",
        )


def _check_description(description: str) -> None:
    if len(description) > 256:
        raise ValidationError("description", "The description is longer than 256 characters.")


def validate_replication_spec(spec: ReplicationInstanceSpec) -> ReplicationInstanceSpec:
    for run_check in _checks(spec):
        run_check()
    identifier = check.validate_dms_identifier(spec.identifier, "replication_instance")
    return replace(spec, identifier=identifier)


def create_replication_instance_params(
    spec: ReplicationInstanceSpec, subnet_group: str | None = None
) -> CreateReplicationInstanceMessageTypeDef:
    tags: list[TagTypeDef] = [{"Key": "created-by", "Value": "migration-assistant"}]
    if spec.description:
        tags.append({"Key": "description", "Value": spec.description})
    params: CreateReplicationInstanceMessageTypeDef = {
        "ReplicationInstanceIdentifier": spec.identifier,
        "ReplicationInstanceClass": spec.instance_class,
        "AllocatedStorage": spec.allocated_storage,
        "ReplicationSubnetGroupIdentifier": subnet_group or spec.planned_subnet_group,
        "PubliclyAccessible": spec.publicly_accessible,
        "MultiAZ": spec.multi_az,
        "Tags": tags,
    }
    if spec.engine_version:
        params["EngineVersion"] = spec.engine_version
    if spec.security_group_ids:
        params["VpcSecurityGroupIds"] = list(spec.security_group_ids)
    return params


def _subnet_group_params(
    spec: ReplicationInstanceSpec, subnet_ids: list[str]
) -> CreateReplicationSubnetGroupMessageTypeDef:
    return {
        "ReplicationSubnetGroupIdentifier": spec.planned_subnet_group,
        "ReplicationSubnetGroupDescription": f"Subnets for {spec.identifier}",
        "SubnetIds": subnet_ids,
    }


def planned_calls(spec: ReplicationInstanceSpec) -> list[PlannedCall]:
    """The creating calls ``create_replication_instance`` makes for ``spec``, in order, built
    by the same functions (every subnet of the VPC is a placeholder)."""
    planned = []
    if not spec.subnet_group_id:
        params = _subnet_group_params(spec, [every_subnet_hint(spec.vpc_id)])
        planned.append(
            PlannedCall(
                aws_call(DMS.create_replication_subnet_group, **params),
                f"Only if there is no replication subnet group {spec.planned_subnet_group} yet:",
            )
        )
    instance = create_replication_instance_params(spec)
    return [*planned, PlannedCall(aws_call(DMS.create_replication_instance, **instance))]


async def find_replication_instance(
    door: AwsDoor, identifier: str
) -> ReplicationInstanceResult | None:
    found = await check.dms_lookup(door, "replication_instance", identifier)
    return ReplicationInstanceResult.from_description(found) if found else None


async def wait_for_replication_instance(
    ctx: FlowContext, identifier: str
) -> ReplicationInstanceResult:
    """Poll until available, emitting each status with its meaning."""

    async def describe() -> dict[str, Any]:
        found = await check.dms_lookup(ctx.door, "replication_instance", identifier)
        if found is None:
            raise ValidationError(
                "replication_instance", f"The replication instance {identifier} is gone."
            )
        return found

    item = await poll_until(
        describe,
        lambda found: str(found.get("ReplicationInstanceStatus", "")),
        done={"available"},
        failed=_FAILED,
        subject=f"Replication instance {identifier}",
        meanings=REPLICATION_STATUS_MEANINGS,
        sink=ctx.sink,
        clock=ctx.clock,
        first_delay=5,
        give_up_after=3600,
    )
    return ReplicationInstanceResult.from_description(item)


async def _ensure_subnet_group(ctx: FlowContext, spec: ReplicationInstanceSpec) -> str:
    name = spec.planned_subnet_group
    if await check.dms_lookup(ctx.door, "subnet_group", name) is not None:
        ctx.report.note(f"Using the existing replication subnet group {name}.")
        return name
    if spec.subnet_group_id:
        raise ValidationError(
            "subnet_group",
            f"The replication subnet group {name} does not exist in this region.",
            "Pick one from the list, or leave it empty to have one created.",
        )
    vpc_id = spec.vpc_id or await default_vpc_id(ctx.door)
    subnet_ids = await check.ensure_vpc_has_subnets(ctx.door, vpc_id)

    async def create() -> CreateReplicationSubnetGroupResponseTypeDef:
        return await ctx.door.call(
            DMS.create_replication_subnet_group, **_subnet_group_params(spec, subnet_ids)
        )

    await ctx.create(
        ResourceKind.REPLICATION_SUBNET_GROUP,
        name,
        lambda: retry_while_iam_propagates(create, sink=ctx.sink, clock=ctx.clock),
        lambda _: Created(name),
        details={"vpc_id": vpc_id},
    )
    return name


async def create_replication_instance(
    spec: ReplicationInstanceSpec, ctx: FlowContext
) -> ReplicationInstanceResult:
    spec = validate_replication_spec(spec)
    with ctx.report.step(
        STEP, f"Create the replication instance {spec.identifier}", TYPICAL_DURATION
    ):
        await check.ensure_dms_name_free(ctx.door, "replication_instance", spec.identifier)
        subnet_group = await _ensure_subnet_group(ctx, spec)

        async def create() -> CreateReplicationInstanceResponseTypeDef:
            return await ctx.door.call(
                DMS.create_replication_instance,
                **create_replication_instance_params(spec, subnet_group),
            )

        await ctx.create(
            ResourceKind.REPLICATION_INSTANCE,
            spec.identifier,
            lambda: retry_while_iam_propagates(create, sink=ctx.sink, clock=ctx.clock),
            lambda answer: Created(
                spec.identifier, str(answer["ReplicationInstance"]["ReplicationInstanceArn"])
            ),
        )
        return await wait_for_replication_instance(ctx, spec.identifier)


class ReplicationInstanceFlow(Flow[ReplicationInstanceSpec, ReplicationInstanceResult]):
    """The replication instance (and its subnet group when missing), waited for until
    available; its result carries the public and private IP network access needs."""

    key = "replication-instance"

    def problems(self) -> dict[str, str]:
        return all_problems(*_checks(self.inputs))

    def plan(self) -> list[PlannedCall]:
        return planned_calls(self.inputs)

    async def run(self, ctx: FlowContext) -> ReplicationInstanceResult:
        return await create_replication_instance(self.inputs, ctx)
