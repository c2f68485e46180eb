"""Which source tables a DMS task migrates, and their statistics as the load goes on.

The Sandbox has no real source database: the tables come from the server's configurable
catalog (schema -> table -> rows), and a task's selection rules pick from it as DMS does
(``%`` is the wildcard; exclude rules win over include rules).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["SourceTable", "TableProgress", "selected_tables", "table_statistics"]


@dataclass(frozen=True)
class SourceTable:
    schema: str
    name: str
    rows: int


@dataclass(frozen=True)
class TableProgress:
    """Where a task's load stands, as table statistics need it."""

    status: str
    percent: int
    full_load: bool
    changes: int
    validation: bool
    load_started: float | None
    load_finished: float | None
    now: float


def _pattern(locator: str) -> re.Pattern[str]:
    parts = (re.escape(part) for part in locator.split("%"))
    return re.compile(".*".join(parts), re.IGNORECASE)


def _selection_rules(table_mappings: str) -> list[tuple[str, re.Pattern[str], re.Pattern[str]]]:
    try:
        document = json.loads(table_mappings or "{}")
    except json.JSONDecodeError:
        return []
    rules = []
    for rule in document.get("rules", []) if isinstance(document, dict) else []:
        if not isinstance(rule, dict) or rule.get("rule-type") != "selection":
            continue
        locator = rule.get("object-locator", {})
        rules.append(
            (
                str(rule.get("rule-action", "include")),
                _pattern(str(locator.get("schema-name", "%"))),
                _pattern(str(locator.get("table-name", "%"))),
            )
        )
    return rules


def selected_tables(
    table_mappings: str, catalog: Mapping[str, Mapping[str, int]]
) -> list[SourceTable]:
    """The catalog's tables that the task's selection rules include, in catalog order."""
    rules = _selection_rules(table_mappings)
    chosen = []
    for schema, tables in catalog.items():
        for name, rows in tables.items():
            matching = [
                action
                for action, schema_pattern, table_pattern in rules
                if schema_pattern.fullmatch(schema) and table_pattern.fullmatch(name)
            ]
            if "include" in matching and "exclude" not in matching:
                chosen.append(SourceTable(schema, name, rows))
    return chosen


def validation_enabled(task_settings: str) -> bool:
    try:
        settings = json.loads(task_settings or "{}")
    except json.JSONDecodeError:
        return False
    if not isinstance(settings, dict):
        return False
    return bool(settings.get("ValidationSettings", {}).get("EnableValidation", False))


def _table_state(progress: TableProgress) -> str:
    if not progress.full_load or progress.percent >= 100:
        return "Table completed"
    if progress.status == "starting" and progress.percent == 0:
        return "Before load"
    return "Table is being loaded"


def _validation(table: SourceTable, loaded: int, progress: TableProgress) -> dict[str, Any]:
    if not progress.validation:
        return {"ValidationState": "Not enabled", "ValidationPendingRecords": 0}
    done = progress.percent >= 100
    return {
        "ValidationState": "Validated" if done else "Pending records",
        "ValidationPendingRecords": 0 if done else table.rows - loaded,
        "ValidationStateDetails": "" if done else "Waiting for the full load to finish",
    }


def table_statistics(tables: list[SourceTable], progress: TableProgress) -> list[dict[str, Any]]:
    """One DescribeTableStatistics entry per table."""
    statistics = []
    for table in tables:
        loaded = table.rows * progress.percent // 100 if progress.full_load else 0
        entry: dict[str, Any] = {
            "SchemaName": table.schema,
            "TableName": table.name,
            "Inserts": progress.changes * 2,
            "Deletes": 0,
            "Updates": progress.changes,
            "Ddls": 0,
            "AppliedInserts": progress.changes * 2,
            "AppliedDeletes": 0,
            "AppliedUpdates": progress.changes,
            "AppliedDdls": 0,
            "FullLoadRows": loaded,
            "FullLoadCondtnlChkFailedRows": 0,
            "FullLoadErrorRows": 0,
            "LastUpdateTime": progress.now,
            "TableState": _table_state(progress),
            "ValidationFailedRecords": 0,
            "ValidationSuspendedRecords": 0,
        }
        if progress.load_started is not None:
            entry["FullLoadStartTime"] = progress.load_started
        if progress.load_finished is not None:
            entry["FullLoadEndTime"] = progress.load_finished
        entry.update(_validation(table, loaded, progress))
        statistics.append(entry)
    return statistics
