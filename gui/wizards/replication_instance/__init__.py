"""Wizard "Create the replication instance": the AWS DMS server that copies the data.

Pages (object names) and the fields of ``wizard.state`` (``ReplicationInstanceChoices``, in
``choices.py``) they share:
    instance (ReplicationServerPage): writes spec (identifier, description, class, storage,
        engine version).
    network (ReplicationNetworkPage): completes spec (VPC, replication subnet group, public
        access, security group).
    review (ReviewReplicationPage): shows ``aws dms create-replication-instance``.
    create (CreateReplicationPage): writes result (ReplicationInstanceResult); Cancel offers
        to delete what it created.
    result (ReplicationResultPage): public and private IP.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from gui.context import AppContext
from gui.flow_card import FlowCard
from gui.wizards.base import FlowWizard
from gui.wizards.replication_instance.choices import ReplicationInstanceChoices
from gui.wizards.replication_instance.pages import ReplicationNetworkPage, ReplicationServerPage
from gui.wizards.replication_instance.run import (
    WIZARD,
    CreateReplicationPage,
    ReplicationResultPage,
    ReviewReplicationPage,
)

__all__ = [
    "WIZARD",
    "CreateReplicationPage",
    "ReplicationInstanceChoices",
    "ReplicationInstanceWizard",
    "ReplicationNetworkPage",
    "ReplicationResultPage",
    "ReplicationServerPage",
    "ReviewReplicationPage",
]


class ReplicationInstanceWizard(FlowWizard[ReplicationInstanceChoices]):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            context, "Create the replication instance", ReplicationInstanceChoices(), parent
        )
        self.add(ReplicationServerPage())
        self.add(ReplicationNetworkPage())
        self.add(ReviewReplicationPage())
        self.add(CreateReplicationPage())
        self.add(ReplicationResultPage())


CARD = FlowCard(
    "replication-instance",
    "Create the replication instance",
    "Create the AWS DMS server that copies your data into the target database.",
    ReplicationInstanceWizard,
    order=30,
)
