"""DMS endpoints: where data comes from and goes to (``EndpointsFlow`` makes both of the
Endpoints wizard); their connection tests are ``core.flows.connection_tests``'s.

Passwords come from the credential store by name, never from the spec; the names are
core.database.passwords' (the login's, or an RDS database's master password).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from core.aws import DMS, RDS, AwsCall, AwsDoor, aws_call
from core.credentials import CredentialStore
from core.database.passwords import password_name, rds_password_name, saved_password
from core.errors import ValidationError
from core.flows import input_checks as check
from core.flows.connection_tests import (
    CONNECTION_MEANINGS,
    ConnectionTestResult,
    connection_test_call,
    likely_fixes,
    run_connection_test,
)
from core.flows.context import Created, FlowContext
from core.flows.shape import Flow, PlannedCall, all_problems
from core.ledger import ResourceKind

if TYPE_CHECKING:
    from mypy_boto3_dms.type_defs import CreateEndpointMessageTypeDef, CreateEndpointResponseTypeDef

__all__ = [
    "CONNECTION_MEANINGS",
    "ConnectionTestResult",
    "EndpointResult",
    "EndpointSpec",
    "EndpointType",
    "EndpointsFlow",
    "EndpointsInputs",
    "EndpointsResult",
    "RdsTarget",
    "SslMode",
    "connection_test_call",
    "create_endpoint",
    "create_endpoint_call",
    "create_endpoint_params",
    "endpoint_password",
    "endpoint_problems",
    "likely_fixes",
    "list_rds_targets",
    "planned_endpoint",
    "rds_target_spec",
    "run_connection_test",
    "target_spec_from_rds",
    "validate_endpoint_spec",
]

STEP = "endpoints"
ENGINES = ("mysql", "mariadb", "aurora")


class EndpointType(enum.StrEnum):
    SOURCE = "source"
    TARGET = "target"


class SslMode(enum.StrEnum):
    NONE = "none"
    REQUIRE = "require"
    VERIFY_CA = "verify-ca"
    VERIFY_FULL = "verify-full"


@dataclass(frozen=True)
class EndpointSpec:
    """One endpoint. ``password_name`` is the credential-store name of the password (empty:
    the login's, ``password_name(username, server_name, port)``, filled in by validation);
    ``database_name`` the database its tasks copy, kept in the ledger (not sent to DMS)."""

    identifier: str
    endpoint_type: EndpointType
    server_name: str
    username: str
    password_name: str = ""
    engine: str = "mysql"
    port: int = 3306
    database_name: str = ""
    ssl_mode: SslMode = SslMode.NONE
    extra_connection_attributes: str = ""


@dataclass(frozen=True)
class EndpointResult:
    identifier: str
    arn: str
    endpoint_type: EndpointType
    engine: str
    server_name: str
    port: int
    status: str


@dataclass(frozen=True)
class RdsTarget:
    """An RDS instance offered as a target, with what prefills the endpoint."""

    identifier: str
    engine: str
    address: str
    port: int
    master_username: str
    status: str


_EXTRA_ATTRIBUTE = re.compile(r"[A-Za-z][A-Za-z0-9_]*=[^;]*")


def _checks(spec: EndpointSpec) -> tuple[Callable[[], object], ...]:
    """One check per field: run in order by the validator, all of them by ``problems()``."""
    return (
        lambda: check.validate_dms_identifier(spec.identifier, "endpoint"),
        lambda: _check_engine(spec.engine),
        lambda: check.validate_server_name(spec.server_name),
        lambda: check.validate_port(spec.port),
        lambda: _check_username(spec.username),
        lambda: check.validate_database_name(spec.database_name),
        lambda: _check_extra_attributes(spec.extra_connection_attributes),
    )


def _check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise ValidationError(
            "engine", f"'{engine}' is not a MySQL-family engine.", "Use mysql or mariadb."
        )


def _check_username(username: str) -> None:
    if not username:
        raise ValidationError("username", "Enter the database user DMS logs in as.")


def _check_extra_attributes(text: str) -> None:
    for part in filter(None, (item.strip() for item in text.split(";"))):
        if not _EXTRA_ATTRIBUTE.fullmatch(part):
            raise ValidationError(
                "extra_connection_attributes",
                f"'{part}' is not a name=value setting.",
                "Write settings as name=value, separated by semicolons, e.g. "
                "parallelLoadThreads=4;initstmt=SET FOREIGN_KEY_CHECKS=0",
            )


def validate_endpoint_spec(spec: EndpointSpec) -> EndpointSpec:
    for run_check in _checks(spec):
        run_check()
    identifier = check.validate_dms_identifier(spec.identifier, "endpoint")
    server = check.validate_server_name(spec.server_name)
    name = spec.password_name or password_name(spec.username, server, spec.port)
    return replace(spec, identifier=identifier, server_name=server, password_name=name)


def endpoint_password(store: CredentialStore, spec: EndpointSpec) -> str | None:
    """The endpoint's saved password: under ``spec.password_name`` (an RDS database's master
    password), else under its login's name, where every flow and command saves one."""
    if spec.password_name not in ("", password_name(spec.username, spec.server_name, spec.port)):
        password = store.get(spec.password_name)
        if password:
            return password
    return saved_password(store, spec.username, spec.server_name, spec.port) or None


def _password(store: CredentialStore, spec: EndpointSpec) -> str:
    password = endpoint_password(store, spec)
    if not password:
        raise ValidationError(
            "password",
            f"No password is stored for the {spec.endpoint_type.value} database user.",
            "Enter the password; it is kept in your system keyring.",
        )
    return password


def create_endpoint_params(spec: EndpointSpec, password: str) -> CreateEndpointMessageTypeDef:
    params: CreateEndpointMessageTypeDef = {
        "EndpointIdentifier": spec.identifier,
        "EndpointType": spec.endpoint_type.value,
        "EngineName": spec.engine,
        "ServerName": spec.server_name,
        "Port": spec.port,
        "Username": spec.username,
        "Password": password,
        "SslMode": spec.ssl_mode.value,
        "Tags": [{"Key": "created-by", "Value": "migration-assistant"}],
    }
    # No DatabaseName: for MySQL and MariaDB endpoints AWS says not to set it (DMS would put
    # every table of the task into that one database); the schemas go in the table mapping.
    if spec.extra_connection_attributes.strip():
        params["ExtraConnectionAttributes"] = spec.extra_connection_attributes.strip()
    return params


def create_endpoint_call(
    spec: EndpointSpec, password: str
) -> AwsCall[CreateEndpointResponseTypeDef]:
    return aws_call(DMS.create_endpoint, **create_endpoint_params(spec, password))


def planned_endpoint(spec: EndpointSpec) -> PlannedCall:
    """The call ``create_endpoint`` makes for ``spec``, the password left out."""
    return PlannedCall(create_endpoint_call(spec, "(hidden)"))


async def list_rds_targets(door: AwsDoor) -> list[RdsTarget]:
    """The account's MySQL-family RDS instances, for the target endpoint choice."""
    found = await door.collect(RDS.describe_db_instances, "DBInstances")
    return [
        RdsTarget(
            identifier=item["DBInstanceIdentifier"],
            engine=item.get("Engine", ""),
            address=item.get("Endpoint", {}).get("Address", ""),
            port=int(item.get("Endpoint", {}).get("Port", 3306)),
            master_username=item.get("MasterUsername", ""),
            status=item.get("DBInstanceStatus", ""),
        )
        for item in found
        if item.get("Engine", "") in ("mysql", "mariadb", "aurora-mysql")
    ]


def rds_target_spec(
    db_identifier: str,
    identifier: str = "",
    *,
    address: str,
    port: int,
    username: str,
    engine: str,
    password_name: str = "",
) -> EndpointSpec:
    """The target endpoint of an RDS instance (``address`` may be a plan's placeholder)."""
    return EndpointSpec(
        identifier=identifier or f"target-{db_identifier}",
        endpoint_type=EndpointType.TARGET,
        server_name=address,
        port=port,
        username=username,
        password_name=password_name,
        engine="mariadb" if engine == "mariadb" else "mysql",
    )


async def target_spec_from_rds(
    ctx: FlowContext, db_identifier: str, identifier: str = ""
) -> EndpointSpec:
    """A target endpoint prefilled from the RDS instance (server, port, engine, user, and the
    password name the database flow stored)."""
    found = await ctx.door.call(RDS.describe_db_instances, DBInstanceIdentifier=db_identifier)
    item = found["DBInstances"][0]
    return rds_target_spec(
        db_identifier,
        identifier,
        address=item.get("Endpoint", {}).get("Address", ""),
        port=int(item.get("Endpoint", {}).get("Port", 3306)),
        username=item.get("MasterUsername", ""),
        engine=item.get("Engine", "mysql"),
        password_name=rds_password_name(await ctx.scope(), db_identifier),
    )


async def create_endpoint(
    spec: EndpointSpec, store: CredentialStore, ctx: FlowContext
) -> EndpointResult:
    spec = validate_endpoint_spec(spec)
    password = _password(store, spec)
    title = f"Create the {spec.endpoint_type.value} endpoint {spec.identifier}"
    with ctx.report.step(STEP, title):
        await check.ensure_dms_name_free(ctx.door, "endpoint", spec.identifier)
        created = await ctx.create(
            ResourceKind.DMS_ENDPOINT,
            spec.identifier,
            lambda: ctx.door.run(create_endpoint_call(spec, password)),
            lambda answer: Created(spec.identifier, str(answer["Endpoint"]["EndpointArn"])),
            details={"endpoint_type": spec.endpoint_type.value, "database": spec.database_name},
        )
        item = created["Endpoint"]
        arn = str(item["EndpointArn"])
    return EndpointResult(
        spec.identifier,
        arn,
        spec.endpoint_type,
        spec.engine,
        spec.server_name,
        spec.port,
        str(item.get("Status", "")),
    )


@dataclass(frozen=True)
class EndpointsInputs:
    """The Endpoints wizard's two: the on-prem source and the (RDS) target."""

    source: EndpointSpec
    target: EndpointSpec


@dataclass(frozen=True)
class EndpointsResult:
    source: EndpointResult
    target: EndpointResult


def endpoint_problems(spec: EndpointSpec, store: CredentialStore) -> dict[str, str]:
    """``problems()`` of one endpoint: every bad field, and a password missing from ``store``."""
    # The login's password name needs a valid spec: a bad spec fails this check as well.
    return all_problems(*_checks(spec), lambda: _password(store, validate_endpoint_spec(spec)))


class EndpointsFlow(Flow[EndpointsInputs, EndpointsResult]):
    """Both endpoints, source first. The passwords are read from ``store`` by name. The
    connection tests come after, from a replication instance chosen then
    (``run_connection_test``).

    An endpoint is made once: ``made`` (given apart, e.g. what a wizard's earlier try made)
    and whatever a run of this object made are reused, not created again, for a spec of the
    same type and identifier; ``plan()`` leaves them out. After a run stopped half-way,
    ``made`` says what exists, so the next try can be given it.
    """

    key = "endpoints"

    def __init__(
        self,
        inputs: EndpointsInputs,
        store: CredentialStore,
        *,
        made: Iterable[EndpointResult] = (),
    ) -> None:
        super().__init__(inputs)
        self._store = store
        self._made = {endpoint.endpoint_type: endpoint for endpoint in made}

    @property
    def made(self) -> tuple[EndpointResult, ...]:
        """The endpoints that exist for these inputs: given, or made by a run (source first)."""
        return tuple(
            endpoint
            for spec in (self.inputs.source, self.inputs.target)
            if (endpoint := self._reused(spec)) is not None
        )

    def _reused(self, spec: EndpointSpec) -> EndpointResult | None:
        """The endpoint already made for ``spec``: the same type and identifier."""
        endpoint = self._made.get(spec.endpoint_type)
        if endpoint is None:
            return None
        try:
            identifier = validate_endpoint_spec(spec).identifier
        except ValidationError:
            return None
        return endpoint if endpoint.identifier == identifier else None

    def problems(self) -> dict[str, str]:
        """Each field as ``source.server_name``, ``target.password`` ..."""
        return {
            f"{spec.endpoint_type.value}.{name}": text
            for spec in (self.inputs.source, self.inputs.target)
            for name, text in endpoint_problems(spec, self._store).items()
        }

    def plan(self) -> list[PlannedCall]:
        """A create per endpoint not made yet."""
        return [
            planned_endpoint(spec)
            for spec in (self.inputs.source, self.inputs.target)
            if self._reused(spec) is None
        ]

    async def _endpoint(self, spec: EndpointSpec, ctx: FlowContext) -> EndpointResult:
        endpoint = self._reused(spec)
        if endpoint is None:
            endpoint = await create_endpoint(spec, self._store, ctx)
            self._made[spec.endpoint_type] = endpoint
        return endpoint

    async def run(self, ctx: FlowContext) -> EndpointsResult:
        source = await self._endpoint(self.inputs.source, ctx)
        target = await self._endpoint(self.inputs.target, ctx)
        return EndpointsResult(source, target)
