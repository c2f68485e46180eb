"""What a validation reports: one verdict per table, with sample keys where rows differ."""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = [
    "KeyDifference",
    "SampleKey",
    "TableComparison",
    "TableVerdict",
    "ValidationOptions",
    "ValidationReport",
]


class TableVerdict(enum.Enum):
    IDENTICAL = "identical"
    MISSING_ON_TARGET = "missing on target"
    ONLY_ON_TARGET = "only on target"
    COLUMNS_DIFFER = "columns differ"
    ROW_COUNT_DIFFERS = "row count differs"
    CONTENT_DIFFERS = "content differs"

    def __repr__(self) -> str:
        return f"TableVerdict.{self.name}"


class KeyDifference(enum.Enum):
    MISSING_ON_TARGET = "missing on target"
    EXTRA_ON_TARGET = "extra on target"
    CHANGED = "changed"

    def __repr__(self) -> str:
        return f"KeyDifference.{self.name}"


@dataclass(frozen=True)
class SampleKey:
    """One differing row, by its key values (as text, in key column order)."""

    values: tuple[str, ...]
    difference: KeyDifference

    def text(self, key_columns: tuple[str, ...]) -> str:
        pairs = ", ".join(f"{c}={v}" for c, v in zip(key_columns, self.values, strict=True))
        return f"{pairs} ({self.difference.value})"


@dataclass(frozen=True)
class TableComparison:
    """One table's verdict. Row counts are exact (None where the table does not exist)."""

    schema: str
    table: str
    verdict: TableVerdict
    source_rows: int | None = None
    target_rows: int | None = None
    key_columns: tuple[str, ...] = ()
    chunks: int = 0
    mismatched_chunks: int = 0
    samples: tuple[SampleKey, ...] = ()
    note: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.schema}.{self.table}"

    @property
    def identical(self) -> bool:
        return self.verdict is TableVerdict.IDENTICAL


@dataclass(frozen=True)
class ValidationOptions:
    """``chunk_rows`` rows per checksum query (client memory: one chunk's keys when a chunk
    differs); ``sample_limit`` differing keys named per table."""

    chunk_rows: int = 10_000
    sample_limit: int = 10


@dataclass(frozen=True)
class ValidationReport:
    source: str
    target: str
    schemas: tuple[str, ...]
    tables: tuple[TableComparison, ...]

    @property
    def identical(self) -> bool:
        return all(table.identical for table in self.tables)

    @property
    def differences(self) -> tuple[TableComparison, ...]:
        return tuple(table for table in self.tables if not table.identical)

    @property
    def rows_compared(self) -> int:
        return sum(table.source_rows or 0 for table in self.tables)

    def table(self, full_name: str) -> TableComparison:
        for table in self.tables:
            if table.full_name == full_name:
                return table
        raise KeyError(full_name)
