"""Wizard "Create the migration task": what to copy and how, the table mapping, the
equivalent ``aws dms create-replication-task``, and then watching it run.

Pages (object names) and the fields of ``wizard.state`` (``MigrationTaskChoices``, in
``choices.py``) they share:
    task (TaskBasicsPage): writes identifier, description, replication_instance,
        source_endpoint, target_endpoint, source_database.
    how (HowPage): writes migration_type, prep_mode, start.
    tables (TablesPage): writes task_spec from them and the table mapping.
    review: the flow's plan for ``inputs()``.
    create (CreateTaskPage): writes watched (the task, just started when ``start``).
    monitor (MonitorPage): watches it.
"""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any

from PySide6.QtWidgets import QWidget

from core.flows.context import FlowContext
from core.flows.migration_task import MigrationTaskFlow, TaskResult
from core.flows.monitor import MonitorInputs
from core.flows.shape import render_plan
from gui.context import AppContext
from gui.flow_card import FlowCard
from gui.wizards.base import FlowWizard
from gui.wizards.cleanup_offer import CreationPage
from gui.wizards.migration_task.choices import MigrationTaskChoices
from gui.wizards.migration_task.forms import HowPage, TablesPage, TaskBasicsPage
from gui.wizards.monitor import MonitorPage
from gui.wizards.text_pages import ReviewPage

__all__ = ["MigrationTaskChoices", "MigrationTaskWizard"]

WIZARD = "migration-task"


def review_commands(wizard: FlowWizard[MigrationTaskChoices]) -> str:
    inputs = wizard.state.inputs()
    return "\n\n".join(render_plan(wizard.context.door, MigrationTaskFlow(inputs).plan()))


class CreateTaskPage(CreationPage[MigrationTaskChoices]):
    def __init__(self) -> None:
        super().__init__(
            "create",
            "Creating the migration task",
            "DMS checks the settings and gets the task ready.",
            WIZARD,
        )

    def creation(self, ctx: FlowContext) -> Coroutine[Any, Any, TaskResult]:
        return MigrationTaskFlow(self.flow.state.inputs()).run(ctx)

    def on_success(self, result: TaskResult) -> None:
        task = result
        state = self.flow.state
        state.watched = MonitorInputs(task.arn, just_started=state.start)
        self.status.setText(
            f"Task <b>{task.identifier}</b> is {task.status}. Next: watch it copy the tables."
        )


class MigrationTaskWizard(FlowWizard[MigrationTaskChoices]):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "Create the migration task", MigrationTaskChoices(), parent)
        self.add(TaskBasicsPage())
        self.add(HowPage())
        self.add(TablesPage())
        self.add(ReviewPage("review", "Review the migration task", review_commands))
        self.add(CreateTaskPage())
        self.add(MonitorPage[MigrationTaskChoices]("monitor", WIZARD))


CARD = FlowCard(
    "migration-task",
    "Create the migration task",
    "Choose the tables to copy and how, start the copy, and watch it table by table.",
    MigrationTaskWizard,
    order=60,
)
