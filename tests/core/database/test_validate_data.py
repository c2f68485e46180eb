"""Validation of a migrated schema on two real MariaDB servers."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from core.database import (
    DatabaseLogin,
    KeyDifference,
    SampleKey,
    TableVerdict,
    ValidationOptions,
    ValidationReport,
    validate,
)
from core.errors import ValidationError
from core.events import Event, Progress, RecordingSink, StatusChanged, StepStarted, WasCancelled
from tests.fixtures.mariadb import DMS_PASSWORD, MariaDBServer

ITEMS = 2_500
SMALL_CHUNKS = ValidationOptions(chunk_rows=1_000, sample_limit=5)
_numbers = itertools.count()

TABLES = (
    "CREATE TABLE {s}.items (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL, "
    "price DECIMAL(10,2) NOT NULL, note TEXT NULL, data VARBINARY(16) NULL)",
    "CREATE TABLE {s}.tags (item_id INT NOT NULL, tag VARCHAR(20) NOT NULL, "
    "PRIMARY KEY (item_id, tag))",
    "CREATE TABLE {s}.log_lines (line VARCHAR(100) NOT NULL)",
)


@dataclass
class Copy:
    """The same schema on both servers, freshly filled, for one test to alter."""

    schema: str
    source: MariaDBServer
    target: MariaDBServer

    @property
    def source_login(self) -> DatabaseLogin:
        return DatabaseLogin(self.source.host, "validator", DMS_PASSWORD, port=self.source.port)

    @property
    def target_login(self) -> DatabaseLogin:
        return DatabaseLogin(self.target.host, "dms", DMS_PASSWORD, port=self.target.port)

    def on_target(self, *statements: str) -> None:
        self.target.execute(*(statement.format(s=self.schema) for statement in statements))

    async def validate(self, sink: RecordingSink | None = None) -> ValidationReport:
        return await validate(
            self.source_login,
            self.target_login,
            [self.schema],
            sink or RecordingSink(),
            SMALL_CHUNKS,
        )


def _fill(server: MariaDBServer, schema: str) -> None:
    server.execute(f"CREATE DATABASE {schema}", *(t.format(s=schema) for t in TABLES))
    items = [
        (
            i,
            f"item {i} ł",
            f"{i % 97}.{i % 100:02d}",
            None if i % 7 == 0 else f"note {i}",
            bytes([i % 256]) * 4,
        )
        for i in range(1, ITEMS + 1)
    ]
    tags = [(i, tag) for i in range(1, 101) for tag in ("red", "blue", "big")]
    with server.admin(schema) as connection, connection.cursor() as cursor:
        cursor.executemany("INSERT INTO items VALUES (%s, %s, %s, %s, %s)", items)
        cursor.executemany("INSERT INTO tags VALUES (%s, %s)", tags)
        cursor.executemany("INSERT INTO log_lines VALUES (%s)", [(f"line {n}",) for n in range(50)])


@pytest.fixture
def copy(dms_source: MariaDBServer, mariadb_target: MariaDBServer) -> Iterator[Copy]:
    schema = f"validation_{next(_numbers)}"
    for server in (dms_source, mariadb_target):
        _fill(server, schema)
    yield Copy(schema, dms_source, mariadb_target)
    for server in (dms_source, mariadb_target):
        server.execute(f"DROP DATABASE {schema}")


async def test_identical_schemas_validate(copy: Copy) -> None:
    sink = RecordingSink()

    report = await copy.validate(sink)

    assert report.identical
    assert {t.table: t.verdict for t in report.tables} == {
        "items": TableVerdict.IDENTICAL,
        "log_lines": TableVerdict.IDENTICAL,
        "tags": TableVerdict.IDENTICAL,
    }
    items = report.table(f"{copy.schema}.items")
    assert (items.source_rows, items.target_rows, items.chunks) == (ITEMS, ITEMS, 3)
    assert report.rows_compared == ITEMS + 300 + 50
    assert "no key" in report.table(f"{copy.schema}.log_lines").note
    assert [e.step for e in sink.of_type(StepStarted)] == ["connect", "inventory", "compare"]
    assert sink.of_type(Progress)[-1].done == ITEMS + 350
    assert [e.subject for e in sink.of_type(StatusChanged)] == [
        f"{copy.schema}.items",
        f"{copy.schema}.log_lines",
        f"{copy.schema}.tags",
    ]


async def test_a_missing_row_is_named_by_its_key(copy: Copy) -> None:
    copy.on_target("DELETE FROM {s}.items WHERE id = 1234")

    report = await copy.validate()

    items = report.table(f"{copy.schema}.items")
    assert items.verdict is TableVerdict.ROW_COUNT_DIFFERS
    assert (items.source_rows, items.target_rows) == (ITEMS, ITEMS - 1)
    assert items.samples == (SampleKey(("1234",), KeyDifference.MISSING_ON_TARGET),)
    assert items.mismatched_chunks == 1
    assert [t.table for t in report.differences] == ["items"]


async def test_changed_values_are_named_by_their_keys(copy: Copy) -> None:
    copy.on_target(
        "UPDATE {s}.items SET name = 'item 2001 l' WHERE id = 2001",
        # NULL and empty text must not look alike.
        "UPDATE {s}.items SET note = '' WHERE id = 7",
        "UPDATE {s}.tags SET tag = 'green' WHERE item_id = 5 AND tag = 'red'",
    )

    report = await copy.validate()

    items = report.table(f"{copy.schema}.items")
    assert items.verdict is TableVerdict.CONTENT_DIFFERS
    assert items.samples == (
        SampleKey(("7",), KeyDifference.CHANGED),
        SampleKey(("2001",), KeyDifference.CHANGED),
    )
    assert items.mismatched_chunks == 2
    tags = report.table(f"{copy.schema}.tags")
    assert tags.verdict is TableVerdict.CONTENT_DIFFERS
    assert [sample.text(tags.key_columns) for sample in tags.samples] == [
        "item_id=5, tag=red (missing on target)",
        "item_id=5, tag=green (extra on target)",
    ]


async def test_a_change_in_a_table_without_key_is_found_without_samples(copy: Copy) -> None:
    copy.on_target("UPDATE {s}.log_lines SET line = 'line x' WHERE line = 'line 3'")

    report = await copy.validate()

    log_lines = report.table(f"{copy.schema}.log_lines")
    assert log_lines.verdict is TableVerdict.CONTENT_DIFFERS
    assert log_lines.samples == ()


async def test_a_missing_table_and_an_extra_table(copy: Copy) -> None:
    copy.on_target("DROP TABLE {s}.tags", "CREATE TABLE {s}.scratch (id INT PRIMARY KEY)")

    report = await copy.validate()

    assert report.table(f"{copy.schema}.tags").verdict is TableVerdict.MISSING_ON_TARGET
    assert report.table(f"{copy.schema}.scratch").verdict is TableVerdict.ONLY_ON_TARGET
    assert not report.identical


async def test_a_missing_column_is_reported_before_any_checksum(copy: Copy) -> None:
    copy.on_target("ALTER TABLE {s}.items DROP COLUMN note")

    report = await copy.validate()

    items = report.table(f"{copy.schema}.items")
    assert items.verdict is TableVerdict.COLUMNS_DIFFER
    assert items.note == "missing on target: note"


async def test_cancelling_a_validation(copy: Copy) -> None:
    events: list[Event] = []
    task: asyncio.Task[ValidationReport]

    def cancel_at_first_progress(event: Event) -> None:
        events.append(event)
        if isinstance(event, Progress):
            task.cancel()

    task = asyncio.create_task(
        validate(
            copy.source_login,
            copy.target_login,
            [copy.schema],
            cancel_at_first_progress,
            SMALL_CHUNKS,
        )
    )
    with pytest.raises(asyncio.CancelledError):
        await task

    assert events[-1] == WasCancelled("validation")


async def test_validation_needs_a_schema(copy: Copy) -> None:
    with pytest.raises(ValidationError) as caught:
        await validate(copy.source_login, copy.target_login, [])
    assert caught.value.field == "schemas"


async def test_the_same_text_in_another_charset_is_identical(copy: Copy) -> None:
    for server in (copy.source, copy.target):
        server.execute(f"UPDATE {copy.schema}.log_lines SET line = 'café' WHERE line = 'line 1'")
    copy.on_target(
        "ALTER TABLE {s}.log_lines MODIFY line VARCHAR(100) CHARACTER SET latin1 NOT NULL"
    )

    report = await copy.validate()

    assert report.table(f"{copy.schema}.log_lines").verdict is TableVerdict.IDENTICAL
    assert report.identical


async def test_a_target_without_the_key_is_compared_as_a_whole(copy: Copy) -> None:
    copy.on_target("ALTER TABLE {s}.tags DROP PRIMARY KEY")

    report = await copy.validate()

    tags = report.table(f"{copy.schema}.tags")
    assert tags.verdict is TableVerdict.IDENTICAL
    assert tags.note == "the target lacks the source's key; compared as a whole"
    assert tags.chunks == 1
