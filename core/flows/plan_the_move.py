"""Plan the move: ``PlanTheMoveFlow`` over ``core/planning/`` (the transfer planner).

Planning makes no AWS call and changes nothing, so ``plan()`` is empty and ``run`` needs
only somewhere to send events (``EventContext``), as ``check-source`` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.events import Note
from core.flows.context import EventContext
from core.flows.shape import Flow, PlannedCall
from core.planning.transfer import TransferEstimate, TransferInputs, estimate_transfer
from core.planning.transfer import transfer_problems as _transfer_problems

__all__ = ["PlanTheMoveFlow", "PlanTheMoveInputs", "PlanTheMoveResult"]


@dataclass(frozen=True)
class PlanTheMoveInputs:
    """The data to move and the link it would go over."""

    transfer: TransferInputs


@dataclass(frozen=True)
class PlanTheMoveResult:
    transfer: TransferEstimate


class PlanTheMoveFlow(Flow[PlanTheMoveInputs, PlanTheMoveResult]):
    """The estimate of the move; fields are prefixed by their part (``transfer.size``)."""

    key = "plan-the-move"

    def problems(self) -> dict[str, str]:
        found = _transfer_problems(self.inputs.transfer)
        return {f"transfer.{field}": message for field, message in found.items()}

    def plan(self) -> Sequence[PlannedCall]:
        return ()

    async def run(self, ctx: EventContext) -> PlanTheMoveResult:
        estimate = estimate_transfer(self.inputs.transfer)
        ctx.sink(Note(estimate.recommendation))
        return PlanTheMoveResult(estimate)
