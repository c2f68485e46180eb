"""PlanTheMoveFlow: the flow shape over the planner; no AWS call, nothing planned."""

from __future__ import annotations

import asyncio

import pytest

from core.events import Event, Note
from core.flows.context import SinkContext
from core.flows.plan_the_move import PlanTheMoveFlow, PlanTheMoveInputs
from core.planning.components import Component, ComponentKind
from core.planning.portfolio import Entry, Portfolio
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


def test_a_blank_size_is_all_the_data_the_portfolio_lists() -> None:
    portfolio = Portfolio(
        (
            Entry(Component("Shop", "orders", ComponentKind.DATABASE, "20TB", "MySQL 8.0")),
            Entry(Component("Office", "docs", ComponentKind.FILE_SHARE, "50TB")),
        )
    )
    flow = PlanTheMoveFlow(PlanTheMoveInputs(TransferInputs("", "1Gbps"), portfolio))

    result = asyncio.run(flow.run(SinkContext()))

    assert result.transfer.size_bytes == 70 * 1000**4
    assert result.transfer.over_a_week
    assert [row.advice.next_step.card for row in result.report.rows] == [
        "migrate-mysql",
        "folder-sync",
    ]


def test_portfolio_problems_are_prefixed_and_an_empty_plan_needs_a_size() -> None:
    portfolio = Portfolio((Entry(Component("Shop", "orders", ComponentKind.DATABASE, "lots")),))

    problems = PlanTheMoveFlow(PlanTheMoveInputs(TransferInputs("", "1Gbps"), portfolio)).problems()

    assert problems == {
        "transfer.size": "Enter how much data there is. For example 70TB or 500GiB.",
        "portfolio.row 1.size": "Row 1: 'lots' is not a size. Write it as 500GB or 2TiB.",
    }
