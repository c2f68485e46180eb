"""``migration-assistant preflight``: check a MySQL/MariaDB source before a DMS migration.

Exit 0 when ready (warnings allowed), 1 when a check fails, 2 when it could not connect or
the input is bad. The password comes from MIGRATION_ASSISTANT_SOURCE_PASSWORD or the keyring.
It runs ``CheckSourceFlow``, as the Check source wizard does.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import textwrap
from typing import Any

from core.credentials import KeyringStore
from core.database import (
    SOURCE_PASSWORD_ENV,
    CheckResult,
    DatabaseAddress,
    MigrationType,
    PreflightReport,
    find_password,
    render_fix_script,
)
from core.events import Event, Progress, StepStarted
from core.flows.check_source import CheckSourceFlow, CheckSourceInputs
from core.flows.context import SinkContext
from gui.commands.common import progress_line, report_and_exit

__all__ = ["add_parser", "report_json", "run"]


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "preflight",
        help="check a MySQL/MariaDB source database before a DMS migration",
        description="Check a MySQL or MariaDB source for an AWS DMS migration: binary log "
        "settings, the user's grants, tables (engine, keys) and timeouts, each with the exact "
        f"fix. The password is read from {SOURCE_PASSWORD_ENV} or the keyring.",
    )
    parser.add_argument("--host", required=True, help="database server host name or IP")
    parser.add_argument("--port", type=int, default=3306, help="TCP port (default 3306)")
    parser.add_argument("--user", required=True, help="the user DMS will connect as")
    parser.add_argument(
        "--schema",
        action="append",
        default=[],
        metavar="SCHEMA",
        help="a schema to migrate (repeat for more; default: every schema the user can see)",
    )
    parser.add_argument(
        "--migration-type",
        choices=[kind.value for kind in MigrationType],
        default=MigrationType.FULL_LOAD_AND_CDC.value,
        help="what DMS will do (default full-load-and-cdc)",
    )
    parser.add_argument(
        "--timeout", type=float, default=10.0, metavar="SECONDS", help="connect timeout"
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(run=run)


def _stderr_progress(event: Event) -> None:
    if isinstance(event, StepStarted):
        progress_line(f"{event.title}...")
    elif isinstance(event, Progress) and event.total and event.done < event.total:
        progress_line(f"  {event.done:g} of {event.total:g} {event.unit}")


def _check_json(check: CheckResult) -> dict[str, Any]:
    return {
        "id": check.id,
        "title": check.title,
        "status": check.status.value,
        "found": check.found,
        "why": check.why,
        "fix": {
            "config_lines": list(check.fix.config_lines),
            "restart": check.fix.restart,
            "sql": list(check.fix.sql),
            "note": check.fix.note,
            "text": check.fix.text(),
        },
        "tables": list(check.tables),
    }


def report_json(report: PreflightReport) -> dict[str, Any]:
    """The report as plain JSON types (also what the GUI can save)."""
    return {
        "server": report.server,
        "version": report.version,
        "migration_type": report.migration_type.value,
        "schemas": list(report.schemas),
        "ready": report.ready,
        "checks": [_check_json(check) for check in report.checks],
        "tables": [
            {
                "schema": table.schema,
                "name": table.name,
                "engine": table.engine,
                "rows_estimate": table.rows_estimate,
                "size_bytes": table.size_bytes,
                "key_name": table.key_name,
                "key_columns": list(table.key_columns),
            }
            for table in report.tables
        ],
        "fix_script": render_fix_script(report),
    }


def _print_human(report: PreflightReport) -> None:
    out = sys.stdout
    schemas = ", ".join(report.schemas) or "none"
    print(f"Source database: {report.server} ({report.version})", file=out)
    print(f"Migration type: {report.migration_type.title}; schemas: {schemas}", file=out)
    print(file=out)
    for check in report.checks:
        print(f"{check.status.value.upper():4}  {check.title}: {check.found}", file=out)
        if check.status.value != "pass":
            why = textwrap.fill(
                check.why, width=100, initial_indent="      Why: ", subsequent_indent=" " * 11
            )
            print(why, file=out)
            if not check.fix.empty:
                fix = textwrap.indent(check.fix.text(), " " * 11).lstrip()
                print(f"      Fix: {fix}", file=out)
    if report.tables:
        print("\nTables:", file=out)
        for table in report.tables:
            key = f"{table.key_name} ({', '.join(table.key_columns)})" if table.key_name else "none"
            size = table.size_bytes / (1024 * 1024)
            print(
                f"  {table.full_name}: {table.engine}, about {table.rows_estimate:,} rows, "
                f"{size:,.1f} MiB, key: {key}",
                file=out,
            )
    failures, warnings = len(report.failures), len(report.warnings)
    verdict = "Ready" if report.ready else "Not ready"
    print(f"\n{verdict}: {failures} failed, {warnings} warnings.", file=out)
    script = render_fix_script(report)
    if script:
        print("\nFix script (review, then apply):\n", file=out)
        print(script, end="", file=out)


def run(args: argparse.Namespace) -> int:
    def produce() -> PreflightReport:
        password = find_password(
            SOURCE_PASSWORD_ENV, args.user, args.host, args.port, store=KeyringStore()
        )
        server = DatabaseAddress(args.host, args.user, args.port, connect_timeout=args.timeout)
        inputs = CheckSourceInputs(server, tuple(args.schema), MigrationType(args.migration_type))
        # The flow the Check source wizard runs; a bad field is refused before connecting.
        flow = CheckSourceFlow(inputs, password)
        return asyncio.run(flow.run(SinkContext(_stderr_progress)))

    return report_and_exit(
        args,
        produce,
        to_json=report_json,
        print_text=_print_human,
        problem=lambda report: (
            None
            if report.ready
            else f"{len(report.failures)} check(s) failed; the source is not ready."
        ),
    )
