"""The check itself (a progress page) and its results: a table of checks, the selected
check's fix below it, and "Copy fix script" for every fix at once."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core.database import (
    CheckResult,
    CheckStatus,
    MigrationType,
    PreflightReport,
    render_fix_script,
)
from core.events import Event, EventSink, StatusChanged
from core.flows.check_source import CheckSourceFlow
from core.flows.context import SinkContext
from gui.wizards.base import Operation, WizardPage, monospace
from gui.wizards.check_source.choices import ChecksSource
from gui.wizards.check_source.result_table import Outcome, ResultTable, verdict_html
from gui.wizards.repeatable import RepeatableCheckPage

__all__ = ["CheckProgressPage", "CheckResultsPage", "report_verdict"]

_OUTCOMES = {
    CheckStatus.PASS: (Outcome.GOOD, "Pass"),
    CheckStatus.WARN: (Outcome.WARNING, "Warning"),
    CheckStatus.FAIL: (Outcome.PROBLEM, "Must fix"),
}
_STATUS_WORDS = {status.value: word for status, (_, word) in _OUTCOMES.items()}
_SEVERITY = {CheckStatus.FAIL: 0, CheckStatus.WARN: 1, CheckStatus.PASS: 2}


C = TypeVar("C", bound=ChecksSource)


class CheckProgressPage(RepeatableCheckPage[C]):
    """Runs ``CheckSourceFlow`` on ``source_login``; stores ``preflight_report``. Runs again
    each time it is shown, since the form may have changed."""

    def __init__(self) -> None:
        super().__init__(
            "checking",
            "Checking the source database",
            "Reading the server's settings, the user's grants and the tables. Nothing is changed.",
        )

    def operation(self) -> Operation:
        state = self.flow.state
        login, schemas = state.source_login, state.source_schemas
        assert login is not None, "the login page comes first"
        migration_type = state.migration_type or MigrationType.FULL_LOAD_AND_CDC
        flow = CheckSourceFlow.for_login(login, schemas, migration_type)

        async def run(sink: EventSink) -> PreflightReport:
            return await flow.run(SinkContext(sink))

        return run

    def show_event(self, event: Event) -> None:
        # Checks by their titles, not their ids: "Warning: Tables have a primary key...".
        if isinstance(event, StatusChanged) and event.status in _STATUS_WORDS:
            line = f"{_STATUS_WORDS[event.status]}: {event.meaning}"
            self.status.setText(line)
            self.append_log(line)
            return
        super().show_event(event)

    def on_success(self, result: PreflightReport) -> None:
        report = result
        self.flow.state.preflight_report = report
        self.step_label.setText("<b>Check complete</b>")
        self.status.setText(report_verdict(report)[1])


def report_verdict(report: PreflightReport) -> tuple[Outcome, str]:
    """The overall outcome and one line saying it."""
    failures, warnings = len(report.failures), len(report.warnings)
    warned = f" ({warnings} warning{'s' if warnings != 1 else ''} to read)" if warnings else ""
    if failures:
        return Outcome.PROBLEM, (
            f"Not ready: {failures} thing{'s' if failures != 1 else ''} to fix before "
            f"DMS can migrate from {report.server}{warned}."
        )
    if warnings:
        return Outcome.WARNING, f"Ready for {report.migration_type.title.lower()}{warned}."
    return Outcome.GOOD, f"Ready for {report.migration_type.title.lower()}: every check passed."


class CheckResultsPage(WizardPage[C]):
    """Shows ``preflight_report``: checks with problems first; the selected one's fix below."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("results")
        self.setTitle("What the check found")
        self.setSubTitle("Select a check to see how to fix it. Nothing has been changed yet.")
        self.verdict = QLabel()
        self.verdict.setObjectName("verdictLabel")
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = ResultTable(["Status", "Check", "What was found", "Why it matters"])
        self.table.setAccessibleName("Check results")
        self.fix_title = QLabel()
        self.fix_text = QPlainTextEdit()
        self.fix_text.setReadOnly(True)
        monospace(self.fix_text)
        self.copy_fix = QPushButton("Copy this fix")
        self.copy_script = QPushButton("Copy fix script")
        self.copy_script.setObjectName("primaryButton")
        self.copy_script.setToolTip("Every fix as one text: my.cnf lines, then SQL, then notes")
        self.copied = QLabel()
        self.copied.setObjectName("fieldHint")
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.fix_title)
        lower_layout.addWidget(self.fix_text, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copied, 1)
        buttons.addWidget(self.copy_fix)
        buttons.addWidget(self.copy_script)
        lower_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 200])
        layout = QVBoxLayout(self)
        layout.addWidget(self.verdict)
        layout.addWidget(splitter, 1)
        self.checks: list[CheckResult] = []
        self.script = ""
        self.table.itemSelectionChanged.connect(self._show_selected_fix)
        self.copy_fix.clicked.connect(self._copy_fix)
        self.copy_script.clicked.connect(self._copy_script)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        report = self.flow.state.preflight_report
        assert report is not None, "the check page comes first"
        outcome, headline = report_verdict(report)
        schemas = ", ".join(report.schemas) or "no schemas"
        self.verdict.setText(
            verdict_html(
                outcome,
                headline,
                f"{report.server}, {report.version}; schemas: {schemas}; "
                f"{len(report.tables)} table{'s' if len(report.tables) != 1 else ''}.",
            )
        )
        self.checks = sorted(report.checks, key=lambda check: _SEVERITY[check.status])
        self.table.set_rows(
            [
                (*_OUTCOMES[check.status], (check.title, check.found, check.why))
                for check in self.checks
            ]
        )
        self.script = render_fix_script(report)
        self.copy_script.setEnabled(bool(self.script))
        self.copied.clear()
        self.table.selectRow(0)
        self._show_selected_fix()

    def selected_check(self) -> CheckResult | None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        return self.checks[min(rows)] if rows else None

    def select_check(self, check_id: str) -> None:
        for row, check in enumerate(self.checks):
            if check.id == check_id:
                self.table.selectRow(row)
                return
        raise KeyError(check_id)

    def _show_selected_fix(self) -> None:
        check = self.selected_check()
        if check is None:
            self.fix_title.setText("")
            self.fix_text.clear()
            self.copy_fix.setEnabled(False)
            return
        self.fix_title.setText(f"<b>How to fix:</b> {check.title}")
        if check.status is CheckStatus.PASS:
            text = "Nothing to change: this check passed."
        else:
            text = check.fix.text() or "No change is needed; read what was found above."
        self.fix_text.setPlainText(text)
        self.copy_fix.setEnabled(check.status is not CheckStatus.PASS and not check.fix.empty)

    def _copy_fix(self) -> None:
        QGuiApplication.clipboard().setText(self.fix_text.toPlainText())
        self.copied.setText("This fix is on the clipboard.")

    def _copy_script(self) -> None:
        QGuiApplication.clipboard().setText(self.script)
        self.copied.setText("The fix script is on the clipboard: review it before you apply it.")
