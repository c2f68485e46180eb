"""What the pages of "Create the migration task" share: ``wizard.state``."""

from __future__ import annotations

from dataclasses import dataclass

from core.flows.migration_task import MigrationTaskInputs, MigrationType, TablePrepMode, TaskSpec
from core.flows.monitor import MonitorInputs

__all__ = ["MigrationTaskChoices"]


@dataclass
class MigrationTaskChoices:
    """Attributes:
    identifier, description: the task's name and description (task page).
    replication_instance, source_endpoint, target_endpoint: the ARNs it joins (task page).
    source_database: the database the source endpoint was made for ("" when unknown); the
        tables page's rules start from it.
    migration_type, prep_mode, start: how to copy, and whether to start at once (how page).
    task_spec: the task as the tables page completes it; with ``start``, the flow's inputs
        (``inputs()``).
    watched: the task made by the creation page (just started when ``start``), watched by
        the monitoring page (``WatchesTask``).
    """

    identifier: str = ""
    description: str = ""
    replication_instance: str = ""
    source_endpoint: str = ""
    target_endpoint: str = ""
    source_database: str = ""
    migration_type: MigrationType | None = None
    prep_mode: TablePrepMode | None = None
    start: bool = False
    task_spec: TaskSpec | None = None
    watched: MonitorInputs | None = None

    def inputs(self) -> MigrationTaskInputs:
        """``MigrationTaskFlow``'s inputs, once the tables page completed the task."""
        assert self.task_spec is not None, "the tables page comes first"
        return MigrationTaskInputs(self.task_spec, self.start)
