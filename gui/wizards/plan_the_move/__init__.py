"""Wizard "Plan the move": the portfolio, an approach per component, network or shipping,
and the plan report (``PlanTheMoveFlow``; nothing is created, no AWS call).

Pages share ``wizard.state``, a ``PlanTheMoveChoices`` (``choices.py``): ``portfolio``
(PortfolioPage, answers from QuestionsPage), ``transfer`` (TransferPage), ``result``
(ReportPage).
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from gui.context import AppContext
from gui.flow_card import FlowCard
from gui.wizards.base import FlowWizard
from gui.wizards.plan_the_move.choices import PlanTheMoveChoices
from gui.wizards.plan_the_move.portfolio_page import PortfolioPage
from gui.wizards.plan_the_move.questions_page import QuestionsPage
from gui.wizards.plan_the_move.report_page import ReportPage
from gui.wizards.plan_the_move.transfer_page import TransferPage

__all__ = ["CARD", "PlanTheMoveChoices", "PlanTheMoveWizard"]


class PlanTheMoveWizard(FlowWizard[PlanTheMoveChoices]):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "Plan the move", PlanTheMoveChoices(), parent)
        self.add(PortfolioPage())
        self.add(QuestionsPage())
        self.add(TransferPage())
        self.add(ReportPage())


CARD = FlowCard(
    "plan-the-move",
    "Plan the move",
    "Start here: list your applications, get an approach for each (lift and shift, "
    "redeploy, refactor, rewrite, replace, retire) and see whether the data goes over the "
    "network or another way. Nothing is created.",
    PlanTheMoveWizard,
    order=1,
)
