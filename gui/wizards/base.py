"""Building blocks for every wizard: form pages with messages next to their fields, and a
progress page that runs a core operation with a bar, live statuses and cancel (the wizard
itself is in ``gui.wizards.flow_wizard``, the review and summary pages in
``gui.wizards.text_pages``).

A wizard keeps what its pages collected in ``wizard.state``, its own typed dataclass
(``FlowWizard[S]``); these pages are ``WizardPage[S]`` and read and write its fields, never
each other's widgets.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from core.errors import MigrationAssistantError, ValidationError
from core.events import (
    Event,
    EventSink,
    Failed,
    Note,
    Progress,
    StatusChanged,
    StepFinished,
    StepStarted,
)
from gui.runner import OperationRunner
from gui.widgets.announce import announce
from gui.widgets.field_form import field_column, labelled
from gui.widgets.fonts import monospace
from gui.widgets.waiting_note import WaitingNote
from gui.wizards.elapsed import ElapsedLabel
from gui.wizards.flow_wizard import FlowWizard, WizardPage

__all__ = [
    "FlowWizard",
    "FormPage",
    "ProgressPage",
    "WizardPage",
    "monospace",
]

S = TypeVar("S")
T = TypeVar("T")

STARTING = "Starting…"  # the step line until the operation names its first step
# The key of a form page's own check in its background work (its listings use theirs).
CHECK = "check"


class FormPage(WizardPage[S]):
    """A page of labelled fields, each with a message line shown under it when invalid.

    Subclasses build fields with ``add_field`` and implement ``collect()``, which reads the
    widgets, validates with core validators (raising ValidationError) and stores values in
    the fields of ``wizard.state``. ``check()`` may do read-only AWS checks (name taken,
    class offered): Next waits for it and shows its ValidationError next to the field. What
    the fields offer is read in the background with ``load_choices``. Both run as the
    page's jobs in the app's ``BackgroundWork``, so they stop when the page is deleted.
    """

    def __init__(self, name: str, title: str, subtitle: str = "") -> None:
        super().__init__()
        self.setObjectName(name)
        self.setTitle(title)
        if subtitle:
            self.setSubTitle(subtitle)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.errors: dict[str, QLabel] = {}
        self.page_error = QLabel()
        self.page_error.setObjectName("fieldError")
        self.page_error.setWordWrap(True)
        self.page_error.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.page_error)
        layout.addStretch(1)
        self._checked = False

    def add_field(self, label: str, field: str, widget: QWidget, hint: str = "") -> QWidget:
        # Fields take the form's width, so the hint under them wraps instead of clipping.
        widget.setSizePolicy(QSizePolicy.Policy.Expanding, widget.sizePolicy().verticalPolicy())
        column, self.errors[field] = field_column(widget, hint)
        holder = QWidget()
        holder.setLayout(column)
        self.form.addRow(labelled(widget, label, hint), holder)
        return widget

    def load_choices(
        self,
        key: str,
        reading: Coroutine[Any, Any, T],
        show: Callable[[T], None],
        on_error: Callable[[MigrationAssistantError], None] | None = None,
    ) -> None:
        """Run ``reading`` (a listing from core) in the background and pass its result to
        ``show``. A newer load of the same ``key`` replaces an older one still running
        (another VPC's subnet groups replace the first's); a failure goes to ``on_error``,
        by default shown next to its field."""
        self.flow.context.work.start(
            reading,
            owner=self,
            name=f"{self.objectName()} page: {key}",
            key=key,
            on_result=show,
            on_error=self.show_error if on_error is None else on_error,
        )

    @property
    def loading_choices(self) -> bool:
        """The page still reads something in the background (its check aside)."""
        work = self.flow.context.work
        return any(job.key != CHECK and not job.cancelled for job in work.running(self))

    async def choices_loaded(self) -> None:
        """Until the page's background reads have ended (``check()`` waits for its choices;
        it does not wait for itself)."""
        await self.flow.context.work.idle(self)

    def show_error(self, error: MigrationAssistantError) -> None:
        field = getattr(error, "field", "")
        target = self.errors.get(field, self.page_error)
        target.setText(error.plain())
        target.show()
        announce(target, error.plain(), urgent=True)

    def clear_errors(self) -> None:
        for label in (*self.errors.values(), self.page_error):
            label.clear()
            label.hide()

    def visible_errors(self) -> dict[str, str]:
        """Field -> message for every message shown (tests and the tour read it)."""
        shown = {field: label.text() for field, label in self.errors.items() if label.text()}
        if self.page_error.text():
            shown["page"] = self.page_error.text()
        return shown

    def collect(self) -> None:
        """Read and validate the widgets into ``wizard.state``'s fields; raise ValidationError."""

    async def check(self) -> None:
        """Read-only AWS checks before leaving the page; raise ValidationError."""

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self._checked = False

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        if self._checked:
            self._checked = False
            return True
        self.clear_errors()
        try:
            self.collect()
        except ValidationError as error:
            self.show_error(error)
            return False
        if type(self).check is FormPage.check:
            return True
        work = self.flow.context.work
        if not work.busy(self, CHECK):
            work.start(
                self._run_check(), owner=self, name=f"{self.objectName()} page: check", key=CHECK
            )
        return False

    async def _run_check(self) -> None:
        self.setEnabled(False)
        try:
            await self.check()
        except MigrationAssistantError as error:
            self.show_error(error)
            return
        finally:
            self.setEnabled(True)
        self._checked = True
        self.flow.next()


Operation = Callable[[EventSink], Coroutine[Any, Any, Any]]


class ProgressPage(WizardPage[S]):
    """Runs an operation when shown: a step title, a progress bar, the current status in
    plain words, a log of what happened, and Cancel. Next is enabled when it succeeds.

    Subclasses implement ``operation()`` returning a coroutine factory, and ``on_success``
    to store the result in a field of ``wizard.state``. ``on_cancelled`` may offer cleanup.

    Signals:
        done(bool): the operation ended; True when it succeeded.
    """

    done = Signal(bool)

    def __init__(self, name: str, title: str, subtitle: str = "") -> None:
        super().__init__()
        self.setObjectName(name)
        self.setTitle(title)
        if subtitle:
            self.setSubTitle(subtitle)
        self.runner = OperationRunner(self)
        self.step_label = QLabel(STARTING)
        self.step_label.setObjectName("stepLabel")
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.elapsed = ElapsedLabel()
        self.status = QLabel()
        self.status.setObjectName("statusLabel")
        self.status.setWordWrap(True)
        # "Still waiting for AWS (…), attempt 2 of 3…" while a call of the run has no answer.
        self.waiting = WaitingNote()
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setMaximumBlockCount(2000)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        self.cancel_button = QPushButton("&Cancel")
        self.cancel_button.setObjectName("wizard-cancel")
        self.cancel_button.setAccessibleName("Cancel the run")
        self.retry_button = QPushButton("&Try again")
        self.retry_button.setObjectName("wizard-retry")
        self.retry_button.setAccessibleName("Try the run again")
        self.retry_button.hide()
        self._arrange()
        self.succeeded = False
        self.result: Any = None
        self.last_error: MigrationAssistantError | None = None
        self.runner.core_event.connect(self.show_event)
        self.runner.core_event.connect(self.elapsed.show_event)
        self.done.connect(lambda _ok: self.elapsed.stop())
        self.runner.succeeded.connect(self._succeeded)
        self.runner.failed.connect(self._failed)
        self.runner.cancelled.connect(self._cancelled)
        self.cancel_button.clicked.connect(self.runner.cancel)
        self.retry_button.clicked.connect(self.start)

    def _arrange(self) -> None:
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.step_label)
        layout.addWidget(self.bar)
        layout.addWidget(self.elapsed)
        layout.addWidget(self.status)
        layout.addWidget(self.waiting)
        layout.addWidget(self.log, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

    def operation(self) -> Operation:
        raise NotImplementedError

    def on_success(self, result: Any) -> None:
        """Store what the next pages need in ``wizard.state``'s fields."""

    def on_cancelled(self) -> None:
        """Offer to clean up what the cancelled run created."""

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        if not self.succeeded and not self.runner.busy:
            self.start()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return self.succeeded

    def start(self) -> None:
        self.error.hide()
        self.retry_button.hide()
        self.cancel_button.setEnabled(True)
        self.bar.setRange(0, 0)
        context = self.flow.context
        # UniqueConnection: Try again starts the page anew, the note needs one binding.
        context.call_recorded.connect(self.waiting.show_call, Qt.ConnectionType.UniqueConnection)
        self.elapsed.start()
        self.runner.start(context.work, self.operation())

    def append_log(self, text: str) -> None:
        self.log.appendPlainText(text)

    def show_event(self, event: Event) -> None:
        if isinstance(event, StepStarted):
            self.step_label.setText(f"<b>{event.title}</b>")
            self.append_log(f"▶ {event.title}")
        elif isinstance(event, Progress):
            if event.total:
                self.bar.setRange(0, 1000)
                self.bar.setValue(int(1000 * (event.fraction or 0.0)))
            else:
                self.bar.setRange(0, 0)
        elif isinstance(event, StatusChanged):
            meaning = f" — {event.meaning}" if event.meaning else ""
            plain = f"{event.subject}: {event.status}{meaning}"
            if plain != self.status.accessibleDescription():
                announce(self.status, plain)  # a poll that changed nothing stays quiet
            self.status.setText(f"{event.subject}: <b>{event.status}</b>{meaning}")
            self.append_log(plain)
        elif isinstance(event, StepFinished):
            self.append_log(f"✔ {event.summary or 'done'}")
        elif isinstance(event, Note):
            self.append_log(event.text)
        elif isinstance(event, Failed):
            self.append_log(f"✖ {event.error.plain()}")

    def _succeeded(self, result: Any) -> None:
        self.result = result
        self.succeeded = True
        if self.step_label.text() == STARTING:
            # An operation that emits no step (one call, a sync): say what finished.
            self.step_label.setText(f"<b>{self.title()}</b>: done")
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.cancel_button.setEnabled(False)
        announce(self.step_label, f"{self.title()}: done")
        self.on_success(result)
        self.completeChanged.emit()
        self.done.emit(True)

    def _failed(self, error: MigrationAssistantError) -> None:
        self.last_error = error
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        text = f"<b>{error.message}</b>"
        if error.fix:
            text += f"<br>{error.fix}"
        self.error.setText(text)
        self.error.setToolTip(error.details)
        self.error.show()
        self.append_log(f"✖ {error.plain()}")
        if error.details:
            self.append_log(f"   details: {error.details}")
        self.retry_button.show()
        self.cancel_button.setEnabled(False)
        announce(self.error, error.plain(), urgent=True)
        self.done.emit(False)

    def _cancelled(self) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.append_log("Cancelled.")
        self.status.setText("Cancelled.")
        announce(self.status, "Cancelled.")
        self.retry_button.show()
        self.cancel_button.setEnabled(False)
        self.on_cancelled()
        self.done.emit(False)
