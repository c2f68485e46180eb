"""The guided migration running: a checklist of the steps (done, now, to do), the usual
progress bar and log, and the task's per-table grid once the copy starts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QVBoxLayout

from core.events import Event, EventSink
from core.flows.context import FlowContext
from core.flows.migrate_mysql import GuidedProgress, GuidedResult, GuidedStep, MigrateMysqlFlow
from core.flows.migrate_mysql_choices import save_choices
from core.flows.migration_task import TaskSnapshot
from core.flows.monitor import MonitorInputs
from core.flows.teardown import TeardownSummary
from gui.wizards.base import Operation, ProgressPage
from gui.wizards.cleanup_offer import CleanupOffer
from gui.wizards.migrate_mysql.choices import MigrateMysqlChoices
from gui.wizards.migrate_mysql.forms import STEP_TITLES, WIZARD
from gui.wizards.monitor_view import TaskMonitorView

__all__ = ["RunPage"]

_DONE, _NOW, _TODO = "✔", "▶", "○"


class RunPage(ProgressPage[MigrateMysqlChoices]):
    """Attributes:
    checklist: one line per step with its mark.
    progress: the saved progress of this connection (None before the run starts).
    task_view: the copy's per-table grid (fed by the run, it does not poll itself).
    cleanup: the "Delete what was created?" offer after a cancel (this try's creations;
        what earlier tries made is kept by the saved progress).
    """

    def __init__(self) -> None:
        super().__init__(
            "run",
            "Migrating",
            "Each step is saved when it finishes: you may close the app and continue later.",
        )
        self.progress: GuidedProgress | None = None
        self.ctx: FlowContext | None = None
        self.cleanup = CleanupOffer(
            self, keep_hint="Keep them to continue later; nothing will be created twice."
        )
        # What was deleted is no longer there to continue with: start afresh next time.
        self.cleanup.deleted.connect(self._forget_progress)
        self.checklist = QListWidget()
        self.checklist.setObjectName("guidedSteps")
        self.checklist.setAccessibleName("Migration steps")
        for step in GuidedStep:
            self.checklist.addItem(QListWidgetItem(f"{_TODO}  {STEP_TITLES[step]}"))
        self.checklist.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.checklist.setFixedWidth(self.checklist.sizeHintForColumn(0) + 24)
        self.task_view: TaskMonitorView | None = None
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        self.row = QHBoxLayout()
        self.row.addWidget(self.checklist)
        layout.insertLayout(0, self.row, 2)
        self.log.setMaximumHeight(140)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        if self.task_view is None:
            # Needs the wizard's context, known only once the page is in the wizard.
            view = TaskMonitorView(self.flow.context, WIZARD)
            for button in view.controls.values():
                button.hide()  # the run drives the task; the next page has the controls
            view.hide()
            self.row.addWidget(view, 1)
            self.task_view = view
        self.refresh_checklist()
        super().initializePage()

    def operation(self) -> Operation:
        wizard = self.flow
        context = wizard.context
        choices = wizard.state.guided
        password = wizard.state.db_password

        async def run(sink: EventSink) -> GuidedResult:
            self.ctx = ctx = context.flow_context(WIZARD, sink)
            scope = await ctx.scope()
            self.progress = GuidedProgress.for_connection(context.paths, scope, ctx.region)
            save_choices(context.paths, scope, ctx.region, choices)
            self.refresh_checklist()
            flow = MigrateMysqlFlow(
                choices.inputs(),
                password,
                context.store,
                self.progress,
                on_snapshot=self._show_snapshot,
            )
            return await flow.run(ctx)

        return run

    def _show_snapshot(self, snapshot: TaskSnapshot) -> None:
        if self.task_view is None:
            return
        self.task_view.show()
        self.task_view.show_snapshot(snapshot)

    def show_event(self, event: Event) -> None:
        super().show_event(event)
        self.refresh_checklist()

    def refresh_checklist(self) -> None:
        now = self.progress.next_step if self.progress is not None else None
        for row, step in enumerate(GuidedStep):
            item = self.checklist.item(row)
            if item is None:
                continue
            done = self.progress is not None and self.progress.is_done(step)
            mark = _DONE if done else _NOW if step is now and self.runner.busy else _TODO
            item.setText(f"{mark}  {STEP_TITLES[step]}")

    def on_success(self, result: GuidedResult) -> None:
        outcome = result
        state = self.flow.state
        state.result = outcome
        state.watched = MonitorInputs(outcome.task_arn)
        self.refresh_checklist()
        final = outcome.final
        if final is not None and final.load_complete:
            self.step_label.setText("<b>Load complete</b> — every step is done.")
        else:
            self.step_label.setText(
                "<b>Every step is done and the tables are copied.</b> Next: watch the task "
                "until DMS reports Load complete."
            )

    def on_cancelled(self) -> None:
        self.refresh_checklist()
        self.status.setText(
            "Stopped. Your progress is saved: open “Migrate a MySQL database” again (or press "
            "Try again) to continue where it stopped."
        )
        self.cleanup.offer(self.ctx)

    def _forget_progress(self, _: TeardownSummary) -> None:
        if self.progress is not None:
            self.progress.forget()
