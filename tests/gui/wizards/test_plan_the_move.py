""" "Plan the move" through the real window: a portfolio imported from CSV, answers, the
transfer estimate, to an exported report."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from core.planning.portfolio import load_portfolio, portfolio_file
from gui.main_window import MainWindow
from gui.wizards.plan_the_move import PlanTheMoveWizard
from gui.wizards.plan_the_move.portfolio_page import PortfolioPage
from gui.wizards.plan_the_move.questions_page import QuestionsPage
from gui.wizards.plan_the_move.report_page import ReportPage
from gui.wizards.plan_the_move.transfer_page import TransferPage
from tests.fixtures.wizards import leave_page, open_flow, press_next

ESTATE_CSV = (
    "application,component,kind,size,os_or_engine\n"
    "Shop,orders,database,20TB,MySQL 8.0\n"
    "Payroll,payroll-vm,vm,50TB,Windows Server 2016\n"
)


def test_from_a_csv_to_an_exported_report(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    assert list(window.home.buttons)[:2] == ["plan-the-move", "migrate-mysql"], "first card"
    wizard = open_flow(window, "plan-the-move", PlanTheMoveWizard)
    portfolio = wizard.currentPage()
    assert isinstance(portfolio, PortfolioPage)
    assert press_next(wizard, qtbot) == {
        "portfolio": "The portfolio is empty. Add a component or import a CSV."
    }
    estate = tmp_path / "estate.csv"
    estate.write_text(ESTATE_CSV, encoding="utf-8")
    portfolio.import_csv(estate)
    assert portfolio.table.rowCount() == 2
    leave_page(wizard, qtbot)
    saved = load_portfolio(portfolio_file(window.context.paths))
    assert [entry.component.name for entry in saved.entries] == ["orders", "payroll-vm"]

    questions = wizard.currentPage()
    assert isinstance(questions, QuestionsPage)
    questions.flags["still_used"].setChecked(True)
    assert "Lift and shift" in questions.advice.text()
    assert "Migrate a MySQL database" in questions.advice.text()
    questions.component.setCurrentIndex(1)
    questions.flags["still_used"].setChecked(True)
    questions.flags["tied_to_platform"].setChecked(True)
    assert "Move a virtual machine" in questions.advice.text()
    leave_page(wizard, qtbot)

    transfer = wizard.currentPage()
    assert isinstance(transfer, TransferPage)
    assert transfer.data_size.text() == "70TB"
    transfer.utilization.setValue(70)
    transfer.hours.setValue(24)
    assert "9.3 days" in transfer.estimate.text()
    assert "more than a week" in transfer.estimate.text()
    assert "1 Gbps" in transfer.chart.text()
    transfer.bandwidth.setText("fast")
    assert press_next(wizard, qtbot) == {
        "bandwidth": "'fast' is not a link speed. Write a link speed such as 1Gbps, 500Mbps or "
        "100MB/s (bytes a second)."
    }
    transfer.bandwidth.setText("1Gbps")
    leave_page(wizard, qtbot)

    report = wizard.currentPage()
    assert isinstance(report, ReportPage)
    assert "payroll-vm" in report.page.toPlainText()
    report.export(tmp_path / "plan.md")
    report.export(tmp_path / "plan.csv")
    markdown = (tmp_path / "plan.md").read_text(encoding="utf-8")
    assert "| Payroll | payroll-vm | Virtual machine | 50TB |" in markdown
    assert "9.3 days" in markdown
    rows = list(csv.DictReader((tmp_path / "plan.csv").read_text(encoding="utf-8").splitlines()))
    assert [(row["component"], row["next_step_card"]) for row in rows] == [
        ("orders", "migrate-mysql"),
        ("payroll-vm", "vm-import"),
    ]
    assert report.saved.text() == "Saved plan.csv."
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "plan.pdf"))
    report.print_to(printer)
    assert (tmp_path / "plan.pdf").read_bytes().startswith(b"%PDF")
