"""Shared pieces of the AWS wizards: choice boxes filled from the account (their listings
run through ``FormPage.load_choices``), a "cancel and delete" question, and copyable text."""

from __future__ import annotations

import weakref
from collections.abc import Awaitable, Callable, Coroutine, Hashable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from core.aws import AwsDoor
from core.events import EventSink
from core.flows.context import FlowContext
from core.flows.teardown import TeardownSummary, delete_created
from gui.runner import OperationRunner
from gui.tasks import BackgroundWork
from gui.wizards.base import Operation, ProgressPage, monospace

__all__ = [
    "ChoiceBox",
    "CleanupOffer",
    "CopyableText",
    "CreationPage",
    "offered",
    "widen",
]


W = TypeVar("W", bound=QWidget)
S = TypeVar("S")
T = TypeVar("T")


# -- choices ---------------------------------------------------------------------------


def widen(widget: W) -> W:
    """Let a field take the form's width, so the hint under it wraps without clipping."""
    widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return widget


class ChoiceBox(QComboBox):
    """A drop-down of (label, value) pairs; ``value()`` is the chosen pair's value. It says
    "Reading from AWS…" until its choices arrive."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        widen(self)
        self.setPlaceholderText("Reading from AWS…")

    def set_choices(self, choices: Sequence[tuple[str, Any]], preferred: Any = None) -> None:
        """Replace the items, keeping the current value when it is still offered, else
        ``preferred``, else the first item. Announces the new choice once."""
        keep = self.value() if self.count() else preferred
        self.blockSignals(True)
        try:
            self.clear()
            for label, value in choices:
                self.addItem(label, value)
            if not self.select_value(keep) and not self.select_value(preferred):
                self.setCurrentIndex(0 if self.count() else -1)
        finally:
            self.blockSignals(False)
        self.currentIndexChanged.emit(self.currentIndex())

    def value(self) -> Any:
        return self.currentData() if self.currentIndex() >= 0 else None

    def values(self) -> list[Any]:
        return [self.itemData(index) for index in range(self.count())]

    def select_value(self, value: Any) -> bool:
        if value is None:
            return False
        for index in range(self.count()):
            if self.itemData(index) == value:
                self.setCurrentIndex(index)
                return True
        return False


# -- cleanup after cancel -----------------------------------------------------------------


class CleanupOffer(QObject):
    """After a cancelled creation: asks "Delete what was created?" (without blocking the
    loop) and, on Yes, deletes exactly what this run created, reporting into ``log``.

    Attributes:
        question: the open question box, if any (tests press its buttons).
        runner: runs the deletion; its events can be shown like any operation's.

    Signals:
        finished(object): the TeardownSummary (or None when nothing had been created).
    """

    finished = Signal(object)

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


# -- copyable text ------------------------------------------------------------------------


class CopyableText(QWidget):
    """Read-only monospace text with a Copy button."""

    def __init__(self, button_text: str = "Copy", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        monospace(self.text)
        self.copy_button = QPushButton(button_text)
        self.copy_button.clicked.connect(self.copy)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 1)
        layout.addLayout(buttons)

    def set_text(self, text: str) -> None:
        self.text.setPlainText(text)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())


# -- what the account offers ------------------------------------------------------------


_OFFERS: weakref.WeakKeyDictionary[AwsDoor, dict[Hashable, Any]] = weakref.WeakKeyDictionary()


async def offered(door: AwsDoor, key: Hashable, fetch: Callable[[], Awaitable[T]]) -> T:
    """What an account offers (engine versions, instance classes) does not change while the
    app runs: read it once per connection. A new connection has a new door, so new reads."""
    known = _OFFERS.setdefault(door, {})
    if key not in known:
        known[key] = await fetch()
    result: T = known[key]
    return result
