"""After a cancelled run: the one "Delete what was created?" offer, and the progress page of
a creating wizard that makes it when Cancel was pressed."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox

from core.events import EventSink
from core.flows.context import FlowContext
from core.flows.teardown import TeardownSummary, delete_created
from gui.runner import OperationRunner
from gui.widgets.resource_titles import entry_label
from gui.wizards.base import Operation, ProgressPage

__all__ = ["CleanupOffer", "CreationPage"]

S = TypeVar("S")

_KEEP_HINT = "If you keep them, they stay on the Resources page (some are billed)."


class CleanupOffer(QObject):
    """After a cancelled run of ``page``: asks "Delete what was created?" (without blocking
    the loop) and, on Yes, deletes exactly what the run's context created. The deletion
    reports into the page's log and status like any operation, blocks leaving the page as
    one does, and keeps Try again disabled until it ends.

    Attributes:
        question: the open question box, if any (tests press its buttons).
        runner: runs the deletion.

    Signals:
        finished(object): the TeardownSummary (or None when nothing was deleted).
        deleted(object): the TeardownSummary of a deletion that ran (before ``finished``).
    """

    finished = Signal(object)
    deleted = Signal(object)

    def __init__(self, page: ProgressPage[Any], *, keep_hint: str = _KEEP_HINT) -> None:
        super().__init__(page)
        self._page = page
        self._keep_hint = keep_hint
        self.question: QMessageBox | None = None
        self.runner = OperationRunner(self, "Deleting what was created")
        self.runner.core_event.connect(page.show_event)
        self.runner.succeeded.connect(self._deleted)
        self.runner.failed.connect(lambda error: page.append_log(f"✖ {error.plain()}"))
        self.runner.busy_changed.connect(lambda busy: page.retry_button.setEnabled(not busy))

    def offer(self, ctx: FlowContext | None) -> None:
        """Ask about what ``ctx`` created (say so in the log when it created nothing)."""
        if ctx is None or not ctx.created:
            self._page.append_log("Nothing had been created yet.")
            self.finished.emit(None)
            return
        listing = "\n".join(f"• {entry_label(entry)}" for entry in ctx.created)
        box = QMessageBox(self._page)
        box.setObjectName("cleanupQuestion")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Delete what was created?")
        box.setText("The run was cancelled. Delete what it had already created?")
        box.setInformativeText(f"{listing}\n\n{self._keep_hint}")
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.button(QMessageBox.StandardButton.Yes).setText("Delete them")
        box.button(QMessageBox.StandardButton.No).setText("Keep them")
        box.finished.connect(lambda answer: self._answered(answer, ctx))
        self.question = box
        box.open()

    def _answered(self, answer: int, ctx: FlowContext) -> None:
        self.question = None
        page = self._page
        if answer != QMessageBox.StandardButton.Yes:
            page.append_log("Kept what was created; it is listed on the Resources page.")
            self.finished.emit(None)
            return
        page.append_log("Deleting what this run created…")
        store = page.flow.context.store

        async def run(sink: EventSink) -> TeardownSummary:
            ctx.sink = sink
            return await delete_created(ctx, store)

        self.runner.start(page.flow.context.work, run)

    def _deleted(self, summary: TeardownSummary) -> None:
        self.deleted.emit(summary)
        for line in summary.lines():
            self._page.append_log(line)
        self._page.append_log(
            "Clean-up finished." if summary.complete else "Clean-up left some behind."
        )
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
        self.cleanup = CleanupOffer(self)

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
        self.cleanup.offer(self.flow_context)
