"""The activity panel: every AWS call as it happens, as the equivalent ``aws`` command."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.aws import CallRecord, CallState

__all__ = ["ActivityPanel"]

QWIDGETSIZE_MAX = (1 << 24) - 1  # Qt's 'no maximum' for a widget's size

_COLUMNS = ("Time", "AWS CLI equivalent", "Result", "Duration")
_STATE_TEXT = {
    CallState.RUNNING: "running…",
    CallState.SUCCEEDED: "",
    CallState.NOT_FOUND: "not found: ",
    CallState.FAILED: "failed: ",
}


class ActivityPanel(QWidget):
    """A table of calls; a call's row updates in place when it ends.

    Attributes:
        table: one row per call, newest at the bottom.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("activityPanel")
        self._rows: dict[int, int] = {}
        self.table = QTableWidget(0, len(_COLUMNS), self)
        self.table.setHorizontalHeaderLabels(list(_COLUMNS))
        self.table.setAccessibleName("Activity: AWS calls")
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(2, 260)
        title = QLabel(
            "<b>Activity</b> — every AWS call the app makes, as an <tt>aws</tt> "
            "command (secrets as shell variables you set)"
        )
        title.setWordWrap(True)  # a narrow window wraps it rather than widening
        # Collapsing leaves the title row, so the pages get the height on a small screen.
        self.collapse = QPushButton("Hide calls")
        self.collapse.setObjectName("activity-collapse")
        self.collapse.setCheckable(True)
        self.collapse.setAccessibleName("Hide the activity panel's calls")
        self.collapse.toggled.connect(self.set_collapsed)
        copy = QPushButton("Copy command")
        copy.setToolTip("Copy the selected call as an aws CLI command")
        copy.clicked.connect(self.copy_selected)
        top = QHBoxLayout()
        top.addWidget(title, 1)
        top.addWidget(copy)
        top.addWidget(self.collapse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.table)

    def set_collapsed(self, collapsed: bool) -> None:
        """Only the title row (the splitter above takes the height), or the calls too."""
        self.collapse.setChecked(collapsed)
        self.table.setVisible(not collapsed)
        self.collapse.setText("Show calls" if collapsed else "Hide calls")
        self.collapse.setAccessibleName(
            "Show the activity panel's calls" if collapsed else "Hide the activity panel's calls"
        )
        layout = self.layout()
        assert layout is not None  # set in __init__
        margins = layout.contentsMargins()
        header = self.collapse.sizeHint().height() + margins.top() + margins.bottom()
        self.setMaximumHeight(header if collapsed else QWIDGETSIZE_MAX)

    @property
    def collapsed(self) -> bool:
        return self.table.isHidden()

    def show_call(self, record: CallRecord) -> None:
        row = self._rows.get(record.number)
        if row is None:
            row = self.table.rowCount()
            self.table.insertRow(row)
            self._rows[record.number] = row
        result = _STATE_TEXT[record.state] + (record.waiting or record.result)
        duration = "" if record.duration is None else f"{record.duration * 1000:.0f} ms"
        cells = (record.started_at.astimezone().strftime("%H:%M:%S"), record.cli, result, duration)
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if record.state is CallState.FAILED:
                item.setForeground(Qt.GlobalColor.darkRed)
            elif record.state is CallState.NOT_FOUND:
                item.setForeground(Qt.GlobalColor.darkGray)
            self.table.setItem(row, column, item)
        self.table.scrollToBottom()

    def _command_at(self, row: int) -> str:
        item = self.table.item(row, 1)
        return item.text() if item is not None else ""

    def commands(self) -> list[str]:
        return [self._command_at(row) for row in range(self.table.rowCount())]

    def copy_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        if rows:
            text = "\n".join(self._command_at(row) for row in rows)
            QGuiApplication.clipboard().setText(text)
