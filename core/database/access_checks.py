"""Checks of the DMS user's grants, the chosen schemas' tables, and session limits.

Pure functions. Tables without a key and tables not in InnoDB are warnings naming each table,
with the ALTER TABLE that fixes it.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.database.binlog_checks import problem_status
from core.database.facts import ServerFacts
from core.database.grants import (
    REPLICATION_CLIENT_NAMES,
    SelectAccess,
    has_global_privilege,
    parse_grants,
    select_access,
)
from core.database.results import CheckResult, CheckStatus, Fix, MigrationType, TableInfo

__all__ = [
    "MIN_MAX_ALLOWED_PACKET",
    "MIN_TIMEOUT_SECONDS",
    "check_max_allowed_packet",
    "check_replication_privileges",
    "check_schemas",
    "check_select_privileges",
    "check_storage_engine",
    "check_table_keys",
    "check_timeouts",
    "quote_name",
]

MIN_TIMEOUT_SECONDS = 300
MIN_MAX_ALLOWED_PACKET = 16 * 1024 * 1024
_TIMEOUTS = ("net_read_timeout", "net_write_timeout", "wait_timeout")


def quote_name(name: str) -> str:
    """A MySQL identifier in backquotes."""
    return "`" + name.replace("`", "``") + "`"


def _table_name(table: TableInfo) -> str:
    return f"{quote_name(table.schema)}.{quote_name(table.name)}"


def _roles_note(has_roles: bool) -> str:
    return " (privileges held through roles are not counted)" if has_roles else ""


def check_select_privileges(
    facts: ServerFacts, account: str, schemas: Sequence[str]
) -> CheckResult:
    grants, has_roles = parse_grants(facts.grant_lines)
    title = "The user can read the chosen schemas"
    why = "DMS reads every table it migrates with SELECT; a table it cannot read stops the load."
    missing = [schema for schema in schemas if select_access(grants, schema) is SelectAccess.NONE]
    partial = [
        schema for schema in schemas if select_access(grants, schema) is SelectAccess.SOME_TABLES
    ]
    sql = tuple(
        f"GRANT SELECT ON {quote_name(schema)}.* TO {account};" for schema in missing + partial
    )
    if missing:
        found = "no SELECT on " + ", ".join(missing) + _roles_note(has_roles)
        return CheckResult(
            "mysql-check-select-privileges", title, CheckStatus.FAIL, found, why, Fix(sql=sql)
        )
    if partial:
        found = "SELECT on some tables only in " + ", ".join(partial) + _roles_note(has_roles)
        return CheckResult(
            "mysql-check-select-privileges", title, CheckStatus.WARN, found, why, Fix(sql=sql)
        )
    found = "SELECT on " + (", ".join(schemas) if schemas else "no schema chosen")
    return CheckResult("mysql-check-select-privileges", title, CheckStatus.PASS, found, why)


def check_replication_privileges(
    facts: ServerFacts, account: str, migration_type: MigrationType
) -> CheckResult:
    grants, has_roles = parse_grants(facts.grant_lines)
    client_name = "BINLOG MONITOR" if facts.is_mariadb else "REPLICATION CLIENT"
    has_client = has_global_privilege(grants, REPLICATION_CLIENT_NAMES)
    has_slave = has_global_privilege(grants, {"REPLICATION SLAVE"})
    title = "The user may read the binary log"
    why = (
        "For ongoing replication DMS asks for the binary log position (REPLICATION CLIENT, "
        "called BINLOG MONITOR on MariaDB) and reads the log as a replica (REPLICATION SLAVE)."
    )
    held = [
        name for name, has in ((client_name, has_client), ("REPLICATION SLAVE", has_slave)) if has
    ]
    missing = [
        name
        for name, has in (("REPLICATION CLIENT", has_client), ("REPLICATION SLAVE", has_slave))
        if not has
    ]
    if not missing:
        found = f"{client_name} and REPLICATION SLAVE on *.*"
        return CheckResult(
            "mysql-check-replication-privileges", title, CheckStatus.PASS, found, why
        )
    found = "missing " + " and ".join(missing)
    if held:
        found += "; has " + ", ".join(held)
    found += _roles_note(has_roles)
    if not migration_type.ongoing:
        found += " (only needed for ongoing replication)"
    fix = Fix(sql=(f"GRANT {', '.join(missing)} ON *.* TO {account};",))
    return CheckResult(
        "mysql-check-replication-privileges", title, problem_status(migration_type), found, why, fix
    )


def check_schemas(
    schemas: Sequence[str], present: set[str], tables: Sequence[TableInfo]
) -> CheckResult:
    title = "The chosen schemas exist and hold tables"
    why = "DMS table mappings name schemas; a schema DMS cannot see migrates nothing."
    absent = [schema for schema in schemas if schema not in present]
    if absent:
        found = "not found (or no privilege on): " + ", ".join(absent)
        fix = Fix(note="Check the schema names, and grant the user SELECT on them.")
        return CheckResult("mysql-check-schemas", title, CheckStatus.FAIL, found, why, fix)
    if not schemas:
        return CheckResult(
            "mysql-check-schemas",
            title,
            CheckStatus.WARN,
            "no schema chosen or visible to this user",
            why,
            Fix(note="Choose the schemas to migrate."),
        )
    empty = [schema for schema in schemas if not any(t.schema == schema for t in tables)]
    rows = sum(table.rows_estimate for table in tables)
    size = sum(table.size_bytes for table in tables) / (1024 * 1024)
    found = f"{len(tables)} tables, about {rows:,} rows, {size:,.1f} MiB"
    if empty:
        found += "; no tables in " + ", ".join(empty)
        return CheckResult("mysql-check-schemas", title, CheckStatus.WARN, found, why)
    return CheckResult("mysql-check-schemas", title, CheckStatus.PASS, found, why)


def check_storage_engine(tables: Sequence[TableInfo]) -> CheckResult:
    title = "Tables use InnoDB"
    why = (
        "Only InnoDB is transactional: DMS cannot read other engines (MyISAM, MEMORY...) "
        "consistently during a load, and their changes can be lost under ongoing replication."
    )
    others = [table for table in tables if table.engine.lower() != "innodb"]
    if not others:
        return CheckResult(
            "mysql-check-table-storage-engine",
            title,
            CheckStatus.PASS,
            "all tables are InnoDB" if tables else "no tables",
            why,
        )
    found = "not InnoDB: " + ", ".join(f"{t.full_name} ({t.engine})" for t in others)
    fix = Fix(
        sql=tuple(f"ALTER TABLE {_table_name(t)} ENGINE=InnoDB;" for t in others),
        note="Converting rewrites the table; run it in a quiet hour.",
    )
    return CheckResult(
        "mysql-check-table-storage-engine",
        title,
        CheckStatus.WARN,
        found,
        why,
        fix,
        tables=tuple(t.full_name for t in others),
    )


def check_table_keys(tables: Sequence[TableInfo]) -> CheckResult:
    title = "Tables have a primary key or unique index"
    why = (
        "Without a key DMS applies each change by scanning the whole target table, duplicates "
        "rows when a load restarts, and data validation cannot compare the table row by row."
    )
    keyless = [table for table in tables if not table.has_key]
    if not keyless:
        return CheckResult(
            "mysql-check-table-primary-key",
            title,
            CheckStatus.PASS,
            "every table has one" if tables else "no tables",
            why,
        )
    found = "no primary key or unique index: " + ", ".join(t.full_name for t in keyless)
    fix = Fix(
        sql=tuple(
            f"ALTER TABLE {_table_name(t)} ADD COLUMN `dms_row_id` BIGINT UNSIGNED NOT NULL "
            "AUTO_INCREMENT PRIMARY KEY;"
            for t in keyless
        ),
        note="Better, if some columns already identify a row: "
        "ALTER TABLE schema.table ADD PRIMARY KEY (those columns);",
    )
    return CheckResult(
        "mysql-check-table-primary-key",
        title,
        CheckStatus.WARN,
        found,
        why,
        fix,
        tables=tuple(t.full_name for t in keyless),
    )


def check_timeouts(facts: ServerFacts) -> CheckResult:
    title = f"Network timeouts are at least {MIN_TIMEOUT_SECONDS} seconds"
    why = "Short timeouts cut DMS's long reads of big tables and of the binary log mid-way."
    values = {name: facts.number(name) for name in _TIMEOUTS}
    short = [
        name for name, value in values.items() if value is not None and value < MIN_TIMEOUT_SECONDS
    ]
    found = ", ".join(f"{name} = {value:g}" for name, value in values.items() if value is not None)
    if not short:
        return CheckResult("mysql-check-timeouts", title, CheckStatus.PASS, found, why)
    fix = Fix(
        config_lines=tuple(f"{name}={MIN_TIMEOUT_SECONDS}" for name in short),
        sql=tuple(f"SET GLOBAL {name} = {MIN_TIMEOUT_SECONDS};" for name in short),
    )
    return CheckResult("mysql-check-timeouts", title, CheckStatus.WARN, found, why, fix)


def check_max_allowed_packet(facts: ServerFacts) -> CheckResult:
    title = "max_allowed_packet fits large rows"
    why = (
        "Rows or LOBs bigger than max_allowed_packet make DMS's reads fail with 'packet too large'."
    )
    value = facts.number("max_allowed_packet")
    found = f"max_allowed_packet = {int(value) // (1024 * 1024)} MiB" if value else "unknown"
    if value is None or value >= MIN_MAX_ALLOWED_PACKET:
        return CheckResult("mysql-check-max-allowed-packet", title, CheckStatus.PASS, found, why)
    fix = Fix(
        config_lines=("max_allowed_packet=64M",), sql=("SET GLOBAL max_allowed_packet = 67108864;",)
    )
    return CheckResult("mysql-check-max-allowed-packet", title, CheckStatus.WARN, found, why, fix)
