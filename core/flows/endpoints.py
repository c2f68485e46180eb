"""DMS endpoints (where data comes from and goes to) and their connection tests.

Passwords come from the credential store by name, never from the spec; the names are
core.database.passwords' (the login's, or an RDS database's master password). A failed test
returns DMS's own message with the likely fixes in plain words.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from core.aws import DMS, RDS, AwsDoor, aws_call, poll_until
from core.credentials import CredentialStore
from core.database.passwords import password_name, rds_password_name, saved_password
from core.errors import ValidationError
from core.flows import input_checks as check
from core.flows.context import Created, FlowContext
from core.ledger import ResourceKind

if TYPE_CHECKING:
    from mypy_boto3_dms.type_defs import CreateEndpointMessageTypeDef

__all__ = [
    "CONNECTION_MEANINGS",
    "ConnectionTestResult",
    "EndpointResult",
    "EndpointSpec",
    "EndpointType",
    "RdsTarget",
    "SslMode",
    "create_endpoint",
    "create_endpoint_params",
    "endpoint_password",
    "likely_fixes",
    "list_rds_targets",
    "review_command",
    "run_connection_test",
    "target_spec_from_rds",
    "validate_endpoint_spec",
]

STEP = "endpoints"
ENGINES = ("mysql", "mariadb", "aurora")

CONNECTION_MEANINGS = {
    "testing": "DMS is trying to log in to the database from the replication instance.",
    "successful": "DMS reached the database and logged in.",
    "failed": "DMS could not connect; see the message and the likely fixes.",
}


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


@dataclass(frozen=True)
class ConnectionTestResult:
    endpoint_arn: str
    replication_instance_arn: str
    status: str
    message: str = ""
    likely_fixes: tuple[str, ...] = ()

    @property
    def succeeded(self) -> bool:
        return self.status == "successful"


_EXTRA_ATTRIBUTE = re.compile(r"[A-Za-z][A-Za-z0-9_]*=[^;]*")


def validate_endpoint_spec(spec: EndpointSpec) -> EndpointSpec:
    identifier = check.validate_dms_identifier(spec.identifier, "endpoint")
    if spec.engine not in ENGINES:
        raise ValidationError(
            "engine", f"'{spec.engine}' is not a MySQL-family engine.", "Use mysql or mariadb."
        )
    server = check.validate_server_name(spec.server_name)
    check.validate_port(spec.port)
    if not spec.username:
        raise ValidationError("username", "Enter the database user DMS logs in as.")
    if spec.database_name:
        check.validate_database_name(spec.database_name)
    for part in filter(
        None, (item.strip() for item in spec.extra_connection_attributes.split(";"))
    ):
        if not _EXTRA_ATTRIBUTE.fullmatch(part):
            raise ValidationError(
                "extra_connection_attributes",
                f"'{part}' is not a name=value setting.",
                "Write settings as name=value, separated by semicolons, e.g. "
                "parallelLoadThreads=4;initstmt=SET FOREIGN_KEY_CHECKS=0",
            )
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


def review_command(door: AwsDoor, spec: EndpointSpec) -> str:
    return door.cli(aws_call(DMS.create_endpoint, **create_endpoint_params(spec, "(hidden)")))


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


async def target_spec_from_rds(
    ctx: FlowContext, db_identifier: str, identifier: str = ""
) -> EndpointSpec:
    """A target endpoint prefilled from the RDS instance (server, port, engine, user, and the
    password name the database flow stored)."""
    found = await ctx.door.call(RDS.describe_db_instances, DBInstanceIdentifier=db_identifier)
    item = found["DBInstances"][0]
    engine = item.get("Engine", "mysql")
    return EndpointSpec(
        identifier=identifier or f"target-{db_identifier}",
        endpoint_type=EndpointType.TARGET,
        server_name=item.get("Endpoint", {}).get("Address", ""),
        port=int(item.get("Endpoint", {}).get("Port", 3306)),
        username=item.get("MasterUsername", ""),
        password_name=rds_password_name(await ctx.scope(), db_identifier),
        engine="mariadb" if engine == "mariadb" else "mysql",
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
            lambda: ctx.door.call(DMS.create_endpoint, **create_endpoint_params(spec, password)),
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


_FIX_PORT = (
    "Port closed: allow TCP {port} from the replication instance in the database's security "
    "group (RDS) or in the server's firewall and any router in front of it (on-prem)."
)
_FIX_BIND = (
    "MySQL listens only on localhost: set bind-address = 0.0.0.0 (or the server's address) "
    "in my.cnf and restart MySQL."
)
_FIX_GRANT = (
    "The user is not allowed from the replication instance's address: create it as "
    "'user'@'<replication instance IP>' (or '%') and grant it SELECT (and REPLICATION "
    "CLIENT, REPLICATION SLAVE for ongoing replication)."
)
_FIX_PASSWORD = "Wrong user name or password: check them and save the endpoint again."
_FIX_HOST = "The server name does not resolve from AWS: use a public DNS name or IP address."
_FIX_SSL = "SSL mismatch: choose the SSL mode the server supports (none if it has no TLS)."
_FIX_DATABASE = "The database name does not exist on the server: check its spelling."


def likely_fixes(message: str, port: int = 3306) -> tuple[str, ...]:
    """The likely causes of a failed DMS connection test, most likely first."""
    text = message.lower()
    fixes: list[str] = []
    if "access denied" in text or "authentication" in text or "password" in text:
        fixes += [_FIX_PASSWORD, _FIX_GRANT]
    if "is not allowed to connect" in text:
        fixes.append(_FIX_GRANT)
    if "unknown mysql server host" in text or "resolve" in text or "name or service" in text:
        fixes.append(_FIX_HOST)
    if "ssl" in text or "tls" in text:
        fixes.append(_FIX_SSL)
    if "unknown database" in text:
        fixes.append(_FIX_DATABASE)
    if any(
        sign in text
        for sign in ("timed out", "timeout", "can't connect", "cannot connect", "refused", "route")
    ):
        fixes += [_FIX_PORT.format(port=port), _FIX_BIND]
    if not fixes:
        fixes = [_FIX_PORT.format(port=port), _FIX_BIND, _FIX_GRANT, _FIX_PASSWORD]
    return tuple(dict.fromkeys(fixes))


async def run_connection_test(
    ctx: FlowContext,
    replication_instance_arn: str,
    endpoint_arn: str,
    *,
    label: str = "Endpoint",
    port: int = 3306,
) -> ConnectionTestResult:
    """Ask DMS to log in to the endpoint from the replication instance; poll until the test
    is successful or failed. A failure is a result (with fixes), not an exception."""
    await ctx.door.call(
        DMS.test_connection,
        ReplicationInstanceArn=replication_instance_arn,
        EndpointArn=endpoint_arn,
    )

    async def describe() -> dict[str, Any]:
        found = await ctx.door.call(
            DMS.describe_connections,
            Filters=[
                {"Name": "endpoint-arn", "Values": [endpoint_arn]},
                {"Name": "replication-instance-arn", "Values": [replication_instance_arn]},
            ],
        )
        connections = found.get("Connections", [])
        return dict(connections[0]) if connections else {"Status": "testing"}

    item = await poll_until(
        describe,
        lambda found: str(found.get("Status", "")),
        done={"successful", "failed"},
        subject=f"{label} connection test",
        meanings=CONNECTION_MEANINGS,
        sink=ctx.sink,
        clock=ctx.clock,
        first_delay=2,
        max_delay=10,
        give_up_after=600,
    )
    status = str(item.get("Status", ""))
    if status == "successful":
        return ConnectionTestResult(endpoint_arn, replication_instance_arn, status)
    message = str(item.get("LastFailureMessage", "")) or "DMS gave no reason."
    return ConnectionTestResult(
        endpoint_arn, replication_instance_arn, status, message, likely_fixes(message, port)
    )
