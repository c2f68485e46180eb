"""Wizard "Create endpoints and test connections": the on-prem source, the RDS target, and
a DMS connection test of both from a replication instance.

Pages (object names) and the fields of ``wizard.state`` (``EndpointsChoices``, in
``choices.py``) they share:
    source (SourceEndpointPage): writes source (EndpointSpec).
    target (TargetEndpointPage): writes target (EndpointSpec) and target_database.
    review: the ``aws dms create-endpoint`` calls of ``EndpointsFlow``.
    create (CreateEndpointsPage): writes source_endpoint, target_endpoint.
    test (ConnectionTestPage): reads both endpoints, writes connection_tests.
    result: the endpoints and how their tests went.
"""

from __future__ import annotations

from collections.abc import Coroutine, Mapping
from typing import Any

from PySide6.QtWidgets import QWidget

from core.flows.context import FlowContext
from core.flows.endpoints import EndpointsFlow, EndpointsResult
from core.flows.shape import render_plan
from core.flows.teardown import TeardownSummary
from gui.context import AppContext
from gui.flow_card import FlowCard
from gui.wizards.base import FlowWizard
from gui.wizards.cleanup_offer import CreationPage
from gui.wizards.endpoints.choices import EndpointsChoices
from gui.wizards.endpoints.connection_test import ConnectionTestPage
from gui.wizards.endpoints.forms import SourceEndpointPage, TargetEndpointPage
from gui.wizards.text_pages import ReviewPage, SummaryPage

__all__ = ["EndpointsChoices", "EndpointsWizard"]

WIZARD = "endpoints"


def review_commands(wizard: FlowWizard[EndpointsChoices]) -> str:
    state = wizard.state
    flow = EndpointsFlow(state.inputs(), wizard.context.store, made=state.made())
    return "\n\n".join(render_plan(wizard.context.door, flow.plan()))


class CreateEndpointsPage(CreationPage[EndpointsChoices]):
    """Runs ``EndpointsFlow``. A Try again gives it the endpoints earlier tries made (kept
    in ``wizard.state``), so neither is made twice; Cancel offers to delete what every try
    made, and an endpoint deleted so is made again by the next try."""

    def __init__(self) -> None:
        super().__init__(
            "create",
            "Creating the endpoints",
            "DMS records where to read and where to write.",
            WIZARD,
        )
        self.cleanup.deleted.connect(self._forget_deleted)

    def creation(self, ctx: FlowContext) -> Coroutine[Any, Any, EndpointsResult]:
        state = self.flow.state
        flow = EndpointsFlow(state.inputs(), self.flow.context.store, made=state.made())

        async def create() -> EndpointsResult:
            try:
                return await flow.run(ctx)
            finally:
                state.keep(flow.made)  # a try that failed half-way leaves the source made

        return create()

    def _forget_deleted(self, summary: TeardownSummary) -> None:
        gone = {item.entry.resource_id for item in summary.deleted}
        state = self.flow.state
        state.keep(endpoint for endpoint in state.made() if endpoint.identifier not in gone)


def summary_rows(wizard: FlowWizard[EndpointsChoices]) -> Mapping[str, str]:
    rows: dict[str, str] = {}
    state = wizard.state
    tests = state.connection_tests or {}
    for label, endpoint in (("Source", state.source_endpoint), ("Target", state.target_endpoint)):
        assert endpoint is not None, "the creation page comes first"
        rows[f"{label} endpoint"] = (
            f"{endpoint.identifier} ({endpoint.server_name}:{endpoint.port})"
        )
        rows[f"{label} ARN"] = endpoint.arn
        test = tests.get(label)
        rows[f"{label} connection"] = (
            "not tested"
            if test is None
            else "successful"
            if test.succeeded
            else f"failed: {test.message}"
        )
    rows["Next"] = "Create the migration task (home page) to copy the data."
    return rows


class EndpointsWizard(FlowWizard[EndpointsChoices]):
    keeps_secrets = True  # the database users' passwords

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            context, "Create endpoints and test connections", EndpointsChoices(), parent
        )
        self.add(SourceEndpointPage())
        self.add(TargetEndpointPage())
        self.add(ReviewPage("review", "Review the endpoints", review_commands))
        self.add(CreateEndpointsPage())
        self.add(ConnectionTestPage())
        self.add(SummaryPage("result", "Your endpoints", summary_rows))


CARD = FlowCard(
    "endpoints",
    "Create endpoints and test connections",
    "Tell DMS where your MySQL data is and where it goes, then check it can log in to both.",
    EndpointsWizard,
    order=50,
)
