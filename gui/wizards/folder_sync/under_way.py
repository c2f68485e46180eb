"""The files a sync has under way: each path's action, the path, and its size, or for a large
file the bytes moved so far. Drawn at most every ``REDRAW`` seconds and at the run's tick,
so thousands of small files going by cost a dictionary update each, not a redraw."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.sync.events import FileBytes, InFlight
from core.sync.items import SyncItem
from core.sync.meter import LARGE
from core.transfer import format_size

__all__ = ["MAX_ROWS", "REDRAW", "UnderWayList"]

MAX_ROWS = 12  # rows shown; large files first, then the oldest started
REDRAW = 0.25  # seconds between redraws as paths start and end
_COLUMNS = ("Action", "Path", "Moved")


class UnderWayList(QWidget):
    """Attributes:
    title: "Under way: 3 files" (or that nothing is).
    rows: one row per file shown: action, path, bytes.
    clock: seconds from any fixed point (``time.monotonic``; tests give a fake one).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setAccessibleName("Files under way, how many")
        self.rows = QTreeWidget()
        self.rows.setAccessibleName("Files under way")
        self.rows.setColumnCount(len(_COLUMNS))
        self.rows.setHeaderLabels(list(_COLUMNS))
        self.rows.setRootIsDecorated(False)
        self.rows.setUniformRowHeights(True)
        self.rows.setMinimumHeight(5 * self.rows.fontMetrics().height())  # about three rows
        header = self.rows.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.rows)
        self._started: dict[str, SyncItem] = {}  # in the order they started
        self._bytes: dict[str, FileBytes] = {}
        self._shown: list[tuple[str, str, str]] = []
        self.clock: Callable[[], float] = time.monotonic
        self._drawn_at = self.clock()
        self.clear()

    def clear(self) -> None:
        self._started.clear()
        self._bytes.clear()
        self.draw()

    def started(self, item: SyncItem) -> None:
        self._started[item.rel] = item
        self._draw_soon()

    def ended(self, item: SyncItem) -> None:
        if self._started.pop(item.rel, None) is not None:
            self._bytes.pop(item.rel, None)
            self._draw_soon()

    def in_flight(self, event: InFlight) -> None:
        self._bytes = {file.rel: file for file in event.files}

    def names(self) -> list[str]:
        """The paths shown, in order."""
        return [row[1] for row in self._shown]

    def _draw_soon(self) -> None:
        if self.clock() - self._drawn_at >= REDRAW:
            self.draw()

    def _moved(self, item: SyncItem) -> str:
        file = self._bytes.get(item.rel)
        return file.moved if file is not None else format_size(item.size)

    def draw(self) -> None:
        self._drawn_at = self.clock()
        count = len(self._started)
        if not count:
            self.title.setText("Nothing under way.")
        else:
            shown = f" (the first {MAX_ROWS} shown)" if count > MAX_ROWS else ""
            self.title.setText(f"Under way: {count:,} file{'s' if count > 1 else ''}{shown}")
        items = sorted(self._started.values(), key=lambda item: item.size < LARGE)[:MAX_ROWS]
        rows = [(item.action.value, item.rel, self._moved(item)) for item in items]
        if rows == self._shown:
            return
        self._shown = rows
        while self.rows.topLevelItemCount() > len(rows):
            self.rows.takeTopLevelItem(self.rows.topLevelItemCount() - 1)
        while self.rows.topLevelItemCount() < len(rows):
            self.rows.addTopLevelItem(QTreeWidgetItem())
        for index, row in enumerate(rows):
            line = self.rows.topLevelItem(index)
            assert line is not None
            for column, text in enumerate(row):
                if line.text(column) != text:
                    line.setText(column, text)
