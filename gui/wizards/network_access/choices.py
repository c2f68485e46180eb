"""What the pages of "Open network access" share: ``wizard.state``."""

from __future__ import annotations

from dataclasses import dataclass

from core.flows.listings import DatabaseChoice
from core.flows.network_access import NetworkAccessInputs, RuleResult
from core.flows.replication_instance import ReplicationInstanceResult

__all__ = ["NetworkAccessChoices"]


@dataclass
class NetworkAccessChoices:
    """Attributes:
    preselect_database, preselect_replication_instance: identifiers the choose page
        preselects when set before it is shown (by a flow that made them; none does yet).
    target: the target database chosen (choose page).
    replication: the replication instance chosen; the on-premises page reads its addresses.
    inputs: the flow's inputs (``NetworkAccessFlow``): the target's security group and the
        instance's private IP or its security group (choose page).
    rule: the rule as the rule page left it (``added`` False when it was already there).
    """

    preselect_database: str = ""
    preselect_replication_instance: str = ""
    target: DatabaseChoice | None = None
    replication: ReplicationInstanceResult | None = None
    inputs: NetworkAccessInputs | None = None
    rule: RuleResult | None = None
