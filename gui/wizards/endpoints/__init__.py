"""Wizard "Create endpoints and test connections": the on-prem source, the RDS target, and
a DMS connection test of both from a replication instance."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from core.events import EventSink
from core.flows.context import FlowContext
from core.flows.endpoints import (
    EndpointResult,
    EndpointsFlow,
    EndpointsInputs,
    EndpointSpec,
    create_endpoint,
)
from core.flows.shape import render_plan
from gui.context import AppContext
from gui.flows import FlowCard
from gui.pages.cleanup import offer_cleanup
from gui.wizards.base import FlowWizard, Operation, ProgressPage
from gui.wizards.endpoints.connection_test import ConnectionTestPage
from gui.wizards.endpoints.forms import SourceEndpointPage, TargetEndpointPage
from gui.wizards.text_pages import ReviewPage, SummaryPage

__all__ = ["EndpointsWizard"]

WIZARD = "endpoints"


def review_commands(wizard: FlowWizard[Any]) -> str:
    state = wizard.state
    inputs = EndpointsInputs(state["source_spec"], state["target_spec"])
    flow = EndpointsFlow(inputs, wizard.context.store)
    return "\n\n".join(render_plan(wizard.context.door, flow.plan()))


class CreateEndpointsPage(ProgressPage[Any]):
    def __init__(self) -> None:
        super().__init__(
            "create", "Creating the endpoints", "DMS records where to read and where to write."
        )
        self.ctx: FlowContext | None = None
        self.cleanup: QMessageBox | None = None  # the clean-up question after a cancel

    def operation(self) -> Operation:
        context = self.flow.context
        state = self.flow.state

        async def run(sink: EventSink) -> dict[str, EndpointResult]:
            self.ctx = ctx = context.flow_context(WIZARD, sink)
            made: dict[str, EndpointResult] = {}
            for key in ("source", "target"):
                existing = state.get(f"{key}_endpoint")
                if existing is not None:  # made by an earlier try
                    made[key] = existing
                    continue
                spec: EndpointSpec = state[f"{key}_spec"]
                made[key] = state[f"{key}_endpoint"] = await create_endpoint(
                    spec, context.store, ctx
                )
            return made

        return run

    def on_success(self, result: Any) -> None:
        for key, endpoint in dict(result).items():
            self.flow.state[f"{key}_endpoint"] = endpoint

    def on_cancelled(self) -> None:
        self.cleanup = offer_cleanup(self, self.ctx, self.flow.context.store)


def summary_rows(wizard: FlowWizard[Any]) -> Mapping[str, str]:
    rows: dict[str, str] = {}
    tests = wizard.state.get("connection_tests", {})
    for key, label in (("source", "Source"), ("target", "Target")):
        endpoint: EndpointResult = wizard.state[f"{key}_endpoint"]
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


class EndpointsWizard(FlowWizard[Any]):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "Create endpoints and test connections", {}, parent)
        self.addPage(SourceEndpointPage())
        self.addPage(TargetEndpointPage())
        self.addPage(ReviewPage("review", "Review the endpoints", review_commands))
        self.addPage(CreateEndpointsPage())
        self.addPage(ConnectionTestPage())
        self.addPage(SummaryPage("result", "Your endpoints", summary_rows))


CARD = FlowCard(
    "endpoints",
    "Create endpoints and test connections",
    "Tell DMS where your MySQL data is and where it goes, then check it can log in to both.",
    EndpointsWizard,
    order=50,
)
