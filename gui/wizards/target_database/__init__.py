"""Wizard "Create the target database": an RDS MySQL instance, from a template.

Pages (object names) and the fields of ``wizard.state`` (``TargetDatabaseChoices``, in
``choices.py``) they share:
    database (DatabaseSettingsPage): writes template, spec, master_password,
        password_confirmation (memory only; gone after creation).
    server (ServerSizePage): completes spec (class, storage, standby).
    network (DatabaseNetworkPage): completes spec (VPC, subnet group, security group,
        public access).
    review (ReviewDatabasePage): shows ``aws rds create-db-instance`` (password masked).
    create (CreateDatabasePage): writes result (DatabaseResult); Cancel offers to delete
        what it created.
    result (DatabaseResultPage): endpoint, port and how to connect.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from gui.context import AppContext
from gui.flow_card import FlowCard
from gui.wizards.base import FlowWizard
from gui.wizards.target_database.choices import TargetDatabaseChoices
from gui.wizards.target_database.network import DatabaseNetworkPage
from gui.wizards.target_database.run import (
    WIZARD,
    CreateDatabasePage,
    DatabaseResultPage,
    ReviewDatabasePage,
)
from gui.wizards.target_database.settings import DatabaseSettingsPage, ServerSizePage

__all__ = [
    "WIZARD",
    "CreateDatabasePage",
    "DatabaseNetworkPage",
    "DatabaseResultPage",
    "DatabaseSettingsPage",
    "ReviewDatabasePage",
    "ServerSizePage",
    "TargetDatabaseChoices",
    "TargetDatabaseWizard",
]


class TargetDatabaseWizard(FlowWizard[TargetDatabaseChoices]):
    keeps_secrets = True  # the master password

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "Create the target database", TargetDatabaseChoices(), parent)
        self.add(DatabaseSettingsPage())
        self.add(ServerSizePage())
        self.add(DatabaseNetworkPage())
        self.add(ReviewDatabasePage())
        self.add(CreateDatabasePage())
        self.add(DatabaseResultPage())


CARD = FlowCard(
    "target-database",
    "Create the target database",
    "Create an Amazon RDS for MySQL database to move your data into.",
    TargetDatabaseWizard,
    order=20,
)
