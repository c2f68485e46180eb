"""The network page of "Create the target database": VPC, DB subnet group, security group
and public access.

State read (``TargetDatabaseChoices``): spec. State written: spec (vpc_id,
subnet_group_name, security_group_ids, new_security_group_name, publicly_accessible).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QCheckBox, QLineEdit, QRadioButton, QVBoxLayout, QWidget

from core.errors import ValidationError
from core.flows.listings import list_db_subnet_groups
from core.flows.network_access import SecurityGroup
from gui.wizards.account_choices import ChoiceBox, widen
from gui.wizards.target_database.choices import TargetDatabaseChoices
from gui.wizards.vpc_placement import VpcPlacementPage

__all__ = ["DatabaseNetworkPage"]


class DatabaseNetworkPage(VpcPlacementPage[TargetDatabaseChoices]):
    def __init__(self) -> None:
        super().__init__(
            (
                "network",
                "Choose where the database lives",
                "The defaults put it in your account's default network, reachable only from "
                "inside AWS.",
            ),
            list_db_subnet_groups,
            "database",
        )
        self.new_group = QRadioButton("Create a new security group named")
        self.new_group_name = QLineEdit()
        self.new_group_name.setAccessibleName("New security group name")
        self.existing_group = QRadioButton("Use an existing security group")
        self.existing_groups = ChoiceBox()
        self.existing_groups.setAccessibleName("Existing security group")
        self.new_group.setChecked(True)
        groups = QWidget()
        column = QVBoxLayout(groups)
        column.setContentsMargins(0, 0, 0, 0)
        for widget in (self.new_group, self.new_group_name, self.existing_group):
            column.addWidget(widget)
        column.addWidget(self.existing_groups)
        self.public = widen(QCheckBox("Give the database a public address"))
        self.add_field(
            "VPC",
            "vpc",
            self.vpc,
            "The private network in AWS the database joins (the default one is preselected).",
        )
        self.add_field(
            "DB subnet group",
            "subnet_group",
            self.subnet_group,
            "Which subnets RDS may use. A new group takes every subnet of the VPC.",
        )
        self.add_field(
            "Security group",
            "security_group",
            groups,
            "The firewall around the database. A new group starts closed; the Network "
            "access step opens port 3306 to the replication instance.",
        )
        self.add_field(
            "Public access",
            "publicly_accessible",
            self.public,
            "Leave it off: DMS reaches the database from inside the VPC. Turn it on only to "
            "connect from your own computer.",
        )
        self.new_group.toggled.connect(self._group_mode_changed)
        self._group_mode_changed()

    def placed_identifier(self) -> str:
        spec = self.flow.state.spec
        assert spec is not None, "the database page comes first"
        return spec.identifier

    def identifier_changed(self, identifier: str) -> None:
        self.new_group_name.setText(f"{identifier}-access")

    def show_security_groups(self, groups: list[SecurityGroup]) -> None:
        self.existing_groups.set_choices(
            [(f"{group.name} ({group.group_id})", group.group_id) for group in groups]
        )

    def _group_mode_changed(self) -> None:
        self.new_group_name.setEnabled(self.new_group.isChecked())
        self.existing_groups.setEnabled(self.existing_group.isChecked())

    def collect(self) -> None:
        if self.new_group.isChecked():
            name = self.new_group_name.text().strip()
            if not name:
                raise ValidationError("security_group", "Enter a name for the new group.")
            if len(name) > 255:
                raise ValidationError("security_group", "The security group name is too long.")

    async def check(self) -> None:
        vpc_id, subnet_group = await self.chosen_placement()
        groups: tuple[str, ...] = ()
        new_name = ""
        if self.new_group.isChecked():
            new_name = self.new_group_name.text().strip()
        else:
            chosen = self.existing_groups.value()
            if not chosen:
                raise ValidationError("security_group", "This VPC has no security group to choose.")
            groups = (str(chosen),)
        spec = self.flow.state.spec
        assert spec is not None, "the database page comes first"
        self.flow.state.spec = replace(
            spec,
            vpc_id=vpc_id,
            subnet_group_name=subnet_group,
            security_group_ids=groups,
            new_security_group_name=new_name,
            publicly_accessible=self.public.isChecked(),
        )
