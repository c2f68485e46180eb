"""Paced lifecycles: a resource walks through named stages as time passes.

With a pace above zero, one stage lasts ``pace`` seconds of real time. At pace 0 nothing
waits: every read reports the current stage and then moves on by one, so successive
describe calls still see each stage (creating, backing-up, available) and a waiter polling
with no delay finishes after a handful of calls.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

__all__ = ["PacedRun", "Stepper"]

T = TypeVar("T")


class Stepper:
    """Counts the stages that have passed since it started."""

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self._now = now
        self._steps = 0
        self._mark = now()

    def read(self, pace: float) -> int:
        """The current step. At pace 0 the read itself moves the count on (after reporting)."""
        now = self._now()
        if pace <= 0:
            steps = self._steps
            self._steps += 1
            self._mark = now
            return steps
        passed = int((now - self._mark) // pace)
        if passed > 0:
            self._steps += passed
            self._mark += passed * pace
        return self._steps

    def peek(self, pace: float) -> int:
        """The step a read would report now, without counting as a read."""
        if pace <= 0:
            return self._steps
        return self._steps + max(0, int((self._now() - self._mark) // pace))


class PacedRun(Generic[T]):
    """A sequence of stages; the last one lasts for ever.

    ``overflow`` counts the steps spent in the last stage so far (e.g. how long ongoing
    change capture has been running once a full load is done).
    """

    def __init__(self, stages: Sequence[T], now: Callable[[], float] = time.monotonic) -> None:
        if not stages:
            raise ValueError("a paced run needs at least one stage")
        self.stages = tuple(stages)
        self._stepper = Stepper(now)
        self._index = 0
        self.overflow = 0

    def read(self, pace: float) -> T:
        """Where the run is now; each read counts as one look at the resource."""
        step = self._stepper.read(pace)
        last = len(self.stages) - 1
        self._index = min(step, last)
        self.overflow = max(0, step - last)
        return self.stages[self._index]

    def peek(self, pace: float) -> T:
        """Where the run is now, for deciding whether an action is allowed."""
        return self.stages[min(self._stepper.peek(pace), len(self.stages) - 1)]

    @property
    def last_read(self) -> T:
        """The stage the latest read reported, without moving the run on."""
        return self.stages[self._index]

    @property
    def finished(self) -> bool:
        """True once a read has reported the final stage."""
        return self._index == len(self.stages) - 1
