"""Plan the move: ``PlanTheMoveFlow`` over ``core/planning/`` (the portfolio, the approach
advisor, the transfer planner and the report).

Planning makes no AWS call and changes nothing, so ``plan()`` is empty and ``run`` needs
only somewhere to send events (``EventContext``), as ``check-source`` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from core.events import Note
from core.flows.context import EventContext
from core.flows.shape import Flow, PlannedCall
from core.paths import AppPaths
from core.planning.portfolio import Portfolio
from core.planning.report import PlanReport, build_report, portfolio_bytes
from core.planning.transfer import TransferEstimate, TransferInputs, transfer_problems
from core.transfer.journal import JournalStore
from core.transfer.throughput import ThroughputLog

__all__ = ["PlanTheMoveFlow", "PlanTheMoveInputs", "PlanTheMoveResult", "measured_upload_rate"]


def measured_upload_rate(paths: AppPaths | None = None) -> float | None:
    """Bytes a second this computer's recent uploads over the network reached, from the
    log the upload flow keeps beside its journals (None before the first one)."""
    return ThroughputLog.beside(JournalStore.default(paths).root).recent_rate()


@dataclass(frozen=True)
class PlanTheMoveInputs:
    """The link the data would go over and the portfolio; a blank ``transfer.size`` means
    all the data the portfolio lists."""

    transfer: TransferInputs
    portfolio: Portfolio = field(default_factory=Portfolio)

    def link(self) -> TransferInputs:
        """The transfer inputs with the size filled in from the portfolio when blank."""
        if self.transfer.size.strip() or self.portfolio.problems():
            return self.transfer
        total = portfolio_bytes(self.portfolio)
        return replace(self.transfer, size=str(total)) if total else self.transfer


@dataclass(frozen=True)
class PlanTheMoveResult:
    transfer: TransferEstimate
    report: PlanReport


class PlanTheMoveFlow(Flow[PlanTheMoveInputs, PlanTheMoveResult]):
    """The plan; fields are prefixed by their part (``transfer.size``, ``portfolio.row 2.kind``)."""

    key = "plan-the-move"

    def problems(self) -> dict[str, str]:
        found = {
            f"transfer.{name}": text for name, text in transfer_problems(self.inputs.link()).items()
        }
        found.update(
            (f"portfolio.{name}", text) for name, text in self.inputs.portfolio.problems().items()
        )
        return found

    def plan(self) -> Sequence[PlannedCall]:
        return ()

    def result(self) -> PlanTheMoveResult:
        """The plan, worked out at once (pure arithmetic and rules: a page may call it
        while the event loop runs, where ``run`` would need awaiting)."""
        report = build_report(self.inputs.portfolio, self.inputs.link())
        return PlanTheMoveResult(report.total, report)

    async def run(self, ctx: EventContext) -> PlanTheMoveResult:
        result = self.result()
        ctx.sink(Note(result.transfer.recommendation))
        return result
