"""Review, creation and result pages of "Create the replication instance".

State read (``ReplicationInstanceChoices``): spec. State written: result
(ReplicationInstanceResult, with its public and private IP).
"""

from __future__ import annotations

from collections.abc import Coroutine, Mapping
from typing import Any

from core.flows.context import FlowContext
from core.flows.replication_instance import (
    ReplicationInstanceFlow,
    ReplicationInstanceResult,
)
from core.flows.shape import render_plan
from gui.wizards.base import FlowWizard
from gui.wizards.cleanup_offer import CreationPage
from gui.wizards.replication_instance.choices import ReplicationInstanceChoices
from gui.wizards.text_pages import ReviewPage, SummaryPage

__all__ = [
    "WIZARD",
    "CreateReplicationPage",
    "ReplicationResultPage",
    "ReviewReplicationPage",
]

WIZARD = "replication-instance"


def review_text(wizard: FlowWizard[ReplicationInstanceChoices]) -> str:
    spec = wizard.state.spec
    assert spec is not None, "the form pages come first"
    return "\n\n".join(
        [
            *render_plan(wizard.context.door, ReplicationInstanceFlow(spec).plan()),
            f"# Then: wait until {spec.identifier} is available (often 5-10 minutes on AWS)",
        ]
    )


class ReviewReplicationPage(ReviewPage[ReplicationInstanceChoices]):
    def __init__(self) -> None:
        super().__init__(
            "review",
            "Review the replication instance",
            review_text,
            "Nothing has been created yet. Next creates the replication instance with these "
            "AWS commands:",
        )


class CreateReplicationPage(CreationPage[ReplicationInstanceChoices]):
    def __init__(self) -> None:
        super().__init__(
            "create",
            "Creating the replication instance",
            "AWS starts the replication server in your VPC; this often takes 5 to 10 minutes. "
            "You can cancel at any time.",
            WIZARD,
        )

    def creation(self, ctx: FlowContext) -> Coroutine[Any, Any, ReplicationInstanceResult]:
        spec = self.flow.state.spec
        assert spec is not None, "the form pages come first"
        return ReplicationInstanceFlow(spec).run(ctx)

    def on_success(self, result: ReplicationInstanceResult) -> None:
        self.flow.state.result = result


def result_rows(wizard: FlowWizard[ReplicationInstanceChoices]) -> Mapping[str, str]:
    result, spec = wizard.state.result, wizard.state.spec
    assert result is not None and spec is not None, "the creation page comes first"
    return {
        "Public IP": result.public_ip or "(none: not publicly accessible)",
        "Private IP": result.private_ip,
        "Replication instance": f"{result.identifier} ({result.status})",
        "Instance class": spec.instance_class,
        "Storage": f"{spec.allocated_storage} GiB",
        "Subnet group": result.subnet_group,
        "VPC": spec.vpc_id or result.vpc_id,
        "Security groups": ", ".join(result.security_group_ids) or "(the VPC's default)",
        "Next": "Open network access: the target database must accept port 3306 from the "
        "private IP, and your own database from the public IP.",
    }


class ReplicationResultPage(SummaryPage[ReplicationInstanceChoices]):
    def __init__(self) -> None:
        super().__init__("result", "The replication instance is ready", result_rows)
        self.setSubTitle("Your databases must let these addresses in on the MySQL port.")
