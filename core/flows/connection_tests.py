"""DMS connection tests: DMS logs in to an endpoint's database from a replication instance,
as the migration will. A failed test returns DMS's own message with the likely fixes in
plain words (a result, not an exception)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.aws import DMS, AwsCall, aws_call, poll_until
from core.flows.context import FlowContext

if TYPE_CHECKING:
    from mypy_boto3_dms.type_defs import TestConnectionResponseTypeDef

__all__ = [
    "CONNECTION_MEANINGS",
    "ConnectionTestResult",
    "connection_test_call",
    "likely_fixes",
    "run_connection_test",
]

CONNECTION_MEANINGS = {
    "testing": "DMS is trying to log in to the database from the replication instance.",
    "successful": "DMS reached the database and logged in.",
    "failed": "DMS could not connect; see the message and the likely fixes.",
}


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


def connection_test_call(
    replication_instance_arn: str, endpoint_arn: str
) -> AwsCall[TestConnectionResponseTypeDef]:
    """The call that starts a test (a plan may name either ARN by a placeholder)."""
    return aws_call(
        DMS.test_connection,
        ReplicationInstanceArn=replication_instance_arn,
        EndpointArn=endpoint_arn,
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
    await ctx.door.run(connection_test_call(replication_instance_arn, endpoint_arn))

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
