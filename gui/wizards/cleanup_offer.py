"""After a cancelled creation: the "Delete what was created?" question, and the progress
page of a creating wizard that asks it when Cancel was pressed."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from core.events import EventSink
from core.flows.context import FlowContext
from core.flows.teardown import TeardownSummary, delete_created
from gui.runner import OperationRunner
from gui.tasks import BackgroundWork
from gui.wizards.base import Operation, ProgressPage

__all__ = ["CleanupOffer", "CreationPage"]

S = TypeVar("S")


class CleanupOffer(QObject):
    """After a cancelled creation: asks "Delete what was created?" (without blocking the
    loop) and, on Yes, deletes exactly what this run created, reporting into ``log``.

    Attributes:
        question: the open question box, if any (tests press its buttons).
        runner: runs the deletion; its events can be shown like any operation's.

    Signals:
        finished(object): the TeardownSummary (or None when nothing was deleted).
        deleted(object): the TeardownSummary of a deletion that ran (before ``finished``).
    """

    finished = Signal(object)
    deleted = Signal(object)

    def __init__(self, parent: QWidget, log: Callable[[str], None]) -> None:
        super().__init__(parent)
        self._parent = parent
        self._log = log
        self.question: QMessageBox | None = None
        self.runner = OperationRunner(self, "Deleting what was created")
        self.runner.succeeded.connect(self._deleted)
        self.runner.failed.connect(lambda error: self._log(f"✖ {error.plain()}"))

    def offer(self, ctx: FlowContext | None, store: Any, work: BackgroundWork) -> None:
        if ctx is None or not ctx.created:
            self._log("Nothing had been created yet.")
            self.finished.emit(None)
            return
        names = "\n".join(f"• {entry.kind.value} {entry.resource_id}" for entry in ctx.created)
        box = QMessageBox(self._parent)
        box.setObjectName("cleanupQuestion")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Delete what was created?")
        box.setText("The creation was cancelled. Delete what it had already created?")
        box.setInformativeText(
            f"{names}\n\nIf you keep them, they stay on the Resources page (some are billed)."
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.button(QMessageBox.StandardButton.Yes).setText("Delete them")
        box.button(QMessageBox.StandardButton.No).setText("Keep them")
        box.finished.connect(lambda answer: self._answered(answer, ctx, store, work))
        self.question = box
        box.open()

    def _answered(self, answer: int, ctx: FlowContext, store: Any, work: BackgroundWork) -> None:
        self.question = None
        if answer != QMessageBox.StandardButton.Yes:
            self._log("Kept what was created; it is listed on the Resources page.")
            self.finished.emit(None)
            return
        self._log("Deleting what this run created…")

        async def run(sink: EventSink) -> TeardownSummary:
            ctx.sink = sink
            return await delete_created(ctx, store)

        self.runner.start(work, run)

    def _deleted(self, summary: TeardownSummary) -> None:
        self.deleted.emit(summary)
        for line in summary.lines():
            self._log(line)
        self.finished.emit(summary)


class CreationPage(ProgressPage[S]):
    """A progress page that creates AWS resources through one FlowContext kept across its
    attempts; Cancel offers to delete what they created. Subclasses implement ``creation``.

    Attributes:
        flow_context: the context of this page's runs (None before the first).
        cleanup: the "Delete what was created?" offer.
    """

    def __init__(self, name: str, title: str, subtitle: str, wizard_name: str) -> None:
        super().__init__(name, title, subtitle)
        self.wizard_name = wizard_name
        self.flow_context: FlowContext | None = None
        self.cleanup = CleanupOffer(self, self.append_log)
        self.cleanup.runner.core_event.connect(self.show_event)
        self.cleanup.runner.busy_changed.connect(
            lambda busy: self.retry_button.setEnabled(not busy)
        )

    def creation(self, ctx: FlowContext) -> Coroutine[Any, Any, Any]:
        raise NotImplementedError

    def operation(self) -> Operation:
        if self.flow_context is None:
            self.flow_context = self.flow.context.flow_context(self.wizard_name)
        ctx = self.flow_context
        creation = self.creation

        async def run(sink: EventSink) -> Any:
            ctx.sink = sink
            return await creation(ctx)

        return run

    def on_cancelled(self) -> None:
        self.cleanup.offer(self.flow_context, self.flow.context.store, self.flow.context.work)
