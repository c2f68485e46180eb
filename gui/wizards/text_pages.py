"""The pages that show text rather than run anything: the review of the ``aws`` commands the
next step will make, and the summary of what a wizard made. Both are given a function of
their wizard (``FlowWizard[S]``, its ``state`` typed) that makes the text."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from gui.wizards.base import FlowWizard, WizardPage, monospace

__all__ = ["ReviewPage", "SummaryPage"]

S = TypeVar("S")


class ReviewPage(WizardPage[S]):
    """Shows the equivalent ``aws`` commands of what the next step will do (secrets masked)."""

    def __init__(
        self, name: str, title: str, commands: Callable[[FlowWizard[S]], str], intro: str = ""
    ) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setTitle(title)
        self.setSubTitle(
            intro or "Nothing has been created yet. The next step makes these AWS calls:"
        )
        self._commands = commands
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        monospace(self.text)
        copy = QPushButton("Copy commands")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.text.toPlainText()))
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(copy, 0, Qt.AlignmentFlag.AlignRight)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self.text.setPlainText(self._commands(self.flow))


class SummaryPage(WizardPage[S]):
    """The result: label/value rows the user can select and copy."""

    def __init__(
        self, name: str, title: str, rows: Callable[[FlowWizard[S]], Mapping[str, str]]
    ) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setTitle(title)
        self._rows = rows
        self.form = QFormLayout(self)
        self.values: dict[str, QLabel] = {}

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        wizard = self.flow
        while self.form.rowCount():
            self.form.removeRow(0)
        self.values = {}
        for label, value in self._rows(wizard).items():
            shown = QLabel(value)
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[label] = shown
            self.form.addRow(f"{label}:", shown)
