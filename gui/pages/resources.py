"""Resources page: what the ledger holds for the current connection, with live status, and
"Delete all…": teardown in dependency order with a confirmation, progress and a summary."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.errors import MigrationAssistantError
from core.events import Event, EventSink, Note, Progress, StatusChanged, StepStarted
from core.flows.context import FlowContext
from core.flows.live_status import describe_entry
from core.flows.pending_creates import reconcile_pending
from core.flows.resources import ResourcesFlow, ResourcesInputs
from core.flows.teardown import TeardownOptions, TeardownSummary
from core.ledger import LedgerEntry, in_teardown_order
from gui.context import AppContext
from gui.flow_card import FlowCard
from gui.pages.teardown_dialog import TeardownDialog
from gui.runner import OperationRunner
from gui.widgets.labels import plain_label
from gui.widgets.resource_titles import KIND_TITLES

__all__ = ["ResourcesPage"]

_COLUMNS = ("Kind", "Identifier", "Status", "Region", "Created by", "Created")
STATUS_COLUMN = 2
# The page's job asking AWS for each live status (a newer list replaces it).
_STATUSES = "statuses"


class ResourcesPage(QWidget):
    """Attributes:
    table: one row per live ledger resource, in the order teardown deletes them.
    statuses: identifier -> live status shown (tests read it).
    dialog: the open confirmation, if any.
    runner: runs the teardown.
    summary_text: what was deleted and what could not be, after a teardown.
    last_summary: that summary as an object.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resourcesPage")
        self.context = context
        self.entries: list[LedgerEntry] = []
        self.statuses: dict[str, str] = {}
        self.dialog: TeardownDialog | None = None
        self.last_summary: TeardownSummary | None = None
        self.summary = plain_label()
        self.table = QTableWidget(0, len(_COLUMNS))
        self.table.setAccessibleName("Resources created by the app")
        self.table.setHorizontalHeaderLabels(list(_COLUMNS))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.delete_button = QPushButton("Delete all…")
        self.delete_button.setObjectName("primaryButton")
        self.delete_button.setToolTip("Delete every resource listed, dependents first.")
        self.delete_button.clicked.connect(self.ask_teardown)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)

        self.runner = OperationRunner(self, "Deleting the resources")
        self.teardown_panel = self._build_teardown_panel()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 2)
        layout.addLayout(buttons)
        layout.addWidget(self.teardown_panel, 1)
        self.runner.core_event.connect(self._show_event)
        self.runner.succeeded.connect(self._finished)
        self.runner.failed.connect(self._failed)
        self.runner.cancelled.connect(self._cancelled)
        self.runner.busy_changed.connect(self._busy)
        context.connection_changed.connect(self.refresh)
        self.refresh()

    def _build_teardown_panel(self) -> QWidget:
        self.step_label = plain_label(name="stepLabel")
        self.bar = QProgressBar()
        self.status_line = plain_label(name="statusLabel")
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setMaximumBlockCount(2000)
        self.summary_text = QPlainTextEdit()
        self.summary_text.setReadOnly(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.runner.cancel)
        holder = QWidget()
        panel = QVBoxLayout(holder)
        panel.setContentsMargins(0, 0, 0, 0)
        panel.addWidget(self.step_label)
        panel.addWidget(self.bar)
        panel.addWidget(self.status_line)
        panel.addWidget(self.log, 1)
        panel.addWidget(self.summary_text, 1)
        panel.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignRight)
        holder.hide()
        return holder

    # -- the list ------------------------------------------------------------------------

    def _context(self, sink: EventSink | None = None) -> FlowContext:
        if sink is None:
            return self.context.flow_context(ResourcesFlow.key)
        return self.context.flow_context(ResourcesFlow.key, sink)

    def _ledger_rows(self) -> list[LedgerEntry]:
        scope, region = self.context.door.scope, self.context.connection.region
        return in_teardown_order(
            entry for entry in self.context.ledger.entries(scope) if entry.region == region
        )

    def refresh(self) -> None:
        """Read the ledger for this connection again, then ask AWS for each live status."""
        region = self.context.connection.region
        self.entries = self._ledger_rows()
        self.statuses = {}
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            cells = (
                KIND_TITLES.get(entry.kind, entry.kind.value),
                entry.resource_id,
                "checking…",
                entry.region,
                entry.wizard,
                entry.created_at[:19].replace("T", " "),
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        where = self.context.connection.label()
        self.summary.setText(
            f"{len(self.entries)} resource(s) recorded for {where} in {region}, listed in "
            "the order they would be deleted. Status is what AWS says now."
            if self.entries
            else f"The app has not created anything for {where} in {region}, or it was all "
            "deleted. Nothing here is billed by the app."
        )
        self.delete_button.setEnabled(bool(self.entries) and not self.runner.busy)
        self._stop_status_checks()
        if self.entries and self.isVisible():
            self._start_status_checks()

    def _start_status_checks(self) -> None:
        self.context.work.start(
            self._check_statuses(self.entries),
            owner=self,
            name="ask AWS for the resources' status",
            key=_STATUSES,
            on_result=self._statuses_checked,
        )

    async def _check_statuses(self, entries: list[LedgerEntry]) -> bool:
        """Show each entry's live status; True when the ledger changed under it (a pending
        entry was settled) and must be listed again."""
        ctx = self._context()
        if any(entry.pending for entry in entries):
            # Settle what a crash left half-recorded, then list it again with real ids
            # (an entry AWS could not be asked about stays pending: no loop on it).
            await reconcile_pending(ctx)
            if self._ledger_rows() != entries:
                return True
        for row, entry in enumerate(entries):
            try:
                status = await describe_entry(ctx, entry)
            except MigrationAssistantError as error:
                status = f"unknown: {error.message}"
            if entries is not self.entries:
                return False  # the list was read again meanwhile
            self.statuses[entry.resource_id] = status
            item = self.table.item(row, STATUS_COLUMN)
            if item is not None:
                item.setText("not checked" if status == "unknown" else status)
                if status == "unknown":
                    item.setToolTip("The app does not ask AWS about this kind of resource.")
        return False

    def _statuses_checked(self, ledger_changed: bool) -> None:
        if ledger_changed:
            self.refresh()

    def statuses_known(self) -> bool:
        return len(self.statuses) == len(self.entries)

    def _stop_status_checks(self) -> None:
        self.context.work.cancel(self, _STATUSES)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        busy = self.context.work.busy(self, _STATUSES)
        if not busy and self.entries and not self.statuses_known():
            self._start_status_checks()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        # No polling for a page nobody sees (and none for one being deleted).
        self._stop_status_checks()
        super().hideEvent(event)

    # -- teardown ------------------------------------------------------------------------

    def ask_teardown(self) -> TeardownDialog:
        """Open the confirmation (non-blocking); accepting it starts the teardown."""
        self.dialog = TeardownDialog(self.entries, self)
        self.dialog.accepted.connect(lambda: self.start_teardown(self._chosen_options()))
        self.dialog.open()
        return self.dialog

    def _chosen_options(self) -> TeardownOptions:
        assert self.dialog is not None
        return self.dialog.options()

    def start_teardown(self, options: TeardownOptions) -> None:
        self._stop_status_checks()
        self.log.clear()
        self.summary_text.clear()
        self.summary_text.hide()
        self.log.show()
        self.bar.setRange(0, 0)
        self.step_label.setText("<b>Deleting the resources the app created</b>")
        self.status_line.clear()
        self.teardown_panel.show()
        context = self.context
        inputs = ResourcesInputs(tuple(self.entries), options)
        flow = ResourcesFlow(inputs, store=context.store, paths=context.paths)

        async def run(sink: EventSink) -> TeardownSummary:
            return await flow.run(self._context(sink))

        self.runner.start(context.work, run)

    def _busy(self, busy: bool) -> None:
        self.cancel_button.setVisible(busy)
        self.refresh_button.setEnabled(not busy)
        self.delete_button.setEnabled(not busy and bool(self.entries))

    def _show_event(self, event: Event) -> None:
        if isinstance(event, StepStarted):
            self.step_label.setText(f"<b>{event.title}</b>")
        elif isinstance(event, Progress) and event.total:
            self.bar.setRange(0, int(event.total))
            self.bar.setValue(int(event.done))
            self.bar.setFormat(f"%v of %m {event.unit}")
        elif isinstance(event, StatusChanged):
            meaning = f" — {event.meaning}" if event.meaning else ""
            self.status_line.setText(f"{event.subject}: <b>{event.status}</b>{meaning}")
            self.log.appendPlainText(f"{event.subject}: {event.status}{meaning}")
        elif isinstance(event, Note):
            self.log.appendPlainText(event.text)

    def _finished(self, result: Any) -> None:
        summary: TeardownSummary = result
        self.last_summary = summary
        deleted, failed = len(summary.deleted), len(summary.failed)
        headline = (
            f"Done: {deleted} resource(s) deleted."
            if summary.complete
            else f"{deleted} resource(s) deleted; {failed} could not be deleted (see why "
            "below). Fix the cause and press Delete all… again."
        )
        self.step_label.setText(f"<b>{headline}</b>")
        self.summary_text.setPlainText("\n".join(summary.lines()) or "Nothing to delete.")
        self.summary_text.show()
        self.log.hide()  # the summary says it all; the activity panel keeps every call
        self.refresh()

    def _failed(self, error: MigrationAssistantError) -> None:
        self.step_label.setText(f"<b>{error.message}</b> {error.fix}")
        self.summary_text.setPlainText(error.plain())
        self.summary_text.show()
        self.refresh()

    def _cancelled(self) -> None:
        self.step_label.setText(
            "<b>Teardown cancelled.</b> What was already deleted is gone; the rest is listed above."
        )
        self.refresh()


CARD = FlowCard(
    ResourcesFlow.key,
    "Resources created by the app",
    "Everything the app created for this connection, with its live status, and a way to "
    "delete it all so nothing billed is forgotten.",
    ResourcesPage,
    order=900,
)
