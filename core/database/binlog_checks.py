"""Checks of the server's configuration: version and everything DMS needs to read the binlog.

Each function is pure (facts in, result out). Binary-log problems fail a migration with
ongoing replication and are warnings for a full load, which does not read the binary log.
"""

from __future__ import annotations

import re

from core.database.facts import ServerFacts
from core.database.results import CheckResult, CheckStatus, Fix, MigrationType

__all__ = [
    "MIN_RETENTION_HOURS",
    "binlog_checks",
    "check_binlog_compression",
    "check_binlog_enabled",
    "check_binlog_format",
    "check_binlog_retention",
    "check_binlog_row_image",
    "check_read_replica",
    "check_server_id",
    "check_version",
    "problem_status",
]

MIN_RETENTION_HOURS = 24
_RDS_PARAMETERS = "In the DB parameter group of the instance set "

_BINLOG_BASE = (
    "server_id=1",
    "log_bin=mysql-bin",
    "binlog_format=ROW",
    "binlog_row_image=FULL",
    "binlog_expire_logs_seconds=86400",
)


def problem_status(migration_type: MigrationType) -> CheckStatus:
    """How bad a binary-log problem is for this migration type."""
    return CheckStatus.FAIL if migration_type.ongoing else CheckStatus.WARN


def _full_load_note(migration_type: MigrationType) -> str:
    if migration_type.ongoing:
        return ""
    return (
        " A full load does not read the binary log, so this only matters for ongoing replication."
    )


def _version_numbers(version: str) -> tuple[int, int, int] | None:
    match = re.match(r"(\d+)\.(\d+)\.(\d+)", version)
    if match is None:
        return None
    return int(match[1]), int(match[2]), int(match[3])


def check_version(facts: ServerFacts) -> CheckResult:
    numbers = _version_numbers(facts.version)
    product = "MariaDB" if facts.is_mariadb else "MySQL"
    found = f"{product} {facts.version}"
    why = "DMS reads MySQL 5.5 to 8.x and MariaDB 10.x sources; other versions may not work."
    status = CheckStatus.PASS
    note = ""
    if numbers is None:
        status, note = CheckStatus.WARN, "Check the version against the DMS supported versions."
    elif facts.is_mariadb:
        if numbers < (10, 0, 24):
            status, note = CheckStatus.FAIL, "Upgrade MariaDB to 10.6 or 10.11 before migrating."
        elif numbers[0] > 10:
            status = CheckStatus.WARN
            note = "This MariaDB is newer than the 10.x series DMS documents; check the DMS "
            note += "release notes for support of your version."
    elif numbers < (5, 5, 0):
        status, note = CheckStatus.FAIL, "Upgrade MySQL to 5.7 or 8.0 before migrating."
    elif numbers < (5, 7, 0):
        status = CheckStatus.WARN
        note = "MySQL 5.5/5.6 are past end of life; DMS may drop them. Upgrade when you can."
    elif numbers >= (9, 0, 0):
        status = CheckStatus.WARN
        note = "MySQL 9 is newer than what DMS documents; check the DMS supported versions."
    return CheckResult(
        "mysql-check-database-version", "Database version", status, found, why, Fix(note=note)
    )


def _binlog_config_fix(
    facts: ServerFacts, lines: tuple[str, ...], sql: tuple[str, ...] = (), restart: bool = True
) -> Fix:
    if facts.is_rds:
        names = ", ".join(lines)
        return Fix(note=_RDS_PARAMETERS + names + ", then reboot if the parameter is static.")
    return Fix(config_lines=lines, restart=restart, sql=sql)


def check_binlog_enabled(facts: ServerFacts, migration_type: MigrationType) -> CheckResult:
    enabled = facts.flag("log_bin")
    title = "Binary logging is on"
    why = (
        "DMS reads ongoing changes from the binary log; without it ongoing replication "
        "cannot start."
    )
    if enabled:
        return CheckResult(
            "mysql-check-binlog-enabled", title, CheckStatus.PASS, "log_bin = ON", why
        )
    fix = _binlog_config_fix(facts, _BINLOG_BASE)
    if facts.is_rds:
        fix = Fix(
            note="Turn on automated backups (backup retention of 1 day or more): "
            "RDS then turns the binary log on."
        )
    return CheckResult(
        "mysql-check-binlog-enabled",
        title,
        problem_status(migration_type),
        "log_bin = OFF" + _full_load_note(migration_type),
        why,
        fix,
    )


def check_binlog_format(facts: ServerFacts, migration_type: MigrationType) -> CheckResult:
    value = (facts.variable("binlog_format") or "unknown").upper()
    title = "Binary log format is ROW"
    why = (
        "DMS can only read row events; with STATEMENT or MIXED it misses or rejects changes "
        "and the task stops."
    )
    if value == "ROW":
        return CheckResult(
            "mysql-check-binlog-format", title, CheckStatus.PASS, "binlog_format = ROW", why
        )
    fix = _binlog_config_fix(
        facts, ("binlog_format=ROW",), ("SET GLOBAL binlog_format = 'ROW';",), restart=False
    )
    return CheckResult(
        "mysql-check-binlog-format",
        title,
        problem_status(migration_type),
        f"binlog_format = {value}" + _full_load_note(migration_type),
        why,
        fix,
    )


def check_binlog_row_image(facts: ServerFacts, migration_type: MigrationType) -> CheckResult:
    value = facts.variable("binlog_row_image")
    title = "Binary log row image is FULL"
    why = "DMS needs every column of a changed row; MINIMAL or NOBLOB images lose data on update."
    if value is None or value.upper() == "FULL":
        found = "binlog_row_image = FULL" if value else "not configurable here (always full)"
        return CheckResult("mysql-check-binlog-image", title, CheckStatus.PASS, found, why)
    fix = _binlog_config_fix(
        facts,
        ("binlog_row_image=FULL",),
        ("SET GLOBAL binlog_row_image = 'FULL';",),
        restart=False,
    )
    return CheckResult(
        "mysql-check-binlog-image",
        title,
        problem_status(migration_type),
        f"binlog_row_image = {value.upper()}" + _full_load_note(migration_type),
        why,
        fix,
    )


def check_server_id(facts: ServerFacts, migration_type: MigrationType) -> CheckResult:
    server_id = facts.number("server_id")
    title = "server_id is 1 or more"
    why = "A server with server_id 0 refuses replication clients, and DMS connects as one."
    if server_id is not None and server_id >= 1:
        return CheckResult(
            "mysql-check-server-id", title, CheckStatus.PASS, f"server_id = {int(server_id)}", why
        )
    fix = _binlog_config_fix(facts, ("server_id=1",), ("SET GLOBAL server_id = 1;",), restart=False)
    return CheckResult(
        "mysql-check-server-id",
        title,
        problem_status(migration_type),
        f"server_id = {facts.variable('server_id')}" + _full_load_note(migration_type),
        why,
        fix,
    )


def _retention_seconds(facts: ServerFacts) -> float:
    seconds = facts.number("binlog_expire_logs_seconds") or 0.0
    if seconds > 0:
        return seconds
    return (facts.number("expire_logs_days") or 0.0) * 86400


def check_binlog_retention(facts: ServerFacts, migration_type: MigrationType) -> CheckResult:
    title = "Binary logs are kept long enough"
    why = (
        f"If a DMS task stops for longer than the binary logs are kept, it cannot resume and the "
        f"whole migration restarts; keep at least {MIN_RETENTION_HOURS} hours."
    )
    check_id = "mysql-check-binlog-retention"
    if facts.is_rds:
        fix = Fix(
            sql=(
                f"CALL mysql.rds_set_configuration('binlog retention hours', "
                f"{MIN_RETENTION_HOURS});",
            )
        )
        return CheckResult(
            check_id,
            title,
            CheckStatus.WARN,
            "RDS keeps binary logs only briefly unless configured",
            why,
            fix,
        )
    seconds = _retention_seconds(facts)
    fix = Fix(
        config_lines=(f"binlog_expire_logs_seconds={MIN_RETENTION_HOURS * 3600}",),
        sql=(f"SET GLOBAL binlog_expire_logs_seconds = {MIN_RETENTION_HOURS * 3600};",),
        note="On MySQL 5.7 or MariaDB before 10.6 use expire_logs_days=1 instead.",
    )
    if seconds == 0:
        status = CheckStatus.WARN if migration_type.ongoing else CheckStatus.PASS
        found = "binary logs are never removed automatically (watch the disk)"
        return CheckResult(
            check_id, title, status, found, why, fix if status is CheckStatus.WARN else Fix()
        )
    hours = seconds / 3600
    found = f"binary logs are kept {hours:g} hour{'' if hours == 1 else 's'}"
    if hours >= MIN_RETENTION_HOURS:
        return CheckResult(check_id, title, CheckStatus.PASS, found, why)
    status = CheckStatus.WARN if hours >= 1 or not migration_type.ongoing else CheckStatus.FAIL
    return CheckResult(check_id, title, status, found + _full_load_note(migration_type), why, fix)


def check_binlog_compression(facts: ServerFacts, migration_type: MigrationType) -> CheckResult:
    title = "Binary log compression is off"
    why = "DMS cannot read compressed binary log events; the task fails on the first one."
    check_id = "mysql-check-binlog-compression"
    for name in ("binlog_transaction_compression", "log_bin_compress"):
        value = facts.flag(name)
        if value:
            fix = _binlog_config_fix(
                facts, (f"{name}=OFF",), (f"SET GLOBAL {name} = OFF;",), restart=False
            )
            found = f"{name} = ON" + _full_load_note(migration_type)
            return CheckResult(check_id, title, problem_status(migration_type), found, why, fix)
    present = [
        name
        for name in ("binlog_transaction_compression", "log_bin_compress")
        if facts.variable(name) is not None
    ]
    found = f"{present[0]} = OFF" if present else "this server cannot compress binary logs"
    return CheckResult(check_id, title, CheckStatus.PASS, found, why)


def check_read_replica(facts: ServerFacts, migration_type: MigrationType) -> CheckResult:
    title = "A replica logs the changes it applies"
    why = (
        "On a read replica DMS only sees replicated changes if log_slave_updates is ON; "
        "otherwise the binary log stays empty and the target silently falls behind."
    )
    check_id = "mysql-check-read-replica"
    logs_updates = facts.flag("log_slave_updates") or facts.flag("log_replica_updates")
    if facts.replica is False:
        return CheckResult(check_id, title, CheckStatus.PASS, "not a replica", why)
    if logs_updates:
        return CheckResult(check_id, title, CheckStatus.PASS, "log_slave_updates = ON", why)
    fix = _binlog_config_fix(facts, ("log_slave_updates=ON",))
    if facts.replica is None:
        found = "could not tell whether this server is a replica (no privilege to ask)"
        return CheckResult(
            check_id,
            title,
            CheckStatus.WARN,
            found,
            why,
            Fix(
                note="If this server is a replica: set log_slave_updates=ON in "
                "my.cnf and restart it."
            ),
        )
    found = "this server is a replica and log_slave_updates = OFF" + _full_load_note(migration_type)
    return CheckResult(check_id, title, problem_status(migration_type), found, why, fix)


def binlog_checks(facts: ServerFacts, migration_type: MigrationType) -> list[CheckResult]:
    """The server configuration checks in the order a person reads them."""
    return [
        check_version(facts),
        check_binlog_enabled(facts, migration_type),
        check_binlog_format(facts, migration_type),
        check_binlog_row_image(facts, migration_type),
        check_server_id(facts, migration_type),
        check_binlog_retention(facts, migration_type),
        check_binlog_compression(facts, migration_type),
        check_read_replica(facts, migration_type),
    ]
