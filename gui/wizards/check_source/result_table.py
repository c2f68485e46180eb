"""A read-only results table with a coloured status column, shared by the check and the
validation results: rows are selectable, Ctrl+C copies them as tab-separated text."""

from __future__ import annotations

import enum
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QIcon, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

__all__ = ["Outcome", "ResultTable", "verdict_html"]


class Outcome(enum.Enum):
    """How a row turned out, as a person reads it: colour, icon and word."""

    GOOD = "good"
    WARNING = "warning"
    PROBLEM = "problem"

    @property
    def color(self) -> str:
        return {
            Outcome.GOOD: "#1a7f37",
            Outcome.WARNING: "#9a6700",
            Outcome.PROBLEM: "#b42318",
        }[self]

    @property
    def background(self) -> str:
        return {
            Outcome.GOOD: "#eaf7ee",
            Outcome.WARNING: "#fff8e1",
            Outcome.PROBLEM: "#fdecea",
        }[self]

    def icon(self, widget: QWidget) -> QIcon:
        pixmap = {
            Outcome.GOOD: QStyle.StandardPixmap.SP_DialogApplyButton,
            Outcome.WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
            Outcome.PROBLEM: QStyle.StandardPixmap.SP_MessageBoxCritical,
        }[self]
        return widget.style().standardIcon(pixmap)


def verdict_html(outcome: Outcome, headline: str, detail: str = "") -> str:
    """A verdict line in the outcome's colour (inline, so no style-sheet rule is needed)."""
    text = f'<span style="font-size:13pt; font-weight:600; color:{outcome.color}">{headline}</span>'
    return f"{text}<br>{detail}" if detail else text


class ResultTable(QTableWidget):
    """Column 0 is the status (icon, word, colour); the others are wrapped text, but the
    ``numbers`` columns, which are as wide as their contents and right-aligned."""

    def __init__(
        self,
        headers: Sequence[str],
        numbers: Sequence[int] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(0, len(headers), parent)
        self.setHorizontalHeaderLabels(list(headers))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setAlternatingRowColors(False)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.numbers = frozenset(numbers)
        for column in range(1, len(headers)):
            mode = QHeaderView.ResizeMode.Stretch
            if column in self.numbers:
                mode = QHeaderView.ResizeMode.ResizeToContents
            header.setSectionResizeMode(column, mode)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def set_rows(self, rows: Sequence[tuple[Outcome, str, Sequence[str]]]) -> None:
        """Each row: its outcome, the status word, and the texts of the other columns."""
        self.setRowCount(0)
        self.setRowCount(len(rows))
        for row, (outcome, word, texts) in enumerate(rows):
            status = QTableWidgetItem(outcome.icon(self), word)
            status.setForeground(QBrush(QColor(outcome.color)))
            status.setBackground(QBrush(QColor(outcome.background)))
            font = status.font()
            font.setBold(True)
            status.setFont(font)
            self.setItem(row, 0, status)
            for column, text in enumerate(texts, start=1):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                side = Qt.AlignmentFlag.AlignLeft
                if column in self.numbers:
                    side = Qt.AlignmentFlag.AlignRight
                item.setTextAlignment(side | Qt.AlignmentFlag.AlignTop)
                self.setItem(row, column, item)
        self.resizeRowsToContents()

    def cell_text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text() if item is not None else ""

    def as_text(self, rows: Sequence[int] | None = None) -> str:
        """Tab-separated header and rows (all rows unless given)."""
        headers = []
        for column in range(self.columnCount()):
            header = self.horizontalHeaderItem(column)
            headers.append(header.text() if header is not None else "")
        chosen = range(self.rowCount()) if rows is None else rows
        lines = ["\t".join(headers)]
        lines += [
            "\t".join(self.cell_text(row, c).replace("\n", " ") for c in range(self.columnCount()))
            for row in chosen
        ]
        return "\n".join(lines) + "\n"

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.matches(QKeySequence.StandardKey.Copy):
            rows = sorted({index.row() for index in self.selectedIndexes()})
            QGuiApplication.clipboard().setText(self.as_text(rows or None))
            return
        super().keyPressEvent(event)
