"""The status bar's "Still waiting for AWS (…), attempt 2 of 3…" while a call has no answer."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLabel, QWidget

from core.aws import CallRecord, CallState

__all__ = ["WaitingNote"]


class WaitingNote(QLabel):
    """Shows the newest note of the calls still waiting; hidden when none waits.

    Attributes:
        notes: call number -> its note, for the calls waiting now.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("waiting-note")
        self.setAccessibleName("Waiting for AWS")
        self.notes: dict[int, str] = {}
        self.hide()

    @Slot(object)
    def show_call(self, record: CallRecord) -> None:
        if record.state is CallState.RUNNING and record.waiting:
            self.notes[record.number] = record.waiting
        elif record.state is not CallState.RUNNING:
            self.notes.pop(record.number, None)
        self.setText(self.notes[max(self.notes)] if self.notes else "")
        self.setVisible(bool(self.notes))
