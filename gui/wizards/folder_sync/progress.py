"""Page 4 of "Sync a folder with S3": the sync itself. Files and bytes done, rate, ETA, the
files under way (``under_way.py``), failures in the log, Pause/Resume and Cancel (what is
done stays done; a large upload keeps its parts to resume). Reads ``inputs``, ``plan``,
``leave_out``; writes ``result``."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QVBoxLayout

from core.events import Progress
from core.flows.folder_sync import FolderSyncFlow, FolderSyncResult
from core.sync.events import InFlight, ItemDone, ItemStarted, SyncSink
from core.sync.items import Direction
from core.sync.meter import FILES_STEP, SYNC_STEP
from core.transfer import JournalStore, UploadControl
from gui.keyboard import tab_in_order
from gui.wizards.base import Operation, ProgressPage
from gui.wizards.folder_sync.choices import FolderSyncChoices
from gui.wizards.folder_sync.under_way import UnderWayList
from gui.wizards.pausing import PauseButton, rate_line
from gui.wizards.upload.progress import is_core_event

__all__ = ["SyncProgressPage"]


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
        self.under_way = UnderWayList()
        self.pause_button = PauseButton(lambda: self.control, "Pause or resume the sync")
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        # Above the log, which keeps the failures.
        for widget in (self.files, self.rate, self.under_way):
            layout.insertWidget(layout.indexOf(self.log), widget)
        layout.setStretchFactor(self.under_way, 2)
        self.log.setMaximumHeight(4 * self.log.fontMetrics().height())  # failures only
        self.cancel_button.clicked.disconnect()
        self.cancel_button.clicked.connect(lambda: self.control.cancel(abort=False))
        self.runner.busy_changed.connect(self.pause_button.setEnabled)
        # Cancelled or failed, the paths still listed are not under way any more.
        self.done.connect(lambda _ok: self.under_way.clear())
        self.pause_button.place_before(layout, self.cancel_button)
        # The list sits above the log and the buttons made before it.
        tab_in_order(
            self.under_way.rows, self.log, self.retry_button, self.pause_button, self.cancel_button
        )

    def operation(self) -> Operation:
        state, context = self.flow.state, self.flow.context
        self.control = UploadControl()
        self.pause_button.setText("Pause")
        self.under_way.clear()
        if (inputs := state.inputs) is not None:
            way = "to" if inputs.direction is Direction.UP else "from"
            shown = html.escape(f"Syncing {inputs.folder} {way} {inputs.s3_url}")
            self.step_label.setText(f"<b>{shown}</b>")

        async def run(sink: Any) -> FolderSyncResult:
            assert state.inputs is not None and state.plan is not None, "preview first"
            flow = FolderSyncFlow(
                state.inputs,
                control=self.control,
                sync_sink=self._per_path(sink),
                journals=JournalStore.default(context.paths),
                paths=context.paths,
            )
            ctx = context.flow_context("folder-sync", sink)
            return await flow.run(ctx, state.plan, state.leave_out)

        return run

    def _per_path(self, sink: Callable[[Any], None]) -> SyncSink:
        """``sink`` (the runner's signal) for all but the per-path events, which go to the
        list directly: the run is on this thread, and a signal per path would cost a
        PySide6 emit each, which leaks a reference to True (6.12: the process aborts after
        some 24,000)."""

        def forward(event: Any, /) -> None:
            if isinstance(event, ItemStarted):
                self.under_way.started(event.item)
            elif isinstance(event, InFlight):
                self.under_way.in_flight(event)
            elif isinstance(event, ItemDone) and not _failed(event):
                self.under_way.ended(event.item)
            else:
                sink(event)

        return forward

    def on_success(self, result: FolderSyncResult) -> None:
        self.step_label.setText(f"{self.step_label.text()}: done")
        self.flow.state.result = result
        self.flow.state.forget_plan()  # done: its file is not needed again

    def show_event(self, event: Any) -> None:
        if isinstance(event, ItemDone):  # a failure (``_per_path``)
            self.under_way.ended(event.item)
            self._failure(event)
        elif isinstance(event, Progress) and event.step == FILES_STEP:
            self.files.setText(f"{event.done:,.0f} of {event.total or 0:,.0f} paths done")
        elif isinstance(event, Progress) and event.step == SYNC_STEP:
            super().show_event(event)
            self.rate.setText(rate_line(event, self.control.paused))
            self.under_way.draw()  # the tick's last event
        elif is_core_event(event) and not isinstance(event, Progress):
            super().show_event(event)

    def _failure(self, done: ItemDone) -> None:
        if _failed(done):
            self.append_log(f"✖ {done.item.rel}: {done.error or done.item.detail}")


def _failed(done: ItemDone) -> bool:
    return bool(done.error) or done.item.reason.is_failure
