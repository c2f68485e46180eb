"""Page 4 of "Plan the move": the plan report, printable, exported as Markdown or CSV.

Fields of ``wizard.state`` (``PlanTheMoveChoices``) written here: ``result``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QTextBrowser, QVBoxLayout

from core.flows.plan_the_move import PlanTheMoveFlow
from core.planning.report import report_csv, report_markdown
from gui.widgets.rows import side_by_side
from gui.wizards.base import WizardPage
from gui.wizards.plan_the_move.choices import PlanTheMoveChoices

__all__ = ["ReportPage"]


class ReportPage(WizardPage[PlanTheMoveChoices]):
    """The report as a page; nothing is created, so there is no review of AWS calls."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("report")
        self.setTitle("The plan")
        self.setSubTitle("Each component's approach, why, how long its data takes, and what next.")
        self.page = QTextBrowser()
        self.page.setAccessibleName("Plan report")
        markdown = QPushButton("Export Markdown…")
        markdown.clicked.connect(lambda: self.ask_export("Markdown", "plan.md"))
        csv = QPushButton("Export CSV…")
        csv.clicked.connect(lambda: self.ask_export("CSV", "plan.csv"))
        print_button = QPushButton("Print…")
        print_button.clicked.connect(self.ask_print)
        self.saved = QLabel()
        self.saved.setAccessibleName("Export result")
        self.saved.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.page, 1)
        layout.addWidget(side_by_side(self.saved, markdown, csv, print_button))

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        state = self.flow.state
        state.result = PlanTheMoveFlow(state.inputs()).result()
        self.page.setMarkdown(report_markdown(state.result.report))
        self.saved.clear()

    def export(self, path: Path) -> None:
        """Write the report to ``path``: CSV for a .csv name, Markdown otherwise."""
        result = self.flow.state.result
        assert result is not None, "the page made the plan when it was shown"
        text = report_csv if path.suffix.lower() == ".csv" else report_markdown
        path.write_text(text(result.report), encoding="utf-8")
        self.saved.setText(f"Saved {path.name}.")

    def ask_export(self, kind: str, name: str) -> None:
        pattern = "*.csv" if kind == "CSV" else "*.md"
        chosen, _ = QFileDialog.getSaveFileName(
            self, f"Export the plan as {kind}", name, f"{kind} ({pattern})"
        )
        if chosen:
            self.export(Path(chosen))

    def print_to(self, printer: QPrinter) -> None:
        """The report as it is shown, on ``printer`` (or a PDF file it was pointed at)."""
        self.page.print_(printer)

    def ask_print(self) -> None:
        printer = QPrinter()
        if QPrintDialog(printer, self).exec():
            self.print_to(printer)
