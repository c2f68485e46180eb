"""Wizard "Open network access": TCP 3306 into the target database from the replication
instance, and the steps for the on-premises source.

Pages (object names) and the fields of ``wizard.state`` (``NetworkAccessChoices``, in
``choices.py``) they share:
    choose (ChooseAccessPage): writes target, replication, inputs; preselects
        preselect_database / preselect_replication_instance when they are set.
    review (ReviewRulePage): shows ``aws ec2 authorize-security-group-ingress``.
    rule (AddRulePage): writes rule (RuleResult); an identical rule is left alone.
    onprem (OnPremPage): what the source's admin must change, with a Copy button.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from gui.context import AppContext
from gui.flow_card import FlowCard
from gui.wizards.base import FlowWizard
from gui.wizards.network_access.choices import NetworkAccessChoices
from gui.wizards.network_access.pages import ChooseAccessPage
from gui.wizards.network_access.run import WIZARD, AddRulePage, OnPremPage, ReviewRulePage

__all__ = [
    "WIZARD",
    "AddRulePage",
    "ChooseAccessPage",
    "NetworkAccessChoices",
    "NetworkAccessWizard",
    "OnPremPage",
    "ReviewRulePage",
]


class NetworkAccessWizard(FlowWizard[NetworkAccessChoices]):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "Open network access", NetworkAccessChoices(), parent)
        self.add(ChooseAccessPage())
        self.add(ReviewRulePage())
        self.add(AddRulePage())
        self.add(OnPremPage())


CARD = FlowCard(
    "network-access",
    "Open network access",
    "Let the replication instance reach the target database on port 3306, and get the "
    "steps for your own database server.",
    NetworkAccessWizard,
    order=40,
)
