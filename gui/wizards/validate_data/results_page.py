"""The comparison (a progress page counting rows) and its verdict: one row per table with
its verdict, row counts on both sides and sample keys of differing rows.

State read (``ValidateDataChoices``): source_login, target_login, source_schemas. State
written: validation_report."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from core.database import TableComparison, TableVerdict, ValidationReport
from core.events import Event, EventSink, Progress
from core.flows.context import SinkContext
from core.flows.validate_data import ValidateDataFlow
from gui.wizards.base import Operation, WizardPage
from gui.wizards.check_source.result_table import Outcome, ResultTable, verdict_html
from gui.wizards.repeatable import RepeatableCheckPage
from gui.wizards.validate_data.choices import ValidateDataChoices

__all__ = ["ValidateProgressPage", "ValidationResultsPage", "report_verdict", "table_row"]


class ValidateProgressPage(RepeatableCheckPage[ValidateDataChoices]):
    """Runs ``ValidateDataFlow`` on ``source_login`` and ``target_login`` for
    ``source_schemas``; stores ``validation_report``. Runs again each time it is shown."""

    def __init__(self) -> None:
        super().__init__(
            "comparing",
            "Comparing source and target",
            "Counting and checksumming every table on both servers, in chunks.",
        )
        self.rows_label = QLabel()
        self.rows_label.setObjectName("statusLabel")
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(2, self.rows_label)

    def operation(self) -> Operation:
        state = self.flow.state
        source, target, schemas = state.source_login, state.target_login, state.source_schemas
        assert source is not None and target is not None, "the logins page comes first"
        flow = ValidateDataFlow.for_logins(source, target, schemas)

        async def run(sink: EventSink) -> ValidationReport:
            return await flow.run(SinkContext(sink))

        return run

    def clear_view(self) -> None:
        self.rows_label.clear()

    def show_event(self, event: Event) -> None:
        super().show_event(event)
        if isinstance(event, Progress) and event.unit == "rows":
            # The total is the servers' estimate, so say "about".
            total = f" of about {int(event.total):,}" if event.total else ""
            self.rows_label.setText(f"{int(event.done):,}{total} rows compared")

    def on_success(self, result: ValidationReport) -> None:
        report = result
        self.flow.state.validation_report = report
        self.step_label.setText("<b>Comparison complete</b>")
        self.rows_label.setText(f"{report.rows_compared:,} rows compared")
        self.status.setText(report_verdict(report)[1])


def report_verdict(report: ValidationReport) -> tuple[Outcome, str]:
    tables = len(report.tables)
    if not tables:
        return Outcome.WARNING, "Nothing to compare: the schemas hold no tables."
    if report.identical:
        return Outcome.GOOD, (
            f"Identical: all {tables} table{'s' if tables != 1 else ''} arrived unchanged "
            f"({report.rows_compared:,} rows compared)."
        )
    differing = len(report.differences)
    return Outcome.PROBLEM, (
        f"Not identical: {differing} of {tables} table{'s' if tables != 1 else ''} "
        f"differ{'s' if differing == 1 else ''}."
    )


def _count(rows: int | None) -> str:
    return "—" if rows is None else f"{rows:,}"


def _details(table: TableComparison) -> str:
    parts: list[str] = []
    if table.verdict is TableVerdict.MISSING_ON_TARGET:
        parts.append("The table is not on the target.")
    elif table.verdict is TableVerdict.ONLY_ON_TARGET:
        parts.append("The table is on the target only.")
    if table.samples:
        parts.append(", ".join(sample.text(table.key_columns) for sample in table.samples))
    if table.note:
        parts.append(table.note[0].upper() + table.note[1:] + ".")
    return "\n".join(parts)


def table_row(table: TableComparison) -> tuple[Outcome, str, tuple[str, ...]]:
    """One result row: outcome, verdict word, and table, row counts and sample keys."""
    if table.identical:
        outcome = Outcome.GOOD
    elif table.verdict is TableVerdict.ONLY_ON_TARGET:
        outcome = Outcome.WARNING
    else:
        outcome = Outcome.PROBLEM
    word = table.verdict.value[0].upper() + table.verdict.value[1:]
    return (
        outcome,
        word,
        (table.full_name, _count(table.source_rows), _count(table.target_rows), _details(table)),
    )


class ValidationResultsPage(WizardPage[ValidateDataChoices]):
    """Shows ``validation_report``: the overall verdict and one row per table."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("verdict")
        self.setTitle("Did the data arrive?")
        self.setSubTitle("Tables that differ come first; select rows and press Ctrl+C to copy.")
        self.verdict = QLabel()
        self.verdict.setObjectName("verdictLabel")
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = ResultTable(
            ["Verdict", "Table", "Source rows", "Target rows", "Differing rows (samples)"],
            numbers=(2, 3),
        )
        self.table.setAccessibleName("Table comparison results")
        self.copy_report = QPushButton("Copy results")
        self.copied = QLabel()
        self.copied.setObjectName("fieldHint")
        buttons = QHBoxLayout()
        buttons.addWidget(self.copied, 1)
        buttons.addWidget(self.copy_report)
        layout = QVBoxLayout(self)
        layout.addWidget(self.verdict)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.copy_report.clicked.connect(self._copy)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        report = self.flow.state.validation_report
        assert report is not None, "the comparison page comes first"
        outcome, headline = report_verdict(report)
        self.verdict.setText(
            verdict_html(
                outcome,
                headline,
                f"Source {report.source}, target {report.target}; "
                f"schemas: {', '.join(report.schemas)}.",
            )
        )
        tables = sorted(report.tables, key=lambda table: (table.identical, table.full_name))
        self.table.set_rows([table_row(table) for table in tables])
        self.copied.clear()

    def _copy(self) -> None:
        report = self.flow.state.validation_report
        assert report is not None, "the comparison page comes first"
        headline = report_verdict(report)[1]
        QGuiApplication.clipboard().setText(f"{headline}\n{self.table.as_text()}")
        self.copied.setText("The results are on the clipboard.")
