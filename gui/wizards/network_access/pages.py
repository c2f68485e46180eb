"""The choice page of "Open network access": which database, which replication instance,
and whether the rule names the instance's private IP or its security group.

State read (``NetworkAccessChoices``; optional, to preselect): preselect_database,
preselect_replication_instance. State written: target (DatabaseChoice), replication
(ReplicationInstanceResult), inputs (NetworkAccessInputs: the target's group and the
instance's private IP or its group).
"""

from __future__ import annotations

from PySide6.QtWidgets import QRadioButton, QVBoxLayout, QWidget

from core.errors import ValidationError
from core.flows.listings import DatabaseChoice, list_db_instances, list_replication_instances
from core.flows.network_access import NetworkAccessInputs
from core.flows.replication_instance import ReplicationInstanceResult
from gui.wizards.account_choices import ChoiceBox, widen
from gui.wizards.base import FormPage
from gui.wizards.network_access.choices import NetworkAccessChoices

__all__ = ["ChooseAccessPage"]


class ChooseAccessPage(FormPage[NetworkAccessChoices]):
    def __init__(self) -> None:
        super().__init__(
            "choose",
            "Let the replication instance reach the database",
            "The target database's firewall (its security group) must let the replication "
            "instance in on the MySQL port, 3306.",
        )
        self.database = ChoiceBox()
        self.target_group = ChoiceBox()
        self.replication = ChoiceBox()
        self.by_ip = QRadioButton()
        self.by_group = QRadioButton()
        self.by_ip.setChecked(True)
        sources = widen(QWidget())
        column = QVBoxLayout(sources)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.by_ip)
        column.addWidget(self.by_group)
        self.add_field("Target database", "database", self.database)
        self.add_field(
            "Its security group",
            "target_group",
            self.target_group,
            "The rule is added to this group.",
        )
        self.add_field("Replication instance", "replication_instance", self.replication)
        self.add_field(
            "Allow",
            "rule_source",
            sources,
            "The private IP is the narrowest rule. The security group keeps working if "
            "the instance's address changes (both must be in the same VPC).",
        )
        self.database.currentIndexChanged.connect(self._database_changed)
        self.replication.currentIndexChanged.connect(self._replication_changed)
        self._loaded = False
        self._replication_changed()

    @property
    def choices_ready(self) -> bool:
        return not self.loading_choices and self._loaded

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        super().initializePage()
        door = self.flow.context.door
        self._loaded = False
        self.load_choices("databases", list_db_instances(door), self._show_databases)
        self.load_choices("replication", list_replication_instances(door), self._show_replication)

    def _show_databases(self, found: list[DatabaseChoice]) -> None:
        made = self.flow.state.preselect_database
        self.database.set_choices(
            [(choice.label, choice) for choice in found],
            preferred=next((c for c in found if made and c.identifier == made), None),
        )
        self._loaded = True

    def _show_replication(self, found: list[ReplicationInstanceResult]) -> None:
        made = self.flow.state.preselect_replication_instance
        self.replication.set_choices(
            [(choice.label, choice) for choice in found],
            preferred=next((c for c in found if made and c.identifier == made), None),
        )

    def _database_changed(self) -> None:
        chosen = self.database.value()
        groups = chosen.security_group_ids if isinstance(chosen, DatabaseChoice) else ()
        self.target_group.set_choices([(group, group) for group in groups])

    def _replication_changed(self) -> None:
        chosen = self.replication.value()
        if isinstance(chosen, ReplicationInstanceResult):
            ip = chosen.private_ip or "not known yet"
            group = ", ".join(chosen.security_group_ids) or "it has none"
            has_group = bool(chosen.security_group_ids)
        else:
            ip = group = "choose an instance first"
            has_group = False
        self.by_ip.setText(f"Its private IP address ({ip}), as a /32 rule")
        self.by_group.setText(f"Its security group ({group})")
        self.by_group.setEnabled(has_group)
        if not has_group:
            self.by_ip.setChecked(True)

    async def check(self) -> None:
        await self.choices_loaded()
        database = self.database.value()
        if not isinstance(database, DatabaseChoice):
            raise ValidationError(
                "database",
                "There is no database in this region yet.",
                "Create the target database first (its card is on the home page).",
            )
        group = self.target_group.value()
        if not group:
            raise ValidationError(
                "target_group",
                f"The database {database.identifier} has no security group.",
                "Give it one in the RDS console (Modify > Connectivity).",
            )
        replication = self.replication.value()
        if not isinstance(replication, ReplicationInstanceResult):
            raise ValidationError(
                "replication_instance",
                "There is no replication instance in this region yet.",
                "Create the replication instance first (its card is on the home page).",
            )
        if self.by_ip.isChecked() and not replication.private_ip:
            raise ValidationError(
                "rule_source",
                f"{replication.identifier} has no private IP yet (it is {replication.status}).",
                "Wait until it is available, or choose its security group.",
            )
        if self.by_group.isChecked() and not replication.security_group_ids:
            raise ValidationError(
                "rule_source",
                f"{replication.identifier} has no security group.",
                "Choose its private IP instead.",
            )
        state = self.flow.state
        state.target = database
        state.replication = replication
        # The instance's private IP, or its group.
        state.inputs = (
            NetworkAccessInputs(str(group), private_ip=replication.private_ip)
            if self.by_ip.isChecked()
            else NetworkAccessInputs(str(group), source_group_id=replication.security_group_ids[0])
        )
