"""Reading what the preflight judges: version, global variables, grants, replica state.

Everything here is read-only and needs no privilege beyond logging in: a user without
replication grants still gets an answer for each item (``None`` when the server won't tell).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from core.database.connection import DatabaseQueryFailed, DatabaseSession

__all__ = ["VARIABLES", "ServerFacts", "read_server_facts"]

VARIABLES = (
    "log_bin",
    "binlog_format",
    "binlog_row_image",
    "server_id",
    "binlog_expire_logs_seconds",
    "expire_logs_days",
    "binlog_transaction_compression",
    "log_bin_compress",
    "log_slave_updates",
    "log_replica_updates",
    "net_read_timeout",
    "net_write_timeout",
    "wait_timeout",
    "max_allowed_packet",
    "basedir",
    "version_comment",
)

_IDENTIFIED = re.compile(r"\s+IDENTIFIED\s+(BY|VIA|WITH)\s.*$", re.IGNORECASE | re.DOTALL)
_NO_PRIVILEGE = 1227
_SYNTAX_ERROR = 1064


@dataclass(frozen=True)
class ServerFacts:
    """A snapshot of one server. ``replica`` is None when the server would not say."""

    version: str
    variables: Mapping[str, str]
    grant_lines: tuple[str, ...]
    replica: bool | None

    def variable(self, name: str) -> str | None:
        return self.variables.get(name)

    @property
    def is_mariadb(self) -> bool:
        return "mariadb" in self.version.lower()

    @property
    def is_rds(self) -> bool:
        # RDS and Aurora install under /rdsdbbin; my.cnf does not exist there.
        return (self.variable("basedir") or "").startswith("/rdsdbbin")

    def flag(self, name: str) -> bool | None:
        value = self.variable(name)
        if value is None:
            return None
        return value.upper() in {"ON", "1", "TRUE", "YES"}

    def number(self, name: str) -> float | None:
        value = self.variable(name)
        try:
            return float(value) if value is not None else None
        except ValueError:
            return None


async def _replica_state(session: DatabaseSession) -> bool | None:
    for statement in ("SHOW REPLICA STATUS", "SHOW SLAVE STATUS"):
        try:
            return bool(await session.fetch_all(statement))
        except DatabaseQueryFailed as error:
            if error.code == _SYNTAX_ERROR:
                continue  # older servers only know SHOW SLAVE STATUS
            if error.code != _NO_PRIVILEGE:
                raise
            break
    # Without SLAVE MONITOR/REPLICATION CLIENT: MariaDB's status variable is public.
    row = await session.fetch_one("SHOW GLOBAL STATUS LIKE 'Slave_running'")
    if row is not None:
        return str(row[1]).upper() == "ON"
    return None


async def read_server_facts(session: DatabaseSession) -> ServerFacts:
    version_row = await session.fetch_one("SELECT VERSION()")
    version = str(version_row[0]) if version_row else ""
    names = ", ".join(["%s"] * len(VARIABLES))
    rows = await session.fetch_all(
        f"SHOW GLOBAL VARIABLES WHERE Variable_name IN ({names})", list(VARIABLES)
    )
    variables = {str(name): str(value) for name, value in rows}
    grant_rows = await session.fetch_all("SHOW GRANTS FOR CURRENT_USER()")
    # The password hash stays on the server: nothing downstream needs it.
    grants = tuple(_IDENTIFIED.sub("", str(row[0])) for row in grant_rows)
    replica = await _replica_state(session)
    return ServerFacts(version, variables, grants, replica)
