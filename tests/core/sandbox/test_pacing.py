"""The stage clock behind every Sandbox lifecycle, with time under the test's control."""

from __future__ import annotations

from core.sandbox.pacing import PacedRun, Stepper


class ManualTime:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_pace_zero_reports_then_moves_one_stage_per_read() -> None:
    run = PacedRun(("creating", "backing-up", "available"), now=ManualTime())
    assert [run.read(0) for _ in range(5)] == [
        "creating",
        "backing-up",
        "available",
        "available",
        "available",
    ]
    assert run.finished
    assert run.overflow == 2


def test_a_stage_lasts_pace_seconds() -> None:
    clock = ManualTime()
    run = PacedRun(("creating", "backing-up", "available"), now=clock)
    assert run.read(2.0) == "creating"
    clock.now = 1.9
    assert run.read(2.0) == "creating"
    clock.now = 2.1
    assert run.read(2.0) == "backing-up"
    clock.now = 60.0
    assert run.read(2.0) == "available"


def test_peek_does_not_count_as_a_read() -> None:
    run = PacedRun(("testing", "successful"), now=ManualTime())
    assert run.peek(0) == "testing"
    assert run.peek(0) == "testing"
    assert run.read(0) == "testing"
    assert run.peek(0) == "successful"
    assert run.last_read == "testing"


def test_changing_pace_keeps_the_stage_reached() -> None:
    clock = ManualTime()
    stepper = Stepper(now=clock)
    assert [stepper.read(0) for _ in range(3)] == [0, 1, 2]
    clock.now = 0.5
    assert stepper.read(1.0) == 3
    clock.now = 1.6
    assert stepper.read(1.0) == 4
