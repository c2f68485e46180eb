"""Page 4 of "Sync a folder with S3": the sync itself. Files and bytes done, rate, ETA, the
files under way, Pause/Resume and Cancel (what is done stays done; a large upload keeps its
parts to resume). Reads ``inputs``, ``plan``, ``leave_out``; writes ``result``."""

from __future__ import annotations

import collections
from typing import Any

from PySide6.QtWidgets import QLabel

from core.events import Progress
from core.flows.folder_sync import FolderSyncFlow, FolderSyncResult
from core.sync.events import ItemDone
from core.sync.meter import FILES_STEP, SYNC_STEP
from core.transfer import JournalStore, UploadControl
from gui.wizards.base import Operation, ProgressPage
from gui.wizards.folder_sync.choices import FolderSyncChoices
from gui.wizards.pausing import PauseButton, rate_line
from gui.wizards.upload.progress import is_core_event

__all__ = ["SyncProgressPage"]

RECENT = 5  # paths listed as just done


class SyncProgressPage(ProgressPage[FolderSyncChoices]):
    def __init__(self) -> None:
        super().__init__(
            "sync",
            "Syncing",
            "Each file is verified before it counts as done; a download appears only whole.",
        )
        self.control = UploadControl()
        self.files = QLabel()
        self.files.setAccessibleName("Files done")
        self.rate = QLabel()
        self.rate.setAccessibleName("Bytes, rate and time left")
        self.recent = QLabel()
        self.recent.setAccessibleName("Just done")
        self.recent.setWordWrap(True)
        self.pause_button = PauseButton(lambda: self.control, "Pause or resume the sync")
        layout = self.layout()
        assert layout is not None
        for widget in (self.files, self.rate, self.recent):
            layout.addWidget(widget)
        self.cancel_button.clicked.disconnect()
        self.cancel_button.clicked.connect(lambda: self.control.cancel(abort=False))
        self.runner.busy_changed.connect(self.pause_button.setEnabled)
        self._done: collections.deque[str] = collections.deque(maxlen=RECENT)
        self.pause_button.place_before(layout, self.cancel_button)

    def operation(self) -> Operation:
        state, context = self.flow.state, self.flow.context
        self.control = UploadControl()
        self.pause_button.setText("Pause")
        self._done.clear()

        async def run(sink: Any) -> FolderSyncResult:
            assert state.inputs is not None and state.plan is not None, "preview first"
            flow = FolderSyncFlow(
                state.inputs,
                control=self.control,
                sync_sink=sink,
                journals=JournalStore.default(context.paths),
                paths=context.paths,
            )
            ctx = context.flow_context("folder-sync", sink)
            return await flow.run(ctx, state.plan, state.leave_out)

        return run

    def on_success(self, result: FolderSyncResult) -> None:
        self.flow.state.result = result
        self.flow.state.forget_plan()  # done: its file is not needed again

    def show_event(self, event: Any) -> None:
        if isinstance(event, ItemDone):
            self._item(event)
        elif isinstance(event, Progress) and event.step == FILES_STEP:
            self.files.setText(f"{event.done:,.0f} of {event.total or 0:,.0f} paths done")
        elif isinstance(event, Progress) and event.step == SYNC_STEP:
            super().show_event(event)
            self.rate.setText(rate_line(event, self.control.paused))
        elif is_core_event(event) and not isinstance(event, Progress):
            super().show_event(event)

    def _item(self, done: ItemDone) -> None:
        item = done.item
        if done.error or item.reason.is_failure:
            self.append_log(f"✖ {item.rel}: {done.error or item.detail}")
        elif item.action.value != "skip":
            self._done.append(f"{item.action.value}: {item.rel}")
            self.recent.setText("\n".join(self._done))
