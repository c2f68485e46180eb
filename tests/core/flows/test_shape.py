"""The flow shape's helpers: problems from validators, a repr without secrets."""

from __future__ import annotations

from dataclasses import dataclass

from core.errors import ValidationError
from core.flows.context import FlowContext
from core.flows.shape import Flow, PlannedCall, all_problems, first_problem


def _refuse(field: str, message: str) -> None:
    raise ValidationError(field, message, "Fix it.")


def test_all_problems_lists_every_bad_field_with_the_first_message_for_each() -> None:
    found = all_problems(
        lambda: _refuse("identifier", "Too long."),
        lambda: None,
        lambda: _refuse("port", "Not a port."),
        lambda: _refuse("identifier", "Also bad."),
    )
    assert found == {"identifier": "Too long. Fix it.", "port": "Not a port. Fix it."}
    assert first_problem(lambda: _refuse("port", "Not a port.")) == {"port": "Not a port. Fix it."}
    assert all_problems(lambda: None) == {}


@dataclass(frozen=True)
class _Inputs:
    name: str


class _LoginFlow(Flow[_Inputs, None]):
    key = "login"

    def __init__(self, inputs: _Inputs, password: str) -> None:
        super().__init__(inputs)
        self._password = password

    def problems(self) -> dict[str, str]:
        return {}

    def plan(self) -> list[PlannedCall]:
        return []

    async def run(self, ctx: FlowContext) -> None:
        return None


def test_a_flow_shows_its_inputs_and_never_the_secret_given_apart() -> None:
    flow = _LoginFlow(_Inputs("books"), "Books-secret1")
    assert repr(flow) == "_LoginFlow(_Inputs(name='books'))"
    assert "Books-secret1" not in repr(flow)
