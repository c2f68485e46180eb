"""What a preflight reports: one result per check, the tables it saw, and the migration type."""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = [
    "CheckResult",
    "CheckStatus",
    "Fix",
    "MigrationType",
    "PreflightReport",
    "TableInfo",
]


class CheckStatus(enum.Enum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"

    def __repr__(self) -> str:
        return f"CheckStatus.{self.name}"


class MigrationType(enum.Enum):
    """DMS's migration types, with their API names as values."""

    FULL_LOAD = "full-load"
    FULL_LOAD_AND_CDC = "full-load-and-cdc"
    CDC = "cdc"

    @property
    def ongoing(self) -> bool:
        """True when DMS reads the binary log (change data capture)."""
        return self is not MigrationType.FULL_LOAD

    @property
    def title(self) -> str:
        return {
            MigrationType.FULL_LOAD: "Full load",
            MigrationType.FULL_LOAD_AND_CDC: "Full load and ongoing replication",
            MigrationType.CDC: "Ongoing replication only",
        }[self]

    def __repr__(self) -> str:
        return f"MigrationType.{self.name}"


@dataclass(frozen=True)
class Fix:
    """How to make a check pass: my.cnf lines, SQL to run as an administrator, and a note."""

    config_lines: tuple[str, ...] = ()
    restart: bool = False
    sql: tuple[str, ...] = ()
    note: str = ""

    @property
    def empty(self) -> bool:
        return not (self.config_lines or self.sql or self.note)

    def text(self) -> str:
        """The fix as copyable text for one check."""
        parts: list[str] = []
        if self.note:
            parts.append(self.note)
        if self.config_lines:
            when = (
                "then restart the server"
                if self.restart
                else "keeps it across restarts; the SQL below applies it now"
            )
            parts.append(f"In my.cnf, section [mysqld] ({when}):\n" + "\n".join(self.config_lines))
        if self.sql:
            parts.append("Run as an administrator:\n" + "\n".join(self.sql))
        return "\n\n".join(parts)


@dataclass(frozen=True)
class CheckResult:
    """One preflight finding.

    ``id`` follows DMS premigration assessment names; ``found`` is what the server showed;
    ``why`` says what it means for a DMS task; ``tables`` names affected tables (schema.table).
    """

    id: str
    title: str
    status: CheckStatus
    found: str
    why: str
    fix: Fix = Fix()
    tables: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableInfo:
    """A base table in a chosen schema, with the key DMS and validation would use."""

    schema: str
    name: str
    engine: str
    rows_estimate: int
    data_bytes: int
    index_bytes: int
    key_name: str | None
    key_columns: tuple[str, ...]

    @property
    def full_name(self) -> str:
        return f"{self.schema}.{self.name}"

    @property
    def has_key(self) -> bool:
        return bool(self.key_columns)

    @property
    def size_bytes(self) -> int:
        return self.data_bytes + self.index_bytes


@dataclass(frozen=True)
class PreflightReport:
    """All results of one preflight. ``ready`` allows warnings, never a failure."""

    server: str
    version: str
    migration_type: MigrationType
    schemas: tuple[str, ...]
    checks: tuple[CheckResult, ...]
    tables: tuple[TableInfo, ...]

    @property
    def ready(self) -> bool:
        return not self.failures

    @property
    def failures(self) -> tuple[CheckResult, ...]:
        return tuple(check for check in self.checks if check.status is CheckStatus.FAIL)

    @property
    def warnings(self) -> tuple[CheckResult, ...]:
        return tuple(check for check in self.checks if check.status is CheckStatus.WARN)

    def check(self, check_id: str) -> CheckResult:
        """The result with this id (KeyError when that check did not run)."""
        for check in self.checks:
            if check.id == check_id:
                return check
        raise KeyError(check_id)
