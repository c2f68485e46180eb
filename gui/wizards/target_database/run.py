"""Review, creation and result pages of "Create the target database".

State read (``TargetDatabaseChoices``): spec, master_password, password_confirmation.
State written: result (DatabaseResult); the passwords are set to None once the password is
in the credential store.
"""

from __future__ import annotations

from collections.abc import Coroutine, Mapping
from typing import Any

from core.flows.context import FlowContext
from core.flows.shape import render_plan
from core.flows.target_database import DatabaseResult, TargetDatabaseFlow
from gui.wizards.base import FlowWizard
from gui.wizards.cleanup_offer import CreationPage
from gui.wizards.target_database.choices import TargetDatabaseChoices
from gui.wizards.text_pages import ReviewPage, SummaryPage

__all__ = ["WIZARD", "CreateDatabasePage", "DatabaseResultPage", "ReviewDatabasePage"]

WIZARD = "target-database"


def review_text(wizard: FlowWizard[TargetDatabaseChoices]) -> str:
    state = wizard.state
    spec = state.spec
    assert spec is not None, "the form pages come first"
    flow = TargetDatabaseFlow(
        spec,
        state.master_password or "",
        wizard.context.store,
        confirmation=state.password_confirmation,
    )
    return "\n\n".join(
        [
            *render_plan(wizard.context.door, flow.plan()),
            f"# Then: wait until {spec.identifier} is available (usually 5-15 minutes on AWS)",
        ]
    )


class ReviewDatabasePage(ReviewPage[TargetDatabaseChoices]):
    def __init__(self) -> None:
        super().__init__(
            "review",
            "Review the database",
            review_text,
            "Nothing has been created yet. Next creates the database with these AWS commands "
            "(the password is hidden here):",
        )


class CreateDatabasePage(CreationPage[TargetDatabaseChoices]):
    """Creates the instance and waits until it is available; Cancel offers to delete what
    this page created (over all its attempts)."""

    def __init__(self) -> None:
        super().__init__(
            "create",
            "Creating the database",
            "AWS builds the server and its storage; this usually takes 5 to 15 minutes. "
            "You can cancel at any time.",
            WIZARD,
        )

    def creation(self, ctx: FlowContext) -> Coroutine[Any, Any, DatabaseResult]:
        state = self.flow.state
        assert state.spec is not None and state.master_password is not None
        flow = TargetDatabaseFlow(
            state.spec,
            state.master_password,
            self.flow.context.store,
            confirmation=state.password_confirmation,
        )
        return flow.run(ctx)

    def on_success(self, result: DatabaseResult) -> None:
        state = self.flow.state
        state.result = result
        state.master_password = state.password_confirmation = None


def result_rows(wizard: FlowWizard[TargetDatabaseChoices]) -> Mapping[str, str]:
    result, spec = wizard.state.result, wizard.state.spec
    assert result is not None and spec is not None, "the creation page comes first"
    return {
        "Endpoint": result.endpoint,
        "Port": str(result.port),
        "DB instance": f"{result.identifier} ({result.status})",
        "Master user": spec.master_username,
        "Password": (
            "kept in memory until the app closes (this computer has no keyring)"
            if wizard.context.store.in_memory(result.password_name)
            else f"in your system keyring, as {result.password_name}"
        ),
        "Initial database": spec.database_name or "(none)",
        "Subnet group": result.subnet_group,
        "Security groups": ", ".join(result.security_group_ids) or "(the VPC's default)",
        "Connect with": f"mysql -h {result.endpoint} -P {result.port} -u {spec.master_username} -p",
        "Next": f"Create the replication instance, then open network access to port {result.port}.",
    }


class DatabaseResultPage(SummaryPage[TargetDatabaseChoices]):
    def __init__(self) -> None:
        super().__init__("result", "The database is ready", result_rows)
        self.setSubTitle("Applications and DMS connect to it at this address.")
