"""Proving that a migration arrived: every table of the chosen schemas, source vs target.

For each table: present on both sides, same columns, same row count, and the same content
by chunked checksums in key order (see ``checksum``). Where a chunk differs, its keys are
fetched from both sides (one chunk at most) to name sample rows. Emits Progress in rows and
one StatusChanged per table (subject ``schema.table``, status = verdict). Cancel the task to
stop; both sessions close and WasCancelled is emitted.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from core.database.checksum import Key, KeyRange, TableSql
from core.database.connection import DatabaseLogin, DatabaseSession
from core.database.results import TableInfo
from core.database.schema_inventory import list_columns, list_tables
from core.database.validate_data_results import (
    KeyDifference,
    SampleKey,
    TableComparison,
    TableVerdict,
    ValidationOptions,
    ValidationReport,
)
from core.errors import MigrationAssistantError, ValidationError
from core.events import EventSink, Failed, Reporter, WasCancelled, discard

__all__ = ["validate"]


class _RowProgress:
    def __init__(self, reporter: Reporter, total: int) -> None:
        self.reporter = reporter
        self.total = total
        self.done = 0

    def advance(self, rows: int) -> None:
        self.done += rows
        self.reporter.progress("compare", self.done, max(self.total, self.done), "rows")


async def _open_both(
    source: DatabaseLogin, target: DatabaseLogin
) -> tuple[DatabaseSession, DatabaseSession]:
    results = await asyncio.gather(
        DatabaseSession.open(source), DatabaseSession.open(target), return_exceptions=True
    )
    failures = [result for result in results if isinstance(result, BaseException)]
    if failures:
        for result in results:
            if isinstance(result, DatabaseSession):
                result.close()
        raise failures[0]
    source_session, target_session = results
    assert isinstance(source_session, DatabaseSession)
    assert isinstance(target_session, DatabaseSession)
    return source_session, target_session


def _samples(
    source_rows: dict[Key, str], target_rows: dict[Key, str], limit: int
) -> list[SampleKey]:
    found: list[SampleKey] = []
    for key, row_hash in source_rows.items():
        if key not in target_rows:
            found.append(SampleKey(tuple(map(str, key)), KeyDifference.MISSING_ON_TARGET))
        elif target_rows[key] != row_hash:
            found.append(SampleKey(tuple(map(str, key)), KeyDifference.CHANGED))
    found += [
        SampleKey(tuple(map(str, key)), KeyDifference.EXTRA_ON_TARGET)
        for key in target_rows
        if key not in source_rows
    ]
    return found[:limit]


async def _compare_by_chunks(
    sessions: tuple[DatabaseSession, DatabaseSession],
    sql: TableSql,
    options: ValidationOptions,
    progress: _RowProgress,
) -> tuple[int, int, int, int, list[SampleKey]]:
    """(chunks, mismatched chunks, source rows, target rows, sample keys)."""
    source, target = sessions
    after: Key | None = None
    chunks = mismatched = source_rows = target_rows = 0
    samples: list[SampleKey] = []
    while True:
        boundary = await sql.next_boundary(source, after, options.chunk_rows)
        key_range = KeyRange(after, boundary)
        source_sum, target_sum = await asyncio.gather(
            sql.chunk_sum(source, key_range), sql.chunk_sum(target, key_range)
        )
        chunks += 1
        source_rows += source_sum.rows
        target_rows += target_sum.rows
        if source_sum != target_sum:
            mismatched += 1
            if len(samples) < options.sample_limit:
                # Bounded: the source side has chunk_rows rows; cap the target side too.
                limit = 2 * options.chunk_rows
                source_hashes, target_hashes = await asyncio.gather(
                    sql.row_hashes(source, key_range, limit),
                    sql.row_hashes(target, key_range, limit),
                )
                wanted = options.sample_limit - len(samples)
                samples += _samples(source_hashes, target_hashes, wanted)
        progress.advance(source_sum.rows)
        if boundary is None:
            return chunks, mismatched, source_rows, target_rows, samples
        after = boundary


async def _compare_table(
    sessions: tuple[DatabaseSession, DatabaseSession],
    source_table: TableInfo,
    target_table: TableInfo,
    options: ValidationOptions,
    progress: _RowProgress,
) -> TableComparison:
    source, target = sessions
    schema, name = source_table.schema, source_table.name
    source_columns, target_columns = await asyncio.gather(
        list_columns(source, schema, name), list_columns(target, target_table.schema, name)
    )
    target_charsets = {column.name.lower(): column.charset for column in target_columns}
    missing = [c.name for c in source_columns if c.name.lower() not in target_charsets]
    if missing:
        return TableComparison(
            schema,
            name,
            TableVerdict.COLUMNS_DIFFER,
            note="missing on target: " + ", ".join(missing),
        )
    key = source_table.key_columns
    note = ""
    if key and set(target_table.key_columns) != set(key):
        # Range queries on an unindexed target would rescan it per chunk.
        note = "the target lacks the source's key; compared as a whole"
        key = ()
    convert = frozenset(
        column.name
        for column in source_columns
        if column.is_text and column.charset != target_charsets[column.name.lower()]
    )
    sql = TableSql(schema, name, key, source_columns, convert)
    if not key:
        return await _compare_whole(sessions, source_table, sql, note, progress)
    chunks, mismatched, source_rows, target_rows, samples = await _compare_by_chunks(
        sessions, sql, options, progress
    )
    verdict = TableVerdict.IDENTICAL
    if source_rows != target_rows:
        verdict = TableVerdict.ROW_COUNT_DIFFERS
    elif mismatched:
        verdict = TableVerdict.CONTENT_DIFFERS
    return TableComparison(
        schema, name, verdict, source_rows, target_rows, key, chunks, mismatched, tuple(samples)
    )


async def _compare_whole(
    sessions: tuple[DatabaseSession, DatabaseSession],
    table: TableInfo,
    sql: TableSql,
    note: str,
    progress: _RowProgress,
) -> TableComparison:
    source_sum, target_sum = await asyncio.gather(
        sql.whole_table_sum(sessions[0]), sql.whole_table_sum(sessions[1])
    )
    progress.advance(source_sum.rows)
    verdict = TableVerdict.IDENTICAL
    if source_sum.rows != target_sum.rows:
        verdict = TableVerdict.ROW_COUNT_DIFFERS
    elif source_sum != target_sum:
        verdict = TableVerdict.CONTENT_DIFFERS
    note = note or "no key: compared as a whole, so differing rows cannot be named"
    return TableComparison(
        table.schema,
        table.name,
        verdict,
        source_sum.rows,
        target_sum.rows,
        chunks=1,
        mismatched_chunks=int(source_sum != target_sum),
        note=note,
    )


def _summary(comparison: TableComparison) -> str:
    if comparison.source_rows is None or comparison.target_rows is None:
        return comparison.verdict.value
    return (
        f"{comparison.source_rows:,} rows on the source, {comparison.target_rows:,} on the target"
    )


async def _compare_all(
    sessions: tuple[DatabaseSession, DatabaseSession],
    schemas: Sequence[str],
    options: ValidationOptions,
    reporter: Reporter,
) -> list[TableComparison]:
    with reporter.step("inventory", "Listing the tables on both servers"):
        source_tables, target_tables = await asyncio.gather(
            list_tables(sessions[0], schemas), list_tables(sessions[1], schemas)
        )
    targets = {table.full_name: table for table in target_tables}
    sources = {table.full_name: table for table in source_tables}
    progress = _RowProgress(reporter, sum(table.rows_estimate for table in source_tables))
    results: list[TableComparison] = []
    with reporter.step("compare", "Comparing table contents"):
        for full_name in sorted(sources.keys() | targets.keys()):
            source_table, target_table = sources.get(full_name), targets.get(full_name)
            if source_table is None:
                assert target_table is not None
                comparison = TableComparison(
                    target_table.schema, target_table.name, TableVerdict.ONLY_ON_TARGET
                )
            elif target_table is None:
                comparison = TableComparison(
                    source_table.schema, source_table.name, TableVerdict.MISSING_ON_TARGET
                )
            else:
                comparison = await _compare_table(
                    sessions, source_table, target_table, options, progress
                )
            reporter.status(full_name, comparison.verdict.value, None, _summary(comparison))
            results.append(comparison)
    return results


async def validate(
    source: DatabaseLogin,
    target: DatabaseLogin,
    schemas: Sequence[str],
    sink: EventSink = discard,
    options: ValidationOptions | None = None,
) -> ValidationReport:
    """Compares every table of ``schemas`` on ``source`` and ``target`` (same schema names).

    Raises ValidationError without schemas, DatabaseConnectionFailed when either server
    cannot be reached or refuses the login.
    """
    if not schemas:
        raise ValidationError("schemas", "Choose at least one schema to validate.")
    options = options or ValidationOptions()
    if options.chunk_rows < 1:
        raise ValidationError("chunk_rows", "A chunk holds at least one row.")
    reporter = Reporter(sink)
    try:
        with reporter.step("connect", f"Connecting to {source.label} and {target.label}"):
            sessions = await _open_both(source, target)
        try:
            results = await _compare_all(sessions, schemas, options, reporter)
        finally:
            for session in sessions:
                session.close()
    except asyncio.CancelledError:
        sink(WasCancelled("validation"))
        raise
    except MigrationAssistantError as error:
        sink(Failed(error))
        raise
    return ValidationReport(source.label, target.label, tuple(schemas), tuple(results))
