"""Time left from Progress events: the flow's own estimate first, else a straight line."""

from __future__ import annotations

import pytest

from core.events import Progress
from core.time_left import TimeLeft


def test_nothing_to_tell_before_progress_or_without_a_total() -> None:
    left = TimeLeft()
    assert left.seconds(0.0) is None
    left.seen(Progress("rows", 10, None), 0.0)
    assert left.seconds(5.0) is None


def test_the_flows_own_estimate_counts_down_between_events() -> None:
    left = TimeLeft()
    left.seen(Progress("upload", 10, 100, "B", rate=1.0, eta_seconds=90), 100.0)
    assert left.seconds(100.0) == 90
    assert left.seconds(130.0) == 60


def test_a_straight_line_through_the_share_done() -> None:
    left = TimeLeft()
    left.seen(Progress("rows", 0, 1000), 10.0)
    left.seen(Progress("rows", 250, 1000), 30.0)  # a quarter in 20 s: 60 s to go
    assert left.seconds(30.0) == pytest.approx(60.0)
    assert left.seconds(40.0) == pytest.approx(50.0)
    left.seen(Progress("rows", 1000, 1000), 50.0)
    assert left.seconds(50.0) == 0.0


def test_too_early_to_guess() -> None:
    left = TimeLeft()
    left.seen(Progress("rows", 0, 1000), 0.0)
    left.seen(Progress("rows", 5, 1000), 1.0)
    assert left.seconds(1.0) is None
