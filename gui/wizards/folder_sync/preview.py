"""Page 2 of "Sync a folder with S3": the preview. Both sides are read (nothing changes),
then every path is shown in a tree with its action, reason and size, counts and bytes per
action, a filter, a box to untick each transfer or delete, and a separate confirmation
for deletes. Writes ``plan`` and ``leave_out`` of ``wizard.state``."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
)

from core.errors import MigrationAssistantError
from core.events import Progress
from core.flows.folder_sync import COMPARE_STEP
from core.sync.items import Action, SyncItem
from core.sync.plan import SyncPlan
from core.transfer import format_size
from gui.wizards.base import Operation, ProgressPage
from gui.wizards.folder_sync.choices import FolderSyncChoices

__all__ = ["FILTERS", "PreviewPage"]

MAX_ROWS = 20_000  # paths the tree shows; the counts and the sync cover every one
_COLUMNS = ("Path", "Action", "Reason", "Size")
FILTERS = {
    "everything": "Everything",
    "changes": "Only what changes",
    Action.UPLOAD.value: "To upload",
    Action.DOWNLOAD.value: "To download",
    Action.DELETE.value: "To delete",
    Action.SKIP.value: "Skipped or unchanged",
    "problems": "Cannot be synced",
}
_ITEM = Qt.ItemDataRole.UserRole


def _shows(item: SyncItem, chosen: str) -> bool:
    if chosen == "everything":
        return True
    if chosen == "changes":
        return item.action is not Action.SKIP
    if chosen == "problems":
        return item.reason.is_failure
    return item.action.value == chosen


class PreviewPage(ProgressPage[FolderSyncChoices]):
    def __init__(self) -> None:
        super().__init__(
            "preview",
            "Preview",
            "Both sides are read; nothing is changed yet. Untick what should be left alone.",
        )
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.counts.setAccessibleName("Counts per action")
        self.versioning = QLabel()
        self.versioning.setWordWrap(True)
        self.versioning.setAccessibleName("Bucket versioning")
        self.enable_versioning = QPushButton("Turn versioning on first")
        self.enable_versioning.setAccessibleName("Turn the bucket's versioning on")
        self.enable_versioning.hide()
        self.enable_versioning.clicked.connect(self.turn_versioning_on)
        self.filter = QComboBox()
        self.filter.setAccessibleName("Show")
        for key, title in FILTERS.items():
            self.filter.addItem(title, key)
        self.filter.currentIndexChanged.connect(self.apply_filter)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Files to sync")
        self.tree.setAccessibleName("What the sync does to each path")
        self.tree.setColumnCount(len(_COLUMNS))
        self.tree.setHeaderLabels(list(_COLUMNS))
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.confirm_deletes = QCheckBox()
        self.confirm_deletes.setAccessibleName("Confirm the deletes")
        self.confirm_deletes.hide()
        self.confirm_deletes.toggled.connect(lambda _: self.error.hide())
        layout = self.layout()
        assert layout is not None
        for widget in (self.counts, self.versioning, self.enable_versioning, self.filter):
            layout.addWidget(widget)
        layout.addWidget(self.tree)
        layout.addWidget(self.confirm_deletes)
        self.log.setMaximumHeight(60)
        self.rows: dict[str, QTreeWidgetItem] = {}

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        # Back to the choices and forward again: a new preview of the new choices.
        self.succeeded = False
        self.tree.clear()
        self.rows = {}
        self.confirm_deletes.setChecked(False)
        self.confirm_deletes.hide()
        super().initializePage()

    def operation(self) -> Operation:
        state = self.flow.state
        context = self.flow.context
        state.forget_plan()
        flow = state.flow(context.paths)
        self.step_label.setText(f"<b>Comparing {flow.inputs.folder} with {flow.inputs.s3_url}</b>")

        async def run(sink: Any) -> SyncPlan:
            return await flow.preview(context.flow_context("folder-sync", sink))

        return run

    def show_event(self, event: Any) -> None:
        if isinstance(event, Progress) and event.step == COMPARE_STEP:
            self.status.setText(f"{event.done:,.0f} paths compared")
        super().show_event(event)

    def on_success(self, result: SyncPlan) -> None:
        self.flow.state.plan = result
        counts = result.counts
        parts = [
            f"{counts.files[action]:,} to {action.value} ({format_size(counts.bytes[action])})"
            for action in (Action.UPLOAD, Action.DOWNLOAD, Action.DELETE)
            if counts.files[action]
        ]
        parts.append(f"{counts.files[Action.SKIP] - counts.failures:,} unchanged or skipped")
        if counts.failures:
            parts.append(f"{counts.failures:,} cannot be synced (see why below)")
        self.counts.setText("; ".join(parts) + ".")
        self.versioning.setText(self._versioning_text(result.versioning))
        offer = result.versioning != "Enabled" and counts.changes_existing
        self.enable_versioning.setVisible(offer)
        self._fill(result)
        deletes = counts.files[Action.DELETE]
        if deletes:
            self.confirm_deletes.setText(
                f"Yes, delete the {deletes:,} ticked path(s) marked delete"
            )
            self.confirm_deletes.show()
        self.apply_filter()

    def turn_versioning_on(self) -> None:
        context = self.flow.context
        flow = self.flow.state.flow()
        self.enable_versioning.setEnabled(False)

        def done(status: str) -> None:
            plan = self.flow.state.plan
            if plan is not None:
                plan.versioning = status
            self.versioning.setText(self._versioning_text(status))
            self.enable_versioning.setVisible(status != "Enabled")
            self.enable_versioning.setEnabled(True)

        def failed(error: MigrationAssistantError) -> None:
            self.versioning.setText(f"Versioning could not be turned on: {error.plain()}")
            self.enable_versioning.setEnabled(True)

        context.work.start(
            flow.enable_versioning(context.flow_context("folder-sync")),
            owner=self,
            name="turn versioning on",
            on_result=done,
            on_error=failed,
        )

    def _versioning_text(self, status: str) -> str:
        bucket = self.flow.state.flow().inputs.bucket
        if status == "Enabled":
            return f"Versioning is on for {bucket}: what is overwritten or deleted can be restored."
        return (
            f"Versioning is off for {bucket}: what this sync overwrites or deletes there "
            "cannot be brought back. Turned on, S3 keeps the old copies (and bills them)."
        )

    def _fill(self, plan: SyncPlan) -> None:
        self.tree.setUpdatesEnabled(False)
        try:
            for number, item in enumerate(plan):
                if number >= MAX_ROWS:
                    self.append_log(
                        f"Only the first {MAX_ROWS:,} paths are listed; all are synced."
                    )
                    break
                self._add(item)
        finally:
            self.tree.setUpdatesEnabled(True)
        self.tree.expandToDepth(0)

    def _folder(self, rel: str) -> QTreeWidgetItem | None:
        if not rel:
            return None
        found = self.rows.get(rel + "/")
        if found is not None:
            return found
        parent_rel, _, name = rel.rpartition("/")
        node = QTreeWidgetItem([name + "/"])
        parent = self._folder(parent_rel)
        if parent is None:
            self.tree.addTopLevelItem(node)
        else:
            parent.addChild(node)
        self.rows[rel + "/"] = node
        return node

    def _add(self, item: SyncItem) -> None:
        parent_rel, _, name = item.rel.rstrip("/").rpartition("/")
        shown = name + ("/" if item.rel.endswith("/") else "")
        size = format_size(item.size) if item.size else ""
        row = QTreeWidgetItem([shown, item.action.value, item.reason.value, size])
        row.setToolTip(2, item.detail)
        row.setData(0, _ITEM, item)
        if item.action is not Action.SKIP:
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(0, Qt.CheckState.Checked)
        parent = self._folder(parent_rel)
        if parent is None:
            self.tree.addTopLevelItem(row)
        else:
            parent.addChild(row)
        self.rows[item.rel] = row

    def item_of(self, row: QTreeWidgetItem) -> SyncItem | None:
        found = row.data(0, _ITEM)
        return found if isinstance(found, SyncItem) else None

    def apply_filter(self) -> None:
        chosen = str(self.filter.currentData())
        for row in self.rows.values():
            item = self.item_of(row)
            if item is not None:
                row.setHidden(not _shows(item, chosen))
        # A folder shows while something in it does (deepest folders first).
        for rel in sorted(self.rows, key=lambda text: -text.count("/")):
            row = self.rows[rel]
            if self.item_of(row) is None:
                children = (row.child(index) for index in range(row.childCount()))
                row.setHidden(all(child is None or child.isHidden() for child in children))

    def unticked(self) -> frozenset[str]:
        return frozenset(
            rel
            for rel, row in self.rows.items()
            if row.flags() & Qt.ItemFlag.ItemIsUserCheckable
            and row.checkState(0) is not Qt.CheckState.Checked
        )

    def ticked_deletes(self) -> int:
        return sum(
            1
            for row in self.rows.values()
            if (item := self.item_of(row)) is not None
            and item.action is Action.DELETE
            and row.checkState(0) is Qt.CheckState.Checked
        )

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        if self.ticked_deletes() and not self.confirm_deletes.isChecked():
            self.error.setText(
                "<b>Tick the box to confirm the deletes</b>, or untick the paths marked delete."
            )
            self.error.show()
            return False
        self.flow.state.leave_out = self.unticked()
        return True
