"""The shape every flow has: typed inputs, validation, a plan of calls, and ``run``.

A flow is named by its home card's key (``target-database`` -> ``TargetDatabaseFlow`` in
``core/flows/target_database.py``). A wizard and a headless command of the same flow build
the same object from their inputs, show ``problems()`` next to the fields, render
``plan()`` on the review page with ``render_plan``, and start ``run(ctx)``; the events it
emits through ``ctx.sink`` drive the progress page. The plan is built by the same
functions that build the calls ``run`` makes, so a review cannot drift from the calls.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from core.aws import AwsCall, AwsDoor
from core.errors import ValidationError, all_problems
from core.flows.context import FlowContext

__all__ = ["Flow", "PlannedCall", "all_problems", "first_problem", "render_plan"]

InputsT = TypeVar("InputsT")
ResultT = TypeVar("ResultT")


@dataclass(frozen=True)
class PlannedCall:
    """A call the flow will make; ``when`` says under which condition (empty: always),
    e.g. "only if no group by that name exists"."""

    call: AwsCall[Any]
    when: str = ""


class Flow(ABC, Generic[InputsT, ResultT]):
    """One flow: ``inputs`` is a frozen dataclass of what the user chose (no secrets: a
    flow that needs one takes it apart, so it never shows in a repr or a log).

    Attributes:
        key: the home card's key, which names the flow's core and gui modules.
        inputs: what the user chose.
    """

    key: ClassVar[str]

    def __init__(self, inputs: InputsT) -> None:
        self.inputs = inputs

    def __repr__(self) -> str:
        # Only the inputs: a secret given to a subclass apart never shows in a log or a test.
        return f"{type(self).__name__}({self.inputs!r})"

    @abstractmethod
    def problems(self) -> dict[str, str]:
        """Field name -> what is wrong with it, in plain words; empty when ``run`` may start.
        Never calls AWS."""

    @abstractmethod
    def plan(self) -> Sequence[PlannedCall]:
        """The calls that change the account, in the order ``run`` makes them."""

    @abstractmethod
    async def run(self, ctx: FlowContext) -> ResultT:
        """Do it, emitting events through ``ctx.sink``; creations go through
        ``ctx.create`` so the ledger hears of them first."""


def first_problem(check: Callable[[], object]) -> dict[str, str]:
    """``problems()`` for a flow whose validator raises ValidationError on the first bad
    field: that field and its message (with the fix), or nothing."""
    try:
        check()
    except ValidationError as error:
        return {error.field: error.plain()}
    return {}


def render_plan(door: AwsDoor, plan: Sequence[PlannedCall]) -> list[str]:
    """The review page's text: each call as the ``aws`` command that does the same here,
    its condition as a comment above it."""
    return [
        (f"# {planned.when}\n" if planned.when else "") + door.cli(planned.call) for planned in plan
    ]
