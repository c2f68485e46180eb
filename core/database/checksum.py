"""SQL for comparing a table on two servers without moving its rows.

Rows are hashed on the server (MD5 of the columns as text), folded into a 64-bit XOR per
chunk of keys, and only those sums travel. Chunks are ranges of the key found by keyset
pagination, so each query reads ``chunk_rows`` rows through the index whatever the table
size, and the client holds one chunk's keys at most.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from core.database.access_checks import quote_name
from core.database.connection import DatabaseSession
from core.database.schema_inventory import Column

__all__ = ["ChunkSum", "KeyRange", "TableSql"]

Key = tuple[Any, ...]


@dataclass(frozen=True)
class KeyRange:
    """Keys ``after`` < key <= ``up_to``; None leaves that side open."""

    after: Key | None
    up_to: Key | None


@dataclass(frozen=True)
class ChunkSum:
    rows: int
    checksum: int
    extra: int = 0


def _column_text(column: Column, convert: bool) -> str:
    name = quote_name(column.name)
    if column.is_binary:
        return f"HEX({name})"
    if convert:
        # Same characters hash the same whatever charset each server stores them in.
        return f"CONVERT({name} USING utf8mb4)"
    return name


def _compare(columns: Sequence[str], inclusive: bool, operator: str) -> str:
    """Lexicographic comparison of the key with placeholders, written so indexes serve it."""
    terms = []
    for index, column in enumerate(columns):
        equal = [f"{quote_name(c)} = %s" for c in columns[:index]]
        last = index == len(columns) - 1
        op = operator + ("=" if inclusive and last else "")
        terms.append("(" + " AND ".join([*equal, f"{quote_name(column)} {op} %s"]) + ")")
    return "(" + " OR ".join(terms) + ")"


def _comparison_args(key: Key) -> list[Any]:
    args: list[Any] = []
    for index in range(len(key)):
        args += list(key[: index + 1])
    return args


class TableSql:
    """The statements for one table; the same text runs on the source and the target."""

    def __init__(
        self,
        schema: str,
        table: str,
        key: Sequence[str],
        columns: Sequence[Column],
        convert: frozenset[str] = frozenset(),
    ) -> None:
        """``convert`` names text columns stored in different charsets on the two sides
        (converting costs ~20% of the hashing, so only those are converted)."""
        self.key = tuple(key)
        self.name = f"{quote_name(schema)}.{quote_name(table)}"
        texts = [_column_text(column, column.name in convert) for column in columns]
        nulls = ", ".join(f"ISNULL({quote_name(column.name)})" for column in columns)
        self.row_hash = f"MD5(CONCAT_WS('#', {', '.join(texts)}, CONCAT({nulls})))"
        self.order = ", ".join(quote_name(column) for column in self.key)

    def _where(self, key_range: KeyRange) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        args: list[Any] = []
        if key_range.after is not None:
            clauses.append(_compare(self.key, inclusive=False, operator=">"))
            args += _comparison_args(key_range.after)
        if key_range.up_to is not None:
            clauses.append(_compare(self.key, inclusive=True, operator="<"))
            args += _comparison_args(key_range.up_to)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), args

    async def next_boundary(
        self, session: DatabaseSession, after: Key | None, chunk_rows: int
    ) -> Key | None:
        """The last key of the chunk that starts after ``after``; None when fewer rows remain."""
        where, args = self._where(KeyRange(after, None))
        row = await session.fetch_one(
            f"SELECT {self.order} FROM {self.name}{where} ORDER BY {self.order} "
            f"LIMIT 1 OFFSET {chunk_rows - 1}",
            args,
        )
        return tuple(row) if row is not None else None

    async def chunk_sum(self, session: DatabaseSession, key_range: KeyRange) -> ChunkSum:
        where, args = self._where(key_range)
        row = await session.fetch_one(
            f"SELECT COUNT(*), COALESCE(BIT_XOR(CAST(CONV(LEFT({self.row_hash}, 16), 16, 10) "
            f"AS UNSIGNED)), 0) FROM {self.name}{where}",
            args,
        )
        assert row is not None  # an aggregate always returns a row
        return ChunkSum(int(row[0]), int(row[1]))

    async def whole_table_sum(self, session: DatabaseSession) -> ChunkSum:
        """For a table without a key: XOR plus a sum, so duplicate rows do not cancel out."""
        row = await session.fetch_one(
            f"SELECT COUNT(*), COALESCE(BIT_XOR(CAST(CONV(LEFT({self.row_hash}, 16), 16, 10) "
            f"AS UNSIGNED)), 0), COALESCE(SUM(CONV(SUBSTRING({self.row_hash}, 17, 8), 16, 10)), 0) "
            f"FROM {self.name}"
        )
        assert row is not None
        return ChunkSum(int(row[0]), int(row[1]), int(row[2]))

    async def row_hashes(
        self, session: DatabaseSession, key_range: KeyRange, limit: int
    ) -> dict[Key, str]:
        """Key -> row hash for at most ``limit`` rows of a range (to name differing keys)."""
        where, args = self._where(key_range)
        rows = await session.fetch_all(
            f"SELECT {self.order}, {self.row_hash} FROM {self.name}{where} "
            f"ORDER BY {self.order} LIMIT {int(limit)}",
            args,
        )
        width = len(self.key)
        return {tuple(row[:width]): str(row[width]) for row in rows}
