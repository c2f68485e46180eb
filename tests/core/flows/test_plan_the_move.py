"""PlanTheMoveFlow: the flow shape over the planner; no AWS call, nothing planned."""

from __future__ import annotations

import asyncio

import pytest

from core.events import Event, Note
from core.flows.context import SinkContext
from core.flows.plan_the_move import PlanTheMoveFlow, PlanTheMoveInputs
from core.planning.transfer import TransferInputs


def test_the_flow_estimates_and_says_it_in_a_note() -> None:
    heard: list[Event] = []
    flow = PlanTheMoveFlow(PlanTheMoveInputs(TransferInputs("70TB", "1Gbps")))

    result = asyncio.run(flow.run(SinkContext(heard.append)))

    assert flow.problems() == {}
    assert flow.plan() == ()
    assert result.transfer.days == pytest.approx(9.26, abs=0.01)
    assert heard == [Note(result.transfer.recommendation)]


def test_problems_are_prefixed_by_their_part() -> None:
    flow = PlanTheMoveFlow(PlanTheMoveInputs(TransferInputs("70TB", "quick")))

    assert list(flow.problems()) == ["transfer.bandwidth"]
