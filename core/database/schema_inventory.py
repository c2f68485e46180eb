"""What a server holds: schemas, base tables with engine/size/key, and column types.

Shared by the preflight (inventory, engines, keys) and the validation (key and columns).
The key is the primary key, else the narrowest unique index on NOT NULL columns.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from core.database.connection import DatabaseSession
from core.database.results import TableInfo

__all__ = ["Column", "list_columns", "list_schemas", "list_tables"]


@dataclass(frozen=True)
class Column:
    name: str
    data_type: str
    charset: str | None = None

    @property
    def is_text(self) -> bool:
        return self.data_type in {
            "char",
            "varchar",
            "tinytext",
            "text",
            "mediumtext",
            "longtext",
            "enum",
            "set",
            "json",
        }

    @property
    def is_binary(self) -> bool:
        return self.data_type in {
            "binary",
            "varbinary",
            "tinyblob",
            "blob",
            "mediumblob",
            "longblob",
            "bit",
            "geometry",
            "point",
            "linestring",
            "polygon",
            "multipoint",
            "multilinestring",
            "multipolygon",
            "geometrycollection",
        }


def _placeholders(values: Sequence[object]) -> str:
    return ", ".join(["%s"] * len(values))


async def list_schemas(session: DatabaseSession) -> set[str]:
    """Schemas the user can see (information_schema hides those it has no privilege on)."""
    rows = await session.fetch_all("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA")
    return {str(row[0]) for row in rows}


def _choose_key(
    indexes: dict[str, list[tuple[str, bool, bool]]],
) -> tuple[str | None, tuple[str, ...]]:
    """PRIMARY, else the unique index with fewest columns, all NOT NULL."""
    if "PRIMARY" in indexes:
        return "PRIMARY", tuple(column for column, _, _ in indexes["PRIMARY"])
    candidates = [
        (len(columns), name, tuple(column for column, _, _ in columns))
        for name, columns in indexes.items()
        if all(unique and not nullable for _, unique, nullable in columns)
    ]
    if not candidates:
        return None, ()
    _, name, columns = min(candidates)
    return name, columns


async def list_tables(session: DatabaseSession, schemas: Sequence[str]) -> list[TableInfo]:
    """Base tables of ``schemas`` with engine, size, row estimate and chosen key."""
    if not schemas:
        return []
    where = _placeholders(schemas)
    table_rows = await session.fetch_all(
        "SELECT TABLE_SCHEMA, TABLE_NAME, ENGINE, TABLE_ROWS, DATA_LENGTH, INDEX_LENGTH "
        f"FROM information_schema.TABLES WHERE TABLE_SCHEMA IN ({where}) "
        "AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_SCHEMA, TABLE_NAME",
        list(schemas),
    )
    index_rows = await session.fetch_all(
        "SELECT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, NULLABLE "
        f"FROM information_schema.STATISTICS WHERE TABLE_SCHEMA IN ({where}) "
        "ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
        list(schemas),
    )
    indexes: dict[tuple[str, str], dict[str, list[tuple[str, bool, bool]]]] = defaultdict(dict)
    for schema, table, index, non_unique, column, nullable in index_rows:
        entry = indexes[(str(schema), str(table))].setdefault(str(index), [])
        entry.append((str(column), int(non_unique) == 0, str(nullable or "").upper() == "YES"))
    tables = []
    for schema, table, engine, rows, data, index in table_rows:
        key_name, key_columns = _choose_key(indexes.get((str(schema), str(table)), {}))
        tables.append(
            TableInfo(
                schema=str(schema),
                name=str(table),
                engine=str(engine or ""),
                rows_estimate=int(rows or 0),
                data_bytes=int(data or 0),
                index_bytes=int(index or 0),
                key_name=key_name,
                key_columns=key_columns,
            )
        )
    return tables


async def list_columns(session: DatabaseSession, schema: str, table: str) -> list[Column]:
    """Columns in table order, with their data type (lowercase, e.g. 'varchar') and charset."""
    rows = await session.fetch_all(
        "SELECT COLUMN_NAME, DATA_TYPE, CHARACTER_SET_NAME FROM information_schema.COLUMNS "
        "WHERE TABLE_SCHEMA = %s AND TABLE_NAME = %s ORDER BY ORDINAL_POSITION",
        [schema, table],
    )
    return [
        Column(str(name), str(data_type).lower(), str(charset) if charset else None)
        for name, data_type, charset in rows
    ]
