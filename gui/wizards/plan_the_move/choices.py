"""What the pages of "Plan the move" share: ``wizard.state``."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.flows.plan_the_move import PlanTheMoveInputs, PlanTheMoveResult
from core.planning.portfolio import Portfolio
from core.planning.transfer import TransferInputs

__all__ = ["PlanTheMoveChoices"]


@dataclass
class PlanTheMoveChoices:
    """Attributes:
    portfolio: the components (portfolio page) and their answers (questions page); saved
        in the app's data folder when the portfolio or questions page is left.
    transfer: the link and the data's size (transfer page).
    result: the plan (the report page makes it from the two).
    """

    portfolio: Portfolio = field(default_factory=Portfolio)
    transfer: TransferInputs = field(default_factory=lambda: TransferInputs("", "1Gbps"))
    result: PlanTheMoveResult | None = None

    def inputs(self) -> PlanTheMoveInputs:
        return PlanTheMoveInputs(self.transfer, self.portfolio)
