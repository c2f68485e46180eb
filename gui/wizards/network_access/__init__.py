"""Wizard "Open network access": TCP 3306 into the target database from the replication
instance, and the steps for the on-premises source.

Pages (object names) and the ``wizard.state`` keys they share:
    choose (ChooseAccessPage): writes network_target, network_target_group,
        network_replication, network_source; preselects database / replication_instance
        when an earlier page of the same wizard left them.
    review (ReviewRulePage): shows ``aws ec2 authorize-security-group-ingress``.
    rule (AddRulePage): writes network_rule (RuleResult); an identical rule is left alone.
    onprem (OnPremPage): what the source's admin must change, with a Copy button.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from gui.context import AppContext
from gui.flows import FlowCard
from gui.wizards.base import FlowWizard
from gui.wizards.network_access.pages import ChooseAccessPage
from gui.wizards.network_access.run import WIZARD, AddRulePage, OnPremPage, ReviewRulePage

__all__ = [
    "WIZARD",
    "AddRulePage",
    "ChooseAccessPage",
    "NetworkAccessWizard",
    "OnPremPage",
    "ReviewRulePage",
]


class NetworkAccessWizard(FlowWizard[Any]):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "Open network access", {}, parent)
        self.addPage(ChooseAccessPage())
        self.addPage(ReviewRulePage())
        self.addPage(AddRulePage())
        self.addPage(OnPremPage())


CARD = FlowCard(
    "network-access",
    "Open network access",
    "Let the replication instance reach the target database on port 3306, and get the "
    "steps for your own database server.",
    NetworkAccessWizard,
    order=40,
)
