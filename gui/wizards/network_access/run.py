"""Review, rule and on-premises pages of "Open network access".

State read (``NetworkAccessChoices``): inputs, replication. State written: rule
(RuleResult: ``added`` False when the rule was already there).
"""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout

from core.flows.context import FlowContext
from core.flows.network_access import (
    NetworkAccessFlow,
    RuleResult,
    onprem_instructions,
)
from core.flows.shape import render_plan
from gui.widgets.copyable_text import CopyableText
from gui.wizards.account_choices import ChoiceBox, widen
from gui.wizards.base import FlowWizard, WizardPage
from gui.wizards.cleanup_offer import CreationPage
from gui.wizards.network_access.choices import NetworkAccessChoices
from gui.wizards.text_pages import ReviewPage

__all__ = ["WIZARD", "AddRulePage", "OnPremPage", "ReviewRulePage"]

WIZARD = "network-access"


def review_text(wizard: FlowWizard[NetworkAccessChoices]) -> str:
    inputs = wizard.state.inputs
    assert inputs is not None, "the choose page comes first"
    flow = NetworkAccessFlow(inputs)
    return "\n\n".join(
        [
            *render_plan(wizard.context.door, flow.plan()),
            "# Nothing on your own database server is changed by the app: the last page "
            "lists what to change there.",
        ]
    )


class ReviewRulePage(ReviewPage[NetworkAccessChoices]):
    def __init__(self) -> None:
        super().__init__(
            "review",
            "Review the firewall rule",
            review_text,
            "Nothing has been changed yet. Next adds this inbound rule to the database's "
            "security group:",
        )


class AddRulePage(CreationPage[NetworkAccessChoices]):
    def __init__(self) -> None:
        super().__init__(
            "rule",
            "Adding the firewall rule",
            "This takes a few seconds.",
            WIZARD,
        )
        # The core call is one quick step with no step events of its own.
        self.step_label.setText("<b>Allow TCP 3306 into the database's security group</b>")

    def creation(self, ctx: FlowContext) -> Coroutine[Any, Any, RuleResult]:
        inputs = self.flow.state.inputs
        assert inputs is not None, "the choose page comes first"
        return NetworkAccessFlow(inputs).run(ctx)

    def on_success(self, result: RuleResult) -> None:
        self.flow.state.rule = result
        self.status.setText(result.message)


class OnPremPage(WizardPage[NetworkAccessChoices]):
    """What the admin of the source (on-premises) database must change, ready to copy."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("onprem")
        self.setTitle("Open your own database to the replication instance")
        self.setSubTitle(
            "AWS cannot change your server. Give these steps to its administrator; they open "
            "it to this one address only."
        )
        self.rule = QLabel()
        self.rule.setWordWrap(True)
        self.server_name = widen(QLineEdit())
        self.server_name.setPlaceholderText("e.g. db1.example.com (optional)")
        self.db_user = widen(QLineEdit("dms_user"))
        self.database = widen(QLineEdit())
        self.database.setPlaceholderText("e.g. books (optional: all databases)")
        self.engine = ChoiceBox()
        self.engine.set_choices([("MySQL", "mysql"), ("MariaDB", "mariadb")])
        self.instructions = CopyableText("Copy the instructions")
        form = QFormLayout()
        form.addRow("Your database server", self.server_name)
        form.addRow("User for DMS", self.db_user)
        form.addRow("Database to migrate", self.database)
        form.addRow("Server software", self.engine)
        layout = QVBoxLayout(self)
        layout.addWidget(self.rule)
        layout.addLayout(form)
        layout.addWidget(self.instructions, 1)
        for field in (self.server_name, self.db_user, self.database):
            field.textChanged.connect(self.refresh)
        self.engine.currentIndexChanged.connect(self.refresh)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        rule = self.flow.state.rule
        if rule is not None:
            done = "Done" if rule.added else "Nothing to do"
            self.rule.setText(f"<b>{done}:</b> {rule.message}")
        self.refresh()

    def refresh(self) -> None:
        if not isinstance(self.wizard(), FlowWizard):
            return
        replication = self.flow.state.replication
        assert replication is not None, "the choose page comes first"
        address = replication.public_ip or replication.private_ip
        text = onprem_instructions(
            address,
            db_user=self.db_user.text().strip() or "dms_user",
            database=self.database.text().strip(),
            server_name=self.server_name.text().strip(),
            engine=str(self.engine.value() or "mysql"),
        )
        if not replication.public_ip:
            text = (
                f"Note: {replication.identifier} has no public IP, so it reaches your server "
                "through a VPN or Direct Connect from its private IP.\n\n" + text
            )
        self.instructions.set_text(text)
