"""The guided migration's saved progress: which steps are done and the ids they produced.

Kept apart from the flow itself so that teardown, which forgets it, need not import every
step of the migration.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from core.fileio import atomic_write_json, read_json
from core.paths import AppPaths

__all__ = ["GuidedProgress", "GuidedStep"]


class GuidedStep(enum.StrEnum):
    PREREQUISITES = "prerequisites"
    DATABASE = "database"
    REPLICATION_INSTANCE = "replication-instance"
    NETWORK = "network"
    SOURCE_ENDPOINT = "source-endpoint"
    TARGET_ENDPOINT = "target-endpoint"
    CONNECTION_TESTS = "connection-tests"
    TASK = "task"
    RUN = "run"


class GuidedProgress:
    """Which steps are done and the ids they produced, kept in a JSON file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._data: dict[str, Any] = read_json(path, {"version": 1, "steps": {}})

    @classmethod
    def for_connection(cls, paths: AppPaths, scope: str, region: str) -> GuidedProgress:
        return cls(paths.data_dir / "guided" / f"migrate-mysql-{scope}-{region}.json")

    def is_done(self, step: GuidedStep) -> bool:
        return bool(self._data["steps"].get(step.value, {}).get("done"))

    def ids(self, step: GuidedStep) -> dict[str, str]:
        return dict(self._data["steps"].get(step.value, {}).get("ids", {}))

    def mark_done(self, step: GuidedStep, **ids: str) -> None:
        self._data["steps"][step.value] = {
            "done": True,
            "ids": ids,
            "at": datetime.now(UTC).isoformat(),
        }
        atomic_write_json(self.path, self._data)

    @property
    def next_step(self) -> GuidedStep | None:
        return next((step for step in GuidedStep if not self.is_done(step)), None)

    def forget(self) -> None:
        """Start over next time (after teardown)."""
        self._data = {"version": 1, "steps": {}}
        self.path.unlink(missing_ok=True)
