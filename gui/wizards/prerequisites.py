"""Wizard "Prepare your account for DMS": the two IAM roles DMS needs, checked and created.

Its pages share ``PrerequisitesChoices``: the check page writes ``result``, the summary
shows it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget, QWizardPage

from core.flows.context import FlowContext
from core.flows.prerequisites import (
    DMS_ROLES,
    PrerequisitesFlow,
    PrerequisitesInputs,
    PrerequisitesResult,
    RoleOutcome,
)
from gui.context import AppContext
from gui.flow_card import FlowCard
from gui.wizards.base import FlowWizard, Operation, ProgressPage
from gui.wizards.text_pages import SummaryPage

__all__ = ["PrerequisitesChoices", "PrerequisitesWizard", "propagation_wait"]

WIZARD = "prerequisites"
# IAM changes take seconds to reach DMS on AWS (shared/facts/aws.md).
AWS_PROPAGATION_WAIT = 10.0


def propagation_wait(context: AppContext) -> float:
    if context.connection.is_sandbox:
        return 2 * context.sandbox_pace
    return AWS_PROPAGATION_WAIT


@dataclass
class PrerequisitesChoices:
    """The state of "Prepare your account for DMS": the roles as the check left them."""

    result: PrerequisitesResult | None = None


class IntroPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("intro")
        self.setTitle("Prepare your account for DMS")
        self.setSubTitle("AWS Database Migration Service needs two IAM roles in your account.")
        text = "".join(f"<li><b>{role.name}</b> {role.purpose}.</li>" for role in DMS_ROLES)
        label = QLabel(
            f"<ul>{text}</ul>The next step checks them. Missing roles are created with the "
            "AWS-managed policies; a role that exists but is set up differently is reported "
            "with the fix and left as it is. Running this again changes nothing."
        )
        label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addStretch(1)


class RolesProgressPage(ProgressPage[PrerequisitesChoices]):
    def __init__(self) -> None:
        super().__init__("check", "Checking the IAM roles")

    def operation(self) -> Operation:
        context = self.flow.context

        async def run(sink: Any) -> PrerequisitesResult:
            ctx = FlowContext(context.door, context.ledger, sink=sink, wizard=WIZARD)
            inputs = PrerequisitesInputs(propagation_wait=propagation_wait(context))
            return await PrerequisitesFlow(inputs).run(ctx)

        return run

    def on_success(self, result: PrerequisitesResult) -> None:
        self.flow.state.result = result


def summary_rows(wizard: FlowWizard[PrerequisitesChoices]) -> Mapping[str, str]:
    result = wizard.state.result
    assert result is not None, "the check page comes first"
    rows = {}
    for role in result.roles:
        text = role.outcome.value
        if role.outcome is RoleOutcome.NEEDS_FIX:
            text = f"{' '.join(role.problems)}\nFix:\n{role.fix}"
        rows[role.name] = text
    rows["Ready for DMS"] = "yes" if result.ready else "no: fix the roles above, then run again"
    return rows


class PrerequisitesWizard(FlowWizard[PrerequisitesChoices]):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "Prepare your account for DMS", PrerequisitesChoices(), parent)
        self.addPage(IntroPage())
        self.add(RolesProgressPage())
        self.add(SummaryPage("result", "The IAM roles DMS needs", summary_rows))


CARD = FlowCard(
    "prerequisites",
    "Prepare your account for DMS",
    "Check and create the two IAM roles AWS Database Migration Service needs.",
    PrerequisitesWizard,
    order=10,
)
