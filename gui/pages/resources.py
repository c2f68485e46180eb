"""Resources page: what the ledger holds for the current connection."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.ledger import in_teardown_order
from gui.context import AppContext
from gui.flows import FlowCard

__all__ = ["ResourcesPage"]

_COLUMNS = ("Kind", "Identifier", "Region", "Created by", "Created")


class ResourcesPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resourcesPage")
        self.context = context
        title = QLabel("Resources created by the app")
        title.setObjectName("pageTitle")
        self.summary = QLabel()
        self.table = QTableWidget(0, len(_COLUMNS))
        self.table.setHorizontalHeaderLabels(list(_COLUMNS))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        refresh = QPushButton("Refresh")
        refresh.clicked.connect(self.refresh)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(refresh)
        context.connection_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        entries = in_teardown_order(self.context.ledger.entries(self.context.door.scope))
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            cells = (
                entry.kind.value,
                entry.resource_id,
                entry.region,
                entry.wizard,
                entry.created_at[:19].replace("T", " "),
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        where = self.context.connection.label()
        self.summary.setText(
            f"{len(entries)} resource(s) recorded for {where}, listed in the order they "
            "would be deleted."
            if entries
            else f"The app has not created anything for {where} yet."
        )


CARD = FlowCard(
    "resources",
    "Resources created by the app",
    "Everything the app created for this connection, so nothing billed is forgotten.",
    ResourcesPage,
    order=900,
)
