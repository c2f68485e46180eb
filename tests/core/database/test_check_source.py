"""The preflight against real MariaDB servers: each finding a DMS task would trip on."""

from __future__ import annotations

import asyncio

import pytest

from core.database import (
    CheckStatus,
    DatabaseLogin,
    DatabaseSession,
    MigrationType,
    PreflightReport,
    render_fix_script,
    run_preflight,
)
from core.database.facts import read_server_facts
from core.events import Event, Progress, RecordingSink, StatusChanged, StepStarted, WasCancelled
from tests.fixtures.mariadb import DMS_PASSWORD, READER_PASSWORD, MariaDBServer

CDC = MigrationType.FULL_LOAD_AND_CDC


def login(server: MariaDBServer, user: str = "dms", password: str = DMS_PASSWORD) -> DatabaseLogin:
    return DatabaseLogin(server.host, user, password, port=server.port)


def not_passing(report: PreflightReport) -> dict[str, str]:
    return {c.id: f"{c.status.value}: {c.found}" for c in report.checks if c.status.value != "pass"}


async def test_a_well_configured_source_is_ready_for_ongoing_replication(
    dms_source: MariaDBServer,
) -> None:
    sink = RecordingSink()

    report = await run_preflight(login(dms_source), ["shop"], CDC, sink)

    assert not_passing(report) == {}
    assert report.ready
    assert report.version.startswith("10.11")
    assert [t.full_name for t in report.tables] == ["shop.customers", "shop.orders"]
    assert report.tables[0].key_columns == ("id",)
    assert report.check("mysql-check-replication-privileges").found.startswith("BINLOG MONITOR")
    assert render_fix_script(report) == ""
    started = [event.step for event in sink.of_type(StepStarted)]
    assert started == ["connect", "server", "tables"]
    assert sink.of_type(Progress)[-1] == Progress("tables", 1, 1, "schemas")
    statuses = {event.subject: event.status for event in sink.of_type(StatusChanged)}
    assert statuses == {check.id: "pass" for check in report.checks}


async def test_binary_logging_off_fails_ongoing_replication_and_warns_a_full_load(
    binlog_off_source: MariaDBServer,
) -> None:
    source = login(binlog_off_source)

    cdc = await run_preflight(source, ["shop"], MigrationType.CDC)
    full_load = await run_preflight(source, ["shop"], MigrationType.FULL_LOAD)

    enabled = cdc.check("mysql-check-binlog-enabled")
    assert enabled.status is CheckStatus.FAIL
    assert enabled.found == "log_bin = OFF"
    assert "log_bin=mysql-bin" in enabled.fix.config_lines
    assert enabled.fix.restart
    assert not cdc.ready
    assert full_load.check("mysql-check-binlog-enabled").status is CheckStatus.WARN
    assert (
        "only matters for ongoing replication"
        in full_load.check("mysql-check-binlog-enabled").found
    )
    assert full_load.ready
    # Stock MariaDB timeouts are shorter than DMS advises.
    timeouts = full_load.check("mysql-check-timeouts")
    assert timeouts.status is CheckStatus.WARN
    assert "SET GLOBAL net_read_timeout = 300;" in timeouts.fix.sql
    script = render_fix_script(cdc)
    assert "[mysqld]\nserver_id=1\nlog_bin=mysql-bin\nbinlog_format=ROW" in script
    assert "then restart the server" in script
    assert "SET GLOBAL net_read_timeout = 300;" in script


async def test_statement_format_fails_ongoing_replication_with_the_fix(
    statement_source: MariaDBServer,
) -> None:
    report = await run_preflight(login(statement_source), ["shop"], CDC)

    result = report.check("mysql-check-binlog-format")
    assert result.status is CheckStatus.FAIL
    assert result.found == "binlog_format = STATEMENT"
    assert result.fix.config_lines == ("binlog_format=ROW",)
    assert result.fix.sql == ("SET GLOBAL binlog_format = 'ROW';",)
    assert report.check("mysql-check-binlog-enabled").status is CheckStatus.PASS
    assert [c.id for c in report.failures] == ["mysql-check-binlog-format"]


async def test_a_user_without_replication_grants_gets_the_grant_statement(
    dms_source: MariaDBServer,
) -> None:
    reader = login(dms_source, "reader", READER_PASSWORD)

    cdc = await run_preflight(reader, ["shop", "legacy"], CDC)
    full_load = await run_preflight(reader, ["shop"], MigrationType.FULL_LOAD)

    grants = cdc.check("mysql-check-replication-privileges")
    assert grants.status is CheckStatus.FAIL
    assert grants.found == "missing REPLICATION CLIENT and REPLICATION SLAVE"
    assert grants.fix.sql == (
        "GRANT REPLICATION CLIENT, REPLICATION SLAVE ON *.* TO 'reader'@'%';",
    )
    select = cdc.check("mysql-check-select-privileges")
    assert select.status is CheckStatus.FAIL
    assert select.fix.sql == ("GRANT SELECT ON `legacy`.* TO 'reader'@'%';",)
    # The reader cannot see legacy at all, so the schema looks absent to it.
    assert cdc.check("mysql-check-schemas").status is CheckStatus.FAIL
    assert full_load.check("mysql-check-replication-privileges").status is CheckStatus.WARN
    # Without the privilege to ask, the replica check falls back to a public status variable.
    assert full_load.check("mysql-check-read-replica").found == "not a replica"


async def test_a_table_without_any_key_is_a_warning_naming_it(dms_source: MariaDBServer) -> None:
    report = await run_preflight(login(dms_source), ["legacy"], CDC)

    keys = report.check("mysql-check-table-primary-key")
    assert keys.status is CheckStatus.WARN
    assert keys.tables == ("legacy.audit_log",)
    assert "legacy.audit_log" in keys.found
    assert keys.fix.sql == (
        "ALTER TABLE `legacy`.`audit_log` ADD COLUMN `dms_row_id` BIGINT UNSIGNED NOT NULL "
        "AUTO_INCREMENT PRIMARY KEY;",
    )


async def test_a_myisam_table_is_a_warning_naming_it(dms_source: MariaDBServer) -> None:
    report = await run_preflight(login(dms_source), ["legacy"], CDC)

    engine = report.check("mysql-check-table-storage-engine")
    assert engine.status is CheckStatus.WARN
    assert engine.tables == ("legacy.old_stats",)
    assert engine.found == "not InnoDB: legacy.old_stats (MyISAM)"
    assert engine.fix.sql == ("ALTER TABLE `legacy`.`old_stats` ENGINE=InnoDB;",)
    assert report.ready
    assert "ALTER TABLE `legacy`.`old_stats` ENGINE=InnoDB;" in render_fix_script(report)


async def test_without_schemas_it_checks_every_user_schema_it_can_see(
    dms_source: MariaDBServer,
) -> None:
    report = await run_preflight(login(dms_source), (), MigrationType.FULL_LOAD)

    assert report.schemas == ("legacy", "shop")
    assert report.check("mysql-check-schemas").found.startswith("4 tables")


async def test_a_missing_schema_fails(dms_source: MariaDBServer) -> None:
    report = await run_preflight(login(dms_source), ["shop", "nope"], CDC)

    schemas = report.check("mysql-check-schemas")
    assert schemas.status is CheckStatus.FAIL
    assert schemas.found == "not found (or no privilege on): nope"


async def test_cancelling_closes_the_session_and_reports_it(dms_source: MariaDBServer) -> None:
    events: list[Event] = []
    task: asyncio.Task[PreflightReport]

    def cancel_once_connected(event: Event) -> None:
        events.append(event)
        if event == StepStarted("server", "Reading the server configuration and grants"):
            task.cancel()

    task = asyncio.create_task(
        run_preflight(login(dms_source), ["shop"], CDC, cancel_once_connected)
    )
    with pytest.raises(asyncio.CancelledError):
        await task

    assert isinstance(events[-1], WasCancelled)
    assert not any(isinstance(event, StatusChanged) for event in events)


async def test_password_hashes_from_show_grants_are_not_kept(dms_source: MariaDBServer) -> None:
    async with await DatabaseSession.open(login(dms_source)) as session:
        facts = await read_server_facts(session)

    assert any("BINLOG MONITOR" in line for line in facts.grant_lines)
    assert not any(
        "PASSWORD" in line or "*" in line.split(" TO ")[-1] for line in facts.grant_lines
    )
