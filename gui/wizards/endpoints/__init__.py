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

from collections.abc import Mapping

from PySide6.QtWidgets import QMessageBox, QWidget

from core.events import EventSink
from core.flows.context import FlowContext
from core.flows.endpoints import EndpointsFlow, EndpointsResult, create_endpoint
from core.flows.shape import render_plan
from gui.context import AppContext
from gui.flows import FlowCard
from gui.pages.cleanup import offer_cleanup
from gui.wizards.base import FlowWizard, Operation, ProgressPage
from gui.wizards.endpoints.choices import EndpointsChoices
from gui.wizards.endpoints.connection_test import ConnectionTestPage
from gui.wizards.endpoints.forms import SourceEndpointPage, TargetEndpointPage
from gui.wizards.text_pages import ReviewPage, SummaryPage

__all__ = ["EndpointsChoices", "EndpointsWizard"]

WIZARD = "endpoints"


def review_commands(wizard: FlowWizard[EndpointsChoices]) -> str:
    flow = EndpointsFlow(wizard.state.inputs(), wizard.context.store)
    return "\n\n".join(render_plan(wizard.context.door, flow.plan()))


class CreateEndpointsPage(ProgressPage[EndpointsChoices]):
    def __init__(self) -> None:
        super().__init__(
            "create", "Creating the endpoints", "DMS records where to read and where to write."
        )
        self.ctx: FlowContext | None = None
        self.cleanup: QMessageBox | None = None  # the clean-up question after a cancel

    def operation(self) -> Operation:
        context = self.flow.context
        state = self.flow.state

        async def run(sink: EventSink) -> EndpointsResult:
            self.ctx = ctx = context.flow_context(WIZARD, sink)
            inputs = state.inputs()
            # An endpoint made by an earlier try is kept.
            source = state.source_endpoint
            if source is None:
                source = state.source_endpoint = await create_endpoint(
                    inputs.source, context.store, ctx
                )
            target = state.target_endpoint
            if target is None:
                target = state.target_endpoint = await create_endpoint(
                    inputs.target, context.store, ctx
                )
            return EndpointsResult(source, target)

        return run

    def on_success(self, result: EndpointsResult) -> None:
        self.flow.state.source_endpoint = result.source
        self.flow.state.target_endpoint = result.target

    def on_cancelled(self) -> None:
        self.cleanup = offer_cleanup(self, self.ctx, self.flow.context.store)


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
