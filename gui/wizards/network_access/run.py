"""Review, rule and on-premises pages of "Open network access".

State read: network_target, network_target_group, network_replication, network_source.
State written: network_rule (RuleResult: ``added`` False when the rule was already there).
"""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWizardPage

from core.flows.context import FlowContext
from core.flows.network_access import (
    NetworkAccessFlow,
    NetworkAccessInputs,
    RuleResult,
    allow_mysql_from_replication_instance,
    onprem_instructions,
)
from core.flows.replication_instance import ReplicationInstanceResult
from core.flows.shape import render_plan
from gui.wizards.base import FlowWizard
from gui.wizards.text_pages import ReviewPage
from gui.wizards.widgets_aws import ChoiceBox, CopyableText, CreationPage, widen

__all__ = ["WIZARD", "AddRulePage", "OnPremPage", "ReviewRulePage", "rule_inputs"]

WIZARD = "network-access"


def rule_inputs(state: dict[str, Any]) -> NetworkAccessInputs:
    """The pages' choices as the flow's inputs: the instance's private IP, or its group."""
    replication: ReplicationInstanceResult = state["network_replication"]
    if state["network_source"] == "ip":
        return NetworkAccessInputs(state["network_target_group"], private_ip=replication.private_ip)
    return NetworkAccessInputs(
        state["network_target_group"], source_group_id=replication.security_group_ids[0]
    )


def review_text(wizard: FlowWizard[Any]) -> str:
    flow = NetworkAccessFlow(rule_inputs(wizard.state))
    return "\n\n".join(
        [
            *render_plan(wizard.context.door, flow.plan()),
            "# Nothing on your own database server is changed by the app: the last page "
            "lists what to change there.",
        ]
    )


class ReviewRulePage(ReviewPage[Any]):
    def __init__(self) -> None:
        super().__init__(
            "review",
            "Review the firewall rule",
            review_text,
            "Nothing has been changed yet. Next adds this inbound rule to the database's "
            "security group:",
        )


class AddRulePage(CreationPage[Any]):
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
        state = self.flow.state
        replication: ReplicationInstanceResult = state["network_replication"]
        by_ip = state["network_source"] == "ip"
        return allow_mysql_from_replication_instance(
            ctx,
            state["network_target_group"],
            private_ip=replication.private_ip if by_ip else "",
            source_group_id="" if by_ip else replication.security_group_ids[0],
        )

    def on_success(self, result: Any) -> None:
        self.flow.state["network_rule"] = result
        self.status.setText(result.message)


class OnPremPage(QWizardPage):
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
        wizard = self.wizard()
        assert isinstance(wizard, FlowWizard)
        rule: RuleResult | None = wizard.state.get("network_rule")
        if rule is not None:
            done = "Done" if rule.added else "Nothing to do"
            self.rule.setText(f"<b>{done}:</b> {rule.message}")
        self.refresh()

    def refresh(self) -> None:
        wizard = self.wizard()
        if not isinstance(wizard, FlowWizard):
            return
        replication: ReplicationInstanceResult = wizard.state["network_replication"]
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
