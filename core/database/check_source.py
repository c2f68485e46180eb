"""The source database preflight: connect, read, judge, report; before anything is created.

``run_preflight`` emits StepStarted/Progress/StepFinished while it reads, then one
StatusChanged per check (subject = check id, status = pass/warn/fail, meaning = title).
Cancel it by cancelling its task: the session closes and WasCancelled is emitted.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from core.database.access_checks import (
    check_max_allowed_packet,
    check_replication_privileges,
    check_schemas,
    check_select_privileges,
    check_storage_engine,
    check_table_keys,
    check_timeouts,
)
from core.database.binlog_checks import binlog_checks
from core.database.connection import DatabaseLogin, DatabaseSession
from core.database.facts import ServerFacts, read_server_facts
from core.database.results import (
    CheckResult,
    CheckStatus,
    MigrationType,
    PreflightReport,
    TableInfo,
)
from core.database.schema_inventory import list_schemas, list_tables
from core.errors import MigrationAssistantError
from core.events import EventSink, Failed, Reporter, StatusChanged, WasCancelled, discard

__all__ = ["SYSTEM_SCHEMAS", "evaluate", "run_preflight"]

SYSTEM_SCHEMAS = frozenset({"mysql", "information_schema", "performance_schema", "sys"})


def _account(current_user: str) -> str:
    """``'user'@'host'`` as GRANT statements want it, from CURRENT_USER()'s ``user@host``."""
    user, _, host = current_user.rpartition("@")
    return f"'{user}'@'{host}'"


def evaluate(
    login: DatabaseLogin,
    facts: ServerFacts,
    *,
    account: str,
    schemas: Sequence[str],
    present: set[str],
    tables: Sequence[TableInfo],
    migration_type: MigrationType,
) -> PreflightReport:
    """All checks on what was read; pure, so the GUI can re-judge for another migration type."""
    connection = CheckResult(
        "mysql-check-connection",
        "The server accepts the login",
        CheckStatus.PASS,
        f"connected to {login.host}:{login.port} as {account}",
        "DMS connects the same way from its replication instance (TCP, this user).",
    )
    checks = [
        connection,
        *binlog_checks(facts, migration_type),
        check_select_privileges(facts, account, schemas),
        check_replication_privileges(facts, account, migration_type),
        check_schemas(schemas, present, tables),
        check_storage_engine(tables),
        check_table_keys(tables),
        check_timeouts(facts),
        check_max_allowed_packet(facts),
    ]
    return PreflightReport(
        server=login.label,
        version=facts.version,
        migration_type=migration_type,
        schemas=tuple(schemas),
        checks=tuple(checks),
        tables=tuple(tables),
    )


async def run_preflight(
    login: DatabaseLogin,
    schemas: Sequence[str] = (),
    migration_type: MigrationType = MigrationType.FULL_LOAD_AND_CDC,
    sink: EventSink = discard,
) -> PreflightReport:
    """Checks the source for a DMS migration of ``schemas`` (all user schemas when empty).

    Raises DatabaseConnectionFailed when it cannot log in (refused, timed out, bad
    password, host not allowed), DatabaseQueryFailed when the server breaks off.
    """
    reporter = Reporter(sink)
    try:
        with reporter.step("connect", f"Connecting to {login.label}"):
            session = await DatabaseSession.open(login)
        try:
            with reporter.step("server", "Reading the server configuration and grants"):
                facts = await read_server_facts(session)
                row = await session.fetch_one("SELECT CURRENT_USER()")
                account = _account(str(row[0]) if row else f"{login.user}@%")
            with reporter.step("tables", "Reading the tables of the chosen schemas"):
                present = await list_schemas(session)
                chosen = list(schemas) or sorted(present - SYSTEM_SCHEMAS)
                tables: list[TableInfo] = []
                for done, schema in enumerate(chosen):
                    reporter.progress("tables", done, len(chosen), "schemas")
                    if schema in present:
                        tables += await list_tables(session, [schema])
                reporter.progress("tables", len(chosen), len(chosen), "schemas")
        finally:
            session.close()
    except asyncio.CancelledError:
        sink(WasCancelled("source database check"))
        raise
    except MigrationAssistantError as error:
        sink(Failed(error))
        raise
    report = evaluate(
        login,
        facts,
        account=account,
        schemas=chosen,
        present=present,
        tables=tables,
        migration_type=migration_type,
    )
    for check in report.checks:
        sink(StatusChanged(check.id, check.status.value, None, check.title))
    return report
