"""Wizard "Watch a migration task": pick a task of this account and region, then watch it
(the same monitoring page the task wizard and the guided migration end with)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, TypeVar

from PySide6.QtWidgets import QComboBox, QVBoxLayout, QWidget

from core.errors import MigrationAssistantError, ValidationError
from core.flows.listings import TaskChoice, list_tasks
from core.flows.monitor import MonitorInputs
from gui.context import AppContext
from gui.flow_card import FlowCard
from gui.wizards.base import FlowWizard, FormPage, WizardPage
from gui.wizards.monitor_view import TaskMonitorView

__all__ = ["MonitorChoices", "MonitorPage", "MonitorWizard", "WatchesTask"]

WIZARD = "monitor"


class WatchesTask(Protocol):
    """What the monitoring page reads from its wizard's state: ``watched``, the task and
    whether it was just started (``MonitorFlow``'s inputs), written by the page before it."""

    watched: MonitorInputs | None


@dataclass
class MonitorChoices:
    """The state of "Watch a migration task": the task chosen (ChooseTaskPage), watched by
    MonitorPage; it was not just started."""

    watched: MonitorInputs | None = None


W = TypeVar("W", bound=WatchesTask)


class MonitorPage(WizardPage[W]):
    """Watches ``wizard.state.watched``; its ``just_started`` says the task was just started
    (so the previous run's stop is not taken for this one's). Added as
    ``MonitorPage[TheWizardsChoices](...)``."""

    def __init__(self, name: str = "monitor", wizard: str = WIZARD) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setTitle("Watch the migration")
        self.setSubTitle(
            "Live status from DMS. You can leave this page: the task keeps running in AWS."
        )
        self._wizard_name = wizard
        self.view: TaskMonitorView | None = None
        self._layout = QVBoxLayout(self)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        wizard = self.flow
        if self.view is None:
            self.view = TaskMonitorView(wizard.context, self._wizard_name)
            self._layout.addWidget(self.view)
        watched = wizard.state.watched
        assert watched is not None, "the page before the monitor chooses the task"
        arn = watched.task_arn
        if self.view.arn != arn or not self.view.watching:
            self.view.watch(arn, just_started=watched.just_started)


class ChooseTaskPage(FormPage[MonitorChoices]):
    def __init__(self) -> None:
        super().__init__(
            "choose",
            "Which migration task?",
            "The tasks in this account and region; pick one to see how it is doing.",
        )
        self.tasks = QComboBox()
        self.add_field("Migration task", "task", self.tasks)
        self.loaded = False

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        super().initializePage()
        self.tasks.clear()
        self.tasks.setPlaceholderText("Loading the tasks…")
        self.loaded = False
        self.load_choices("tasks", list_tasks(self.flow.context.door), self._show_tasks)

    def _show_tasks(self, tasks: list[TaskChoice]) -> None:
        for task in tasks:
            self.tasks.addItem(task.label, task.arn)
        self.loaded = True
        if tasks:
            self.tasks.setCurrentIndex(0)
        else:
            self.show_error(
                MigrationAssistantError(
                    "There is no migration task in this account and region yet.",
                    "Create one with 'Create the migration task' on the home page.",
                )
            )

    def collect(self) -> None:
        arn = self.tasks.currentData()
        if not arn:
            raise ValidationError("task", "Choose a migration task.")
        self.flow.state.watched = MonitorInputs(str(arn))


class MonitorWizard(FlowWizard[MonitorChoices]):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "Watch a migration task", MonitorChoices(), parent)
        self.add(ChooseTaskPage())
        self.add(MonitorPage[MonitorChoices]())


CARD = FlowCard(
    "monitor",
    "Watch a migration task",
    "See how a migration task is doing: progress per table, stop, resume or restart it.",
    MonitorWizard,
    order=65,
)
