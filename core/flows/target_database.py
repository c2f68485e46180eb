"""The target database: an RDS MySQL instance, from choices the account offers.

``TargetDatabaseFlow`` is the entry point. Its run (``create_database``) validates first (no
AWS call for bad input), stores the master password only in the credential store, creates
the subnet group and security group it needs, records each creation in the ledger, and
waits until the instance is available. Cancel it by cancelling its task;
``core.flows.teardown.delete_created(ctx)`` then removes what the run created.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from core.aws import EC2, RDS, aws_call, poll_until
from core.credentials import CredentialStore, database_password_name
from core.errors import NotFound, ValidationError
from core.flows import input_checks as check
from core.flows.context import Created, FlowContext
from core.flows.network_access import (
    default_vpc_id,
    ensure_security_group,
    every_subnet_hint,
    security_group_params,
)
from core.flows.offerings import FREE_TIER_CLASSES
from core.flows.shape import Flow, PlannedCall, all_problems
from core.flows.target_database_templates import TEMPLATES, Template, TemplateDefaults
from core.ledger import ResourceKind

if TYPE_CHECKING:
    from mypy_boto3_rds.type_defs import (
        CreateDBInstanceMessageTypeDef,
        CreateDBSubnetGroupMessageTypeDef,
    )

__all__ = [
    "DB_STATUS_MEANINGS",
    "TEMPLATES",
    "DatabaseResult",
    "DatabaseSpec",
    "TargetDatabaseFlow",
    "Template",
    "TemplateDefaults",
    "create_database",
    "create_db_instance_params",
    "new_group_hint",
    "planned_calls",
    "validate_database_spec",
    "wait_for_database",
]

STEP = "database"
# What AWS usually takes to create a small RDS for MySQL instance (shown while it waits).
TYPICAL_DURATION = "usually 5 to 10 minutes"
MAX_SUBNETS_PER_DB_SUBNET_GROUP = 20  # RDS's default quota
_HIDDEN = "(hidden)"  # a plan's stand-in for the password (the CLI rendering masks it too)

DB_STATUS_MEANINGS: dict[str, str] = {
    "creating": "AWS is setting up the database server and its storage.",
    "backing-up": "AWS is taking the first automatic backup; the database is almost ready.",
    "configuring-enhanced-monitoring": "AWS is turning on monitoring.",
    "configuring-log-exports": "AWS is turning on log exports.",
    "modifying": "AWS is applying settings.",
    "rebooting": "The database server is restarting.",
    "available": "Ready: applications and DMS can connect to it.",
    "failed": "AWS could not create the instance.",
    "incompatible-network": "The instance cannot use the chosen subnets or security groups.",
    "incompatible-parameters": "The engine settings do not fit the chosen instance class.",
    "storage-full": "The database has run out of storage.",
    "deleting": "The instance is being deleted.",
}
_DB_FAILED = ("failed", "incompatible-network", "incompatible-parameters", "storage-full")


@dataclass(frozen=True)
class DatabaseSpec:
    """What the user chose for the target instance (no password: that is passed apart so
    it never sits in a dataclass repr).

    Empty ``engine_version`` means the engine's default; empty ``vpc_id`` the default VPC;
    empty ``subnet_group_name`` creates ``<identifier>-subnets`` in the VPC;
    ``new_security_group_name`` creates (or reuses) a group by that name.
    """

    identifier: str
    master_username: str = "admin"
    database_name: str = ""
    engine: str = "mysql"
    engine_version: str = ""
    instance_class: str = FREE_TIER_CLASSES[0]
    allocated_storage: int = 20
    storage_type: str = "gp3"
    vpc_id: str = ""
    subnet_group_name: str = ""
    security_group_ids: tuple[str, ...] = ()
    new_security_group_name: str = ""
    publicly_accessible: bool = False
    port: int = 3306
    multi_az: bool = False
    backup_retention_days: int = 1

    @classmethod
    def from_template(cls, template: Template, identifier: str, **choices: Any) -> DatabaseSpec:
        defaults = TEMPLATES[template]
        base = cls(
            identifier=identifier,
            instance_class=defaults.instance_class,
            allocated_storage=defaults.allocated_storage,
            storage_type=defaults.storage_type,
            multi_az=defaults.multi_az,
            backup_retention_days=defaults.backup_retention_days,
        )
        return replace(base, **choices)

    @property
    def planned_subnet_group(self) -> str:
        return self.subnet_group_name or f"{self.identifier}-subnets"


@dataclass(frozen=True)
class DatabaseResult:
    identifier: str
    arn: str
    endpoint: str
    port: int
    status: str
    subnet_group: str
    security_group_ids: tuple[str, ...]
    password_name: str


# -- validation and the request ----------------------------------------------------------


def _checks(
    spec: DatabaseSpec, password: str, confirmation: str | None
) -> tuple[Callable[[], object], ...]:
    """One check per field, each raising ValidationError: run in order by the validator, all
    of them by ``problems()``."""
    return (
        lambda: check.validate_db_instance_identifier(spec.identifier),
        lambda: check.validate_master_username(spec.master_username),
        lambda: check.validate_database_name(spec.database_name),
        lambda: check.validate_master_password(password, confirmation),
        lambda: check.validate_allocated_storage(spec.allocated_storage, spec.storage_type),
        lambda: check.validate_port(spec.port),
        lambda: _check_instance_class(spec),
        lambda: _check_security_group_name(spec),
        lambda: _check_backups(spec),
    )


def _check_instance_class(spec: DatabaseSpec) -> None:
    if not spec.instance_class:
        raise ValidationError("instance_class", "Choose an instance class.")


def _check_security_group_name(spec: DatabaseSpec) -> None:
    if spec.new_security_group_name and len(spec.new_security_group_name) > 255:
        raise ValidationError("security_group", "The security group name is too long.")


def _check_backups(spec: DatabaseSpec) -> None:
    if not 0 <= spec.backup_retention_days <= 35:
        raise ValidationError(
            "backup_retention_days", "Backups can be kept 0 to 35 days.", "Choose 1 to 35."
        )


def validate_database_spec(
    spec: DatabaseSpec, password: str, confirmation: str | None = None
) -> DatabaseSpec:
    """The spec normalised as RDS stores it; ValidationError for the first bad field."""
    for run_check in _checks(spec, password, confirmation):
        run_check()
    return replace(spec, identifier=check.validate_db_instance_identifier(spec.identifier))


def create_db_instance_params(
    spec: DatabaseSpec,
    password: str,
    *,
    subnet_group: str | None = None,
    security_group_ids: tuple[str, ...] | None = None,
) -> CreateDBInstanceMessageTypeDef:
    """The ``create_db_instance`` request. No MaxAllocatedStorage: storage autoscaling off."""
    groups = spec.security_group_ids if security_group_ids is None else security_group_ids
    params: CreateDBInstanceMessageTypeDef = {
        "DBInstanceIdentifier": spec.identifier,
        "Engine": spec.engine,
        "DBInstanceClass": spec.instance_class,
        "AllocatedStorage": spec.allocated_storage,
        "StorageType": spec.storage_type,
        "MasterUsername": spec.master_username,
        "MasterUserPassword": password,
        "DBSubnetGroupName": subnet_group or spec.planned_subnet_group,
        "PubliclyAccessible": spec.publicly_accessible,
        "Port": spec.port,
        "MultiAZ": spec.multi_az,
        "BackupRetentionPeriod": spec.backup_retention_days,
        "EnableIAMDatabaseAuthentication": False,
        "Tags": [{"Key": "created-by", "Value": "migration-assistant"}],
    }
    if spec.engine_version:
        params["EngineVersion"] = spec.engine_version
    if spec.database_name:
        params["DBName"] = spec.database_name
    if groups:
        params["VpcSecurityGroupIds"] = list(groups)
    return params


def new_group_hint(name: str) -> str:
    """How a plan shows the id of a security group the same run creates first."""
    return f"<id of new group {name}>"


def _subnet_group_params(
    spec: DatabaseSpec, subnet_ids: list[str]
) -> CreateDBSubnetGroupMessageTypeDef:
    return {
        "DBSubnetGroupName": spec.planned_subnet_group,
        "DBSubnetGroupDescription": f"Subnets for {spec.identifier} (Migration Assistant)",
        "SubnetIds": subnet_ids,
    }


def _security_group_description(spec: DatabaseSpec) -> str:
    return f"MySQL access to {spec.identifier}"


def planned_calls(spec: DatabaseSpec) -> list[PlannedCall]:
    """Every creating call ``create_database`` makes for ``spec``, in order, built by the
    same functions with placeholders for what only the run knows (the subnets, the new
    group's id). The password is never in it."""
    planned = []
    if not spec.subnet_group_name:
        subnet_group = _subnet_group_params(spec, [every_subnet_hint(spec.vpc_id)])
        planned.append(
            PlannedCall(
                aws_call(RDS.create_db_subnet_group, **subnet_group),
                f"Only if there is no DB subnet group {spec.planned_subnet_group} yet:",
            )
        )
    groups = spec.security_group_ids
    if spec.new_security_group_name:
        name = spec.new_security_group_name
        group = security_group_params(name, spec.vpc_id, _security_group_description(spec))
        planned.append(
            PlannedCall(
                aws_call(EC2.create_security_group, **group),
                f"Only if the VPC has no security group {name} yet:",
            )
        )
        groups = (*groups, new_group_hint(name))
    params = create_db_instance_params(spec, _HIDDEN, security_group_ids=groups)
    return [*planned, PlannedCall(aws_call(RDS.create_db_instance, **params))]


# -- the flow ----------------------------------------------------------------------------


async def _ensure_subnet_group(ctx: FlowContext, spec: DatabaseSpec, vpc_id: str) -> str:
    name = spec.planned_subnet_group
    try:
        await ctx.door.call(RDS.describe_db_subnet_groups, DBSubnetGroupName=name)
    except NotFound:
        if spec.subnet_group_name:
            raise ValidationError(
                "subnet_group",
                f"The DB subnet group {name} does not exist in this region.",
                "Pick one from the list, or leave it empty to have one created.",
            ) from None
    else:
        ctx.report.note(f"Using the existing DB subnet group {name}.")
        return name
    subnet_ids = await check.ensure_vpc_has_subnets(
        ctx.door, vpc_id, at_most=MAX_SUBNETS_PER_DB_SUBNET_GROUP
    )
    await ctx.create(
        ResourceKind.DB_SUBNET_GROUP,
        name,
        lambda: ctx.door.call(RDS.create_db_subnet_group, **_subnet_group_params(spec, subnet_ids)),
        lambda created: Created(name, str(created["DBSubnetGroup"].get("DBSubnetGroupArn", ""))),
    )
    return name


async def wait_for_database(ctx: FlowContext, identifier: str) -> dict[str, Any]:
    """Poll until ``identifier`` is available, emitting each status with its meaning."""

    async def describe() -> dict[str, Any]:
        found = await ctx.door.call(RDS.describe_db_instances, DBInstanceIdentifier=identifier)
        return dict(found["DBInstances"][0])

    return await poll_until(
        describe,
        lambda item: str(item.get("DBInstanceStatus", "")),
        done={"available"},
        failed=_DB_FAILED,
        subject=f"DB instance {identifier}",
        meanings=DB_STATUS_MEANINGS,
        sink=ctx.sink,
        clock=ctx.clock,
        give_up_after=3600,
        first_delay=5,
    )


async def create_database(
    spec: DatabaseSpec,
    password: str,
    store: CredentialStore,
    ctx: FlowContext,
    *,
    confirmation: str | None = None,
) -> DatabaseResult:
    """Create the MySQL instance and wait until it is available; see the module docstring."""
    spec = validate_database_spec(spec, password, confirmation)
    with ctx.report.step(STEP, f"Create the database {spec.identifier}", TYPICAL_DURATION):
        await check.ensure_db_identifier_free(ctx.door, spec.identifier)
        await check.ensure_instance_class_offered(
            ctx.door, spec.engine, spec.engine_version, spec.instance_class
        )
        vpc_id = spec.vpc_id or await default_vpc_id(ctx.door)
        scope = await ctx.scope()
        password_name = database_password_name(scope, spec.identifier)
        # Kept before anything is created: a store that cannot keep it (no keyring) stops
        # the run here, not after a subnet group and a security group were made for nothing.
        store.set(password_name, password)
        try:
            subnet_group = await _ensure_subnet_group(ctx, spec, vpc_id)
            groups = spec.security_group_ids
            if spec.new_security_group_name:
                new_group = await ensure_security_group(
                    ctx, spec.new_security_group_name, vpc_id, _security_group_description(spec)
                )
                groups = (*groups, new_group)
            params = create_db_instance_params(
                spec, password, subnet_group=subnet_group, security_group_ids=groups
            )
            created = await ctx.create(
                ResourceKind.RDS_INSTANCE,
                spec.identifier,
                lambda: ctx.door.call(RDS.create_db_instance, **params),
                lambda answer: Created(
                    spec.identifier, str(answer["DBInstance"].get("DBInstanceArn", ""))
                ),
                details={"password_name": password_name},
            )
        except BaseException:
            # No instance for the password to open (refused, failed or cancelled before it;
            # the ledger dropped a refused one). A lost answer keeps both: it may exist.
            if ctx.ledger.find(ResourceKind.RDS_INSTANCE, spec.identifier, scope) is None:
                store.delete(password_name)
            raise
        instance = created["DBInstance"]
        ready = await wait_for_database(ctx, spec.identifier)
    endpoint = ready.get("Endpoint", {})
    return DatabaseResult(
        identifier=spec.identifier,
        arn=str(ready.get("DBInstanceArn", instance.get("DBInstanceArn", ""))),
        endpoint=str(endpoint.get("Address", "")),
        port=int(endpoint.get("Port", spec.port)),
        status=str(ready.get("DBInstanceStatus", "")),
        subnet_group=subnet_group,
        security_group_ids=tuple(
            group["VpcSecurityGroupId"] for group in ready.get("VpcSecurityGroups", [])
        )
        or groups,
        password_name=password_name,
    )


class TargetDatabaseFlow(Flow[DatabaseSpec, DatabaseResult]):
    """The target database. The master password (and its confirmation, when the user typed
    it twice) is given apart from the inputs and kept out of the repr; ``store`` is where
    the run saves it."""

    key = "target-database"

    def __init__(
        self,
        inputs: DatabaseSpec,
        password: str,
        store: CredentialStore,
        *,
        confirmation: str | None = None,
    ) -> None:
        super().__init__(inputs)
        self._password = password
        self._confirmation = confirmation
        self._store = store

    def problems(self) -> dict[str, str]:
        return all_problems(*_checks(self.inputs, self._password, self._confirmation))

    def plan(self) -> list[PlannedCall]:
        return planned_calls(self.inputs)

    async def run(self, ctx: FlowContext) -> DatabaseResult:
        return await create_database(
            self.inputs, self._password, self._store, ctx, confirmation=self._confirmation
        )
