"""Tour: plan the move of a small estate (a MySQL database, a VM, a file share nobody uses
any more) to the report; 70 TB over 1 Gbps is more than a week."""

from __future__ import annotations

from PySide6.QtWidgets import QWizardPage

from core.planning.components import Component, ComponentKind
from core.planning.portfolio import Entry, Portfolio
from gui.main_window import MainWindow
from gui.tours.base import Shooter, TourFlow
from gui.tours.driving import drive_wizard
from gui.wizards.plan_the_move import PlanTheMoveChoices, PlanTheMoveWizard
from gui.wizards.plan_the_move.portfolio_page import PortfolioPage
from gui.wizards.plan_the_move.questions_page import QuestionsPage

ESTATE = (
    Component("Shop", "orders", ComponentKind.DATABASE, "2TB", "MySQL 8.0"),
    Component("Payroll", "payroll-vm", ComponentKind.VM, "500GB", "Windows Server 2016"),
    Component("Archive", "old-scans", ComponentKind.FILE_SHARE, "67.5TB", notes="read-only"),
)


def _fill_portfolio(page: QWizardPage) -> None:
    assert isinstance(page, PortfolioPage)
    page.show_portfolio(Portfolio())
    for component in ESTATE:
        page.add_row(Entry(component))


def _fill_questions(page: QWizardPage) -> None:
    assert isinstance(page, QuestionsPage)
    page.component.setCurrentIndex(1)
    page.flags["tied_to_platform"].setChecked(True)
    page.component.setCurrentIndex(2)
    page.flags["still_used"].setChecked(False)
    page.component.setCurrentIndex(0)


async def tour_plan_the_move(window: MainWindow, shoot: Shooter) -> None:
    wizard = await drive_wizard(
        window,
        shoot,
        "plan-the-move",
        fill={"portfolio": _fill_portfolio, "questions": _fill_questions},
    )
    assert isinstance(wizard, PlanTheMoveWizard)
    assert isinstance(wizard.state, PlanTheMoveChoices)
    result = wizard.state.result
    assert result is not None and result.transfer.over_a_week
    assert [row.advice.approach.value for row in result.report.rows] == [
        "lift-and-shift",
        "lift-and-shift",
        "retire",
    ]


TOUR = TourFlow("plan-the-move", tour_plan_the_move, order=1)
