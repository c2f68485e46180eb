"""Watching a migration task: status, full-load bar, per-table grid, elapsed time, CDC
latency, the stop reason or failure in plain words, and Start/Stop/Resume/Restart.

The view polls only while it is shown: hiding it (next page, Home, closing the window)
cancels the poll, showing it again resumes. The DMS task itself keeps running. The poll is
``MonitorFlow.run`` and a button is ``MonitorFlow.control``, both the view's jobs in the app's
background work.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.errors import MigrationAssistantError
from core.flows.context import FlowContext
from core.flows.endpoints import likely_fixes
from core.flows.monitor import (
    TASK_STATUS_MEANINGS,
    MonitorFlow,
    MonitorInputs,
    TaskControl,
    TaskSnapshot,
    offered_controls,
)
from gui.context import AppContext
from gui.widgets.labels import duration, plain_label

__all__ = ["TaskMonitorView"]

log = logging.getLogger("migration_assistant.gui")

_COLUMNS = ("Table", "State", "Full-load rows", "Inserts", "Updates", "Deletes", "Validation")
_RUNNING = {"starting", "running", "resuming"}
_STOPPED = {"stopped", "failed"}
# The view's two jobs: the poll, and a control's call (Start, Stop, ...).
_POLL, _ACTION = "poll", "action"


class TaskMonitorView(QWidget):
    """Attributes:
        snapshot: the last look at the task (None before the first).
        grid: one row per table from describe_table_statistics.
        start_button, stop_button, resume_button, restart_button: the controls, enabled
            as ``offered_controls`` says; ``controls`` holds them by ``TaskControl``.

    Signals:
        snapshot_shown(object): each TaskSnapshot shown.
        action_failed(object): a MigrationAssistantError from a control or the poll.
    """

    snapshot_shown = Signal(object)
    action_failed = Signal(object)

    def __init__(
        self, context: AppContext, wizard: str = "monitor", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("taskMonitor")
        self.context = context
        self.wizard_name = wizard
        self.arn = ""
        self.snapshot: TaskSnapshot | None = None
        self._resume_on_show = False
        self._just_started = False
        self.headline = QLabel("Waiting for the first status…")
        self.headline.setObjectName("pageTitle")
        self.headline.setWordWrap(True)
        self.status = plain_label(name="statusLabel")
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.bar.setFormat("Full load %p%")
        self.elapsed = plain_label()
        self.latency = plain_label()
        self.latency.hide()
        self.failure = plain_label(name="fieldError")
        self.failure.hide()
        self.grid = QTableWidget(0, len(_COLUMNS))
        self.grid.setAccessibleName("Table progress")
        self.grid.setHorizontalHeaderLabels(list(_COLUMNS))
        self.grid.verticalHeader().setVisible(False)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.controls = self._build_buttons()
        buttons = QHBoxLayout()
        buttons.addWidget(self.elapsed, 1)
        for button in self.controls.values():
            button.setEnabled(False)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.headline)
        layout.addWidget(self.status)
        layout.addWidget(self.bar)
        layout.addWidget(self.latency)
        layout.addWidget(self.failure)
        layout.addWidget(self.grid, 1)
        layout.addLayout(buttons)

    def _build_buttons(self) -> dict[TaskControl, QPushButton]:
        self.start_button = QPushButton("Start")
        self.start_button.setToolTip("Start copying: the task has not run yet.")
        self.stop_button = QPushButton("Stop")
        self.stop_button.setToolTip("Stop after the current work; you can resume later.")
        self.resume_button = QPushButton("Resume")
        self.resume_button.setToolTip("Continue where the task stopped.")
        self.restart_button = QPushButton("Restart")
        self.restart_button.setToolTip(
            "Load every table again from the start (the target tables are prepared again, "
            "as the task's table preparation mode says)."
        )
        controls = {
            TaskControl.START: self.start_button,
            TaskControl.STOP: self.stop_button,
            TaskControl.RESUME: self.resume_button,
            TaskControl.RESTART: self.restart_button,
        }
        for control, button in controls.items():
            button.clicked.connect(lambda _=False, pressed=control: self._act(pressed))
        return controls

    # -- polling -------------------------------------------------------------------------

    @property
    def watching(self) -> bool:
        return self.context.work.busy(self, _POLL)

    def _ctx(self) -> FlowContext:
        return self.context.flow_context(self.wizard_name)

    def _flow(self, *, just_started: bool = False) -> MonitorFlow:
        inputs = MonitorInputs(self.arn, just_started=just_started)
        return MonitorFlow(inputs, on_snapshot=self.show_snapshot)

    def watch(self, arn: str, *, just_started: bool = False) -> None:
        """Poll the task ``arn`` until it stops or fails (or the view is hidden)."""
        self.arn = arn
        self._just_started = just_started
        self.stop_watching()
        if not self.isVisible():
            self._resume_on_show = True
            return
        self._start_poll()

    def _start_poll(self) -> None:
        self.context.work.start(
            self._watch(self._flow(just_started=self._just_started)),
            owner=self,
            name="watch the migration task",
            key=_POLL,
        )

    async def _watch(self, flow: MonitorFlow) -> None:
        try:
            await flow.run(self._ctx())
        except MigrationAssistantError as error:
            self.failure.setText(f"<b>Could not read the task:</b> {error.plain()}")
            self.failure.show()
            self.action_failed.emit(error)
        self._just_started = False

    def stop_watching(self) -> None:
        self.context.work.cancel(self, _POLL)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._resume_on_show and self.arn and not self.watching:
            self._resume_on_show = False
            self._start_poll()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        # Polling stops with the page; it resumes if the page is shown again.
        if self.watching:
            self._resume_on_show = True
            self.stop_watching()
        super().hideEvent(event)

    # -- controls ------------------------------------------------------------------------

    def _act(self, control: TaskControl) -> None:
        for button in self.controls.values():
            button.setEnabled(False)
        self.context.work.start(
            self._run_control(control),
            owner=self,
            name=f"migration task control: {control.value}",
            key=_ACTION,
        )

    async def _run_control(self, control: TaskControl) -> None:
        self.stop_watching()
        try:
            status = await self._flow().control(self._ctx(), control)
        except MigrationAssistantError as error:
            self.failure.setText(f"<b>{error.message}</b> {error.fix}")
            self.failure.show()
            self.action_failed.emit(error)
            if self.snapshot is not None:
                self._enable_controls(self.snapshot)
            return
        self.status.setText(f"Task: <b>{status}</b> — {TASK_STATUS_MEANINGS.get(status, '')}")
        # After a start, resume or restart the task's previous stop is not this run's.
        self.watch(self.arn, just_started=control is not TaskControl.STOP)

    def _enable_controls(self, snapshot: TaskSnapshot) -> None:
        offered = offered_controls(snapshot)
        for control, button in self.controls.items():
            button.setEnabled(control in offered)

    # -- showing -------------------------------------------------------------------------

    def show_snapshot(self, snapshot: TaskSnapshot) -> None:
        """Show one look at the task (also used by pages that poll on their own)."""
        self.snapshot = snapshot
        self.arn = self.arn or snapshot.arn
        self.headline.setText(snapshot.headline)
        meaning = TASK_STATUS_MEANINGS.get(snapshot.status, "")
        self.status.setText(f"Task status: <b>{snapshot.status}</b> — {meaning}")
        self.bar.setValue(snapshot.progress_percent)
        self.elapsed.setText(f"Elapsed: {duration(snapshot.elapsed_seconds)}")
        if snapshot.cdc_latency_source is not None:
            self.latency.setText(
                f"Ongoing replication delay: {snapshot.cdc_latency_source:.0f} s reading the "
                f"source, {(snapshot.cdc_latency_target or 0):.0f} s writing the target."
            )
            self.latency.show()
        elif snapshot.status not in _RUNNING:
            self.latency.hide()
        self._show_failure(snapshot)
        self.grid.setRowCount(len(snapshot.tables))
        for row, table in enumerate(snapshot.tables):
            cells = (
                table.name,
                table.state,
                f"{table.full_load_rows:,}",
                f"{table.inserts:,}",
                f"{table.updates:,}",
                f"{table.deletes:,}",
                table.validation_state or "—",
            )
            for column, text in enumerate(cells):
                self.grid.setItem(row, column, QTableWidgetItem(text))
        self._enable_controls(snapshot)
        self.snapshot_shown.emit(snapshot)

    def _show_failure(self, snapshot: TaskSnapshot) -> None:
        if snapshot.status == "stopped" and snapshot.stop_reason:
            self.status.setText(f"Task status: <b>stopped</b> — {snapshot.plain_stop_reason}")
        if snapshot.status != "failed" and not (
            snapshot.last_failure and snapshot.status in _STOPPED
        ):
            self.failure.hide()
            return
        message = snapshot.last_failure or "DMS gave no message; open the task's log."
        fixes = "".join(f"<li>{fix}</li>" for fix in likely_fixes(message))
        self.failure.setText(
            f"<b>The task stopped with an error:</b> {message}"
            f"<br>Likely fixes:<ul>{fixes}</ul>Then press Resume (or Restart to load "
            "everything again)."
        )
        self.failure.show()
