"""``migration-assistant validate``: prove a migrated schema matches its source.

``--source``/``--target`` are ``mysql://USER@HOST:PORT`` (no password: it comes from
MIGRATION_ASSISTANT_SOURCE_PASSWORD / MIGRATION_ASSISTANT_TARGET_PASSWORD or the keyring).
Exit 0 when every table is identical, 1 when any differs, 2 when it could not connect or
the input is bad. It runs ``ValidateDataFlow``, as the Validate data wizard does.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from core.credentials import CredentialStore, KeyringStore
from core.database import (
    SOURCE_PASSWORD_ENV,
    TARGET_PASSWORD_ENV,
    DatabaseAddress,
    TableComparison,
    ValidationOptions,
    ValidationReport,
    find_password,
)
from core.errors import ValidationError
from core.events import Event, Progress, StepStarted
from core.flows.context import SinkContext
from core.flows.validate_data import ValidateDataFlow, ValidateDataInputs
from gui.commands.common import progress_line, report_and_exit

__all__ = ["DatabaseUrl", "add_parser", "parse_database_url", "report_json", "run"]

PROGRESS_EVERY_SECONDS = 1.0


@dataclass(frozen=True)
class DatabaseUrl:
    user: str
    host: str
    port: int


def parse_database_url(field: str, text: str) -> DatabaseUrl:
    """``mysql://USER@HOST[:PORT]``; refuses a password in it."""
    example = "mysql://USER@HOST:PORT, e.g. mysql://dms@db.example.com:3306"
    try:
        parts = urlsplit(text)
        port = parts.port or 3306
    except ValueError as error:
        raise ValidationError(
            field, f"--{field} is not a valid address: {error}.", example
        ) from error
    if parts.scheme not in {"mysql", "mariadb"} or not parts.hostname or not parts.username:
        raise ValidationError(field, f"--{field} must look like {example}.")
    if parts.password is not None:
        raise ValidationError(
            field,
            f"--{field} contains a password; passwords are never taken from the command line.",
            f"Remove it and set {SOURCE_PASSWORD_ENV}/{TARGET_PASSWORD_ENV} instead.",
        )
    if parts.path not in {"", "/"} or parts.query:
        raise ValidationError(field, f"--{field} takes no database path; use --schema.", example)
    return DatabaseUrl(parts.username, parts.hostname, port)


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="compare a migrated schema with its source, table by table",
        description="Compare every table of the given schemas on the source and the target: "
        "presence, row count and content (checksums in key order). Passwords come from "
        f"{SOURCE_PASSWORD_ENV} / {TARGET_PASSWORD_ENV} or the keyring.",
    )
    parser.add_argument("--source", required=True, metavar="mysql://USER@HOST:PORT")
    parser.add_argument("--target", required=True, metavar="mysql://USER@HOST:PORT")
    parser.add_argument(
        "--schema", action="append", required=True, metavar="SCHEMA", help="repeat for more"
    )
    parser.add_argument(
        "--chunk-rows", type=int, default=ValidationOptions().chunk_rows, help=argparse.SUPPRESS
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(run=run)


class _StderrProgress:
    def __init__(self) -> None:
        self.last = 0.0

    def __call__(self, event: Event) -> None:
        if isinstance(event, StepStarted):
            progress_line(f"{event.title}...")
        elif isinstance(event, Progress):
            now = time.monotonic()
            if now - self.last >= PROGRESS_EVERY_SECONDS:
                self.last = now
                progress_line(f"  {event.done:,.0f} of about {event.total or 0:,.0f} rows")


def _table_json(table: TableComparison) -> dict[str, Any]:
    return {
        "schema": table.schema,
        "table": table.table,
        "verdict": table.verdict.value,
        "identical": table.identical,
        "source_rows": table.source_rows,
        "target_rows": table.target_rows,
        "key_columns": list(table.key_columns),
        "chunks": table.chunks,
        "mismatched_chunks": table.mismatched_chunks,
        "samples": [
            {"key": list(sample.values), "difference": sample.difference.value}
            for sample in table.samples
        ],
        "note": table.note,
    }


def report_json(report: ValidationReport) -> dict[str, Any]:
    return {
        "source": report.source,
        "target": report.target,
        "schemas": list(report.schemas),
        "identical": report.identical,
        "rows_compared": report.rows_compared,
        "tables": [_table_json(table) for table in report.tables],
    }


def _print_human(report: ValidationReport) -> None:
    out = sys.stdout
    print(f"Source: {report.source}", file=out)
    print(f"Target: {report.target}", file=out)
    print(f"Schemas: {', '.join(report.schemas)}\n", file=out)
    for table in report.tables:
        rows = ""
        if table.source_rows is not None and table.target_rows is not None:
            rows = (
                f": {table.source_rows:,} rows on the source, {table.target_rows:,} on the target"
            )
        print(f"{table.verdict.value.upper()}  {table.full_name}{rows}", file=out)
        if table.mismatched_chunks and table.chunks > 1:
            print(f"    {table.mismatched_chunks} of {table.chunks} chunks differ", file=out)
        for sample in table.samples:
            print(f"    {sample.text(table.key_columns)}", file=out)
        if table.note and not table.identical:
            print(f"    {table.note}", file=out)
    differing = len(report.differences)
    if differing:
        print(f"\n{differing} of {len(report.tables)} tables differ.", file=out)
    else:
        print(f"\nAll {len(report.tables)} tables are identical.", file=out)


def _password(url: DatabaseUrl, env_name: str, store: CredentialStore) -> str:
    return find_password(env_name, url.user, url.host, url.port, store=store)


def run(args: argparse.Namespace) -> int:
    def produce() -> ValidationReport:
        source_url = parse_database_url("source", args.source)
        target_url = parse_database_url("target", args.target)
        inputs = ValidateDataInputs(
            DatabaseAddress(source_url.host, source_url.user, source_url.port),
            DatabaseAddress(target_url.host, target_url.user, target_url.port),
            tuple(args.schema),
            ValidationOptions(chunk_rows=args.chunk_rows),
        )
        store = KeyringStore()
        # The flow the Validate data wizard runs; a bad field is refused before connecting.
        flow = ValidateDataFlow(
            inputs,
            _password(source_url, SOURCE_PASSWORD_ENV, store),
            _password(target_url, TARGET_PASSWORD_ENV, store),
        )
        return asyncio.run(flow.run(SinkContext(_StderrProgress())))

    return report_and_exit(
        args,
        produce,
        to_json=report_json,
        print_text=_print_human,
        problem=lambda report: (
            None
            if report.identical
            else f"{len(report.differences)} table(s) differ between source and target."
        ),
    )
