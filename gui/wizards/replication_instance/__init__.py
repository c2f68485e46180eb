"""Wizard "Create the replication instance": the AWS DMS server that copies the data.

Pages (object names) and the ``wizard.state`` keys they share:
    instance (ReplicationServerPage): writes replication_spec (identifier, description,
        class, storage, engine version).
    network (ReplicationNetworkPage): completes replication_spec (VPC, replication subnet
        group, public access, security group).
    review (ReviewReplicationPage): shows ``aws dms create-replication-instance``.
    create (CreateReplicationPage): writes replication_instance (ReplicationInstanceResult);
        Cancel offers to delete what it created.
    result (ReplicationResultPage): public and private IP.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from gui.context import AppContext
from gui.flows import FlowCard
from gui.wizards.base import FlowWizard
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
    "ReplicationInstanceWizard",
    "ReplicationNetworkPage",
    "ReplicationResultPage",
    "ReplicationServerPage",
    "ReviewReplicationPage",
]


class ReplicationInstanceWizard(FlowWizard):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "Create the replication instance", parent)
        self.addPage(ReplicationServerPage())
        self.addPage(ReplicationNetworkPage())
        self.addPage(ReviewReplicationPage())
        self.addPage(CreateReplicationPage())
        self.addPage(ReplicationResultPage())


CARD = FlowCard(
    "replication-instance",
    "Create the replication instance",
    "Create the AWS DMS server that copies your data into the target database.",
    ReplicationInstanceWizard,
    order=30,
)
