"""The upload itself: overall bar, rate and ETA, a row per part, Pause/Resume and a Cancel
that asks whether to keep the parts for later or delete them.

Reads ``inputs`` (file, bucket, key, options) from ``wizard.state`` (``UploadChoices``);
writes ``result``.
"""

from __future__ import annotations

from typing import Any, TypeGuard

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
)

from core.events import (
    Event,
    Failed,
    Note,
    Progress,
    StatusChanged,
    StepFinished,
    StepStarted,
    WasCancelled,
)
from core.flows.upload import UploadFlow
from core.transfer import (
    PROGRESS_STEP,
    JournalStore,
    PartState,
    PartStateChanged,
    UploadControl,
    UploadResult,
    UploadStarted,
    format_size,
)
from gui.keyboard import tab_in_order
from gui.wizards.base import Operation, ProgressPage
from gui.wizards.pausing import PauseButton, rate_line
from gui.wizards.upload.choices import UploadChoices

__all__ = ["UploadProgressPage"]

# Repainting the part table on every event would steal time from the event loop at full
# speed; changed rows are applied at most this often (ms).
REPAINT_MS = 200
_PART_COLUMNS = ("Part", "Size", "State", "Attempt", "Detail")


def is_core_event(event: object) -> TypeGuard[Event]:
    return isinstance(
        event, StepStarted | Progress | StatusChanged | StepFinished | Failed | WasCancelled | Note
    )


class UploadProgressPage(ProgressPage[UploadChoices]):
    def __init__(self) -> None:
        super().__init__(
            "upload",
            "Uploading",
            "Parts confirmed by S3 are written to a journal: if the app or the computer stops, "
            "start the same upload again and only the missing parts are sent.",
        )
        self.control = UploadControl()
        self.rate = QLabel()
        self.parts = QTableWidget(0, len(_PART_COLUMNS))
        self.parts.setAccessibleName("Parts uploaded")
        self.parts.setHorizontalHeaderLabels(list(_PART_COLUMNS))
        self.parts.verticalHeader().setVisible(False)
        self.parts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.parts.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.pause_button = PauseButton(lambda: self.control, "Pause or resume the upload")
        layout = self.layout()
        assert layout is not None
        layout.addWidget(self.rate)
        layout.addWidget(self.parts)
        # Cancel asks first: keep the parts for later, or delete them.
        self.cancel_button.clicked.disconnect()
        self.cancel_button.clicked.connect(self.ask_cancel)
        self.log.setMaximumHeight(90)
        self._pending: dict[int, PartStateChanged] = {}
        self._timer = QTimer(self)
        self._timer.setInterval(REPAINT_MS)
        self._timer.timeout.connect(self._apply_parts)
        self.runner.busy_changed.connect(self._busy)
        self.pause_button.place_before(self.layout(), self.cancel_button)
        tab_in_order(self.retry_button, self.pause_button, self.cancel_button, self.parts)

    def operation(self) -> Operation:
        state = self.flow.state
        context = self.flow.context
        self.control = UploadControl()
        self.parts.setRowCount(0)
        self.pause_button.setText("Pause")
        shown = state.inputs
        assert shown is not None, "the form pages come first"
        self.step_label.setText(
            f"<b>Uploading {shown.source.name} to s3://{shown.bucket}/{shown.key}</b>"
        )

        async def run(sink: Any) -> UploadResult:
            inputs = state.inputs
            assert inputs is not None
            flow = UploadFlow(
                inputs,
                journals=JournalStore.default(context.paths),
                control=self.control,
                transfer_sink=sink,
                # In a child process: its threads cannot hold up this window's event loop.
                in_worker=True,
            )
            return await flow.run(context.flow_context("upload", sink))

        return run

    def on_success(self, result: UploadResult) -> None:
        self._apply_parts()
        self.flow.state.result = result
        average = result.size / result.seconds if result.seconds else 0
        self.rate.setText(
            f"{format_size(result.size)} in {result.seconds:.1f} s"
            + (f" ({format_size(average)}/s on average)" if average else "")
        )

    # -- controls ------------------------------------------------------------------------

    def ask_cancel(self) -> QMessageBox:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Cancel the upload")
        box.setText("Stop the upload?")
        box.setInformativeText(
            "Keep the parts sent so far to resume later (S3 bills their storage until the "
            "upload is finished or deleted), or delete them now."
        )
        keep = box.addButton("Keep to resume later", QMessageBox.ButtonRole.AcceptRole)
        delete = box.addButton("Abort and delete the parts", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Continue uploading", QMessageBox.ButtonRole.RejectRole)
        keep.clicked.connect(lambda: self.control.cancel(abort=False))
        delete.clicked.connect(lambda: self.control.cancel(abort=True))
        box.open()
        return box

    def _busy(self, busy: bool) -> None:
        self.pause_button.setEnabled(busy)
        if busy:
            self._timer.start()
        else:
            self._timer.stop()
            self._apply_parts()

    # -- events --------------------------------------------------------------------------

    def show_event(self, event: object) -> None:
        if isinstance(event, UploadStarted):
            self._lay_out(event)
        elif isinstance(event, PartStateChanged):
            self._pending[event.number] = event
        elif isinstance(event, Progress) and event.step == PROGRESS_STEP:
            super().show_event(event)
            self.rate.setText(rate_line(event, self.control.paused))
        elif not isinstance(event, Progress) and is_core_event(event):
            super().show_event(event)

    def _lay_out(self, started: UploadStarted) -> None:
        self.parts.setRowCount(started.part_count)
        for number in range(1, started.part_count + 1):
            size = (
                started.part_size
                if number < started.part_count
                else (started.size - started.part_size * (started.part_count - 1))
            )
            state = PartState.SKIPPED if number in started.resumed_parts else PartState.WAITING
            cells = (str(number), format_size(size), state.value, "", "")
            for column, text in enumerate(cells):
                self.parts.setItem(number - 1, column, QTableWidgetItem(text))
        if started.resumed_parts:
            self.append_log(
                f"Resuming: {len(started.resumed_parts)} part(s) are already in S3 and are "
                "not sent again."
            )

    def _apply_parts(self) -> None:
        pending, self._pending = self._pending, {}
        for number, change in pending.items():
            if number > self.parts.rowCount():
                continue
            cells = (change.state.value, str(change.attempt), change.detail)
            for offset, text in enumerate(cells, start=2):
                self.parts.setItem(number - 1, offset, QTableWidgetItem(text))

    def part_states(self) -> dict[int, str]:
        """Part number -> the state the table shows (tests and the tour read it)."""
        shown: dict[int, str] = {}
        for row in range(self.parts.rowCount()):
            item = self.parts.item(row, 2)
            shown[row + 1] = item.text() if item is not None else ""
        return shown
