"""The form pages of "Create the replication instance": the server, and its network.

State written (``ReplicationInstanceChoices``): spec (ReplicationInstanceSpec; the network
page completes it).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QCheckBox, QLineEdit, QSpinBox

from core.aws import AwsDoor
from core.errors import ValidationError
from core.flows import input_checks as check
from core.flows.listings import list_replication_subnet_groups
from core.flows.network_access import SecurityGroup
from core.flows.offerings import (
    DEFAULT_REPLICATION_CLASS,
    list_replication_classes,
    list_replication_engine_versions,
)
from core.flows.replication_instance import (
    ReplicationInstanceSpec,
    validate_replication_spec,
)
from gui.wizards.account_choices import ChoiceBox, offered, widen
from gui.wizards.base import FormPage
from gui.wizards.replication_instance.choices import ReplicationInstanceChoices
from gui.wizards.vpc_placement import VpcPlacementPage

__all__ = [
    "ReplicationNetworkPage",
    "ReplicationServerPage",
    "replication_classes",
    "replication_offers",
    "replication_versions",
]

DEFAULT_VERSION_LABEL = "Default (the version AWS recommends)"


async def replication_classes(door: AwsDoor) -> list[str]:
    return await offered(door, "dms-classes", lambda: list_replication_classes(door))


async def replication_versions(door: AwsDoor) -> list[str]:
    return await offered(door, "dms-versions", lambda: list_replication_engine_versions(door))


async def replication_offers(door: AwsDoor) -> None:
    """Read what DMS offers here once, ahead of the page (the tour does)."""
    await replication_classes(door)
    await replication_versions(door)


class ReplicationServerPage(FormPage[ReplicationInstanceChoices]):
    """Identifier, description, class, storage and engine version."""

    def __init__(self) -> None:
        super().__init__(
            "instance",
            "Create the replication instance",
            "AWS DMS copies your data through this server. Give it a name; the defaults fit "
            "most databases.",
        )
        self.identifier = QLineEdit()
        self.identifier.setPlaceholderText("e.g. books-replication")
        self.description = QLineEdit()
        self.description.setPlaceholderText("e.g. Copies the books database to RDS (optional)")
        self.instance_class = ChoiceBox()
        self.storage = widen(QSpinBox())
        self.storage.setRange(0, 100_000)
        self.storage.setSuffix(" GiB")
        self.storage.setValue(10)
        self.engine_version = ChoiceBox()
        self.add_field(
            "Identifier",
            "identifier",
            self.identifier,
            "Letters, digits and hyphens, starting with a letter (at most 63).",
        )
        self.add_field("Description", "description", self.description)
        self.add_field(
            "Instance class",
            "instance_class",
            self.instance_class,
            f"{DEFAULT_REPLICATION_CLASS} suits most migrations; larger classes copy faster "
            "and cost more.",
        )
        self.add_field(
            "Storage",
            "allocated_storage",
            self.storage,
            "Holds logs and changes waiting to be applied; 10 GiB suits most migrations.",
        )
        self.add_field("Engine version", "engine_version", self.engine_version)

    @property
    def choices_ready(self) -> bool:
        return bool(self.instance_class.count()) and not self.loading_choices

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        super().initializePage()
        door = self.flow.context.door
        if not self.instance_class.count():
            self.load_choices(
                "classes",
                replication_classes(door),
                lambda classes: self.instance_class.set_choices(
                    [(name, name) for name in classes], preferred=DEFAULT_REPLICATION_CLASS
                ),
            )
        if not self.engine_version.count():
            self.load_choices(
                "versions",
                replication_versions(door),
                lambda versions: self.engine_version.set_choices(
                    [(DEFAULT_VERSION_LABEL, ""), *((v, v) for v in versions)]
                ),
            )

    def collect(self) -> None:
        identifier = check.validate_dms_identifier(self.identifier.text(), "replication_instance")
        check.validate_replication_storage(self.storage.value())
        description = self.description.text().strip()
        if len(description) > 256:
            raise ValidationError("description", "The description is longer than 256 characters.")
        self.flow.state.spec = ReplicationInstanceSpec(
            identifier, description=description, allocated_storage=self.storage.value()
        )

    async def check(self) -> None:
        await self.choices_loaded()
        chosen = self.instance_class.value()
        if not chosen:
            raise ValidationError("instance_class", "Choose an instance class.")
        collected = self.flow.state.spec
        assert collected is not None, "collect() made it"
        spec = validate_replication_spec(
            replace(
                collected,
                instance_class=str(chosen),
                engine_version=str(self.engine_version.value() or ""),
            )
        )
        await check.ensure_dms_name_free(
            self.flow.context.door, "replication_instance", spec.identifier
        )
        self.flow.state.spec = spec


class ReplicationNetworkPage(VpcPlacementPage[ReplicationInstanceChoices]):
    """VPC, replication subnet group, public access and security group."""

    def __init__(self) -> None:
        super().__init__(
            (
                "network",
                "Choose the replication instance's network",
                "Put it in the same VPC as the target database. The defaults work for most setups.",
            ),
            list_replication_subnet_groups,
            "replication instance",
        )
        self.public = widen(QCheckBox("Give it a public IP address"))
        self.public.setChecked(True)
        self.security_group = ChoiceBox()
        self.add_field(
            "VPC",
            "vpc",
            self.vpc,
            "The private network in AWS it joins; choose the target database's VPC.",
        )
        self.add_field(
            "Replication subnet group",
            "subnet_group",
            self.subnet_group,
            "Which subnets DMS may use. A new group takes every subnet of the VPC.",
        )
        self.add_field(
            "Public access",
            "publicly_accessible",
            self.public,
            "Keep it on: DMS reaches your own (on-premises) database over the internet from "
            "this address. Turn it off only with a VPN or Direct Connect.",
        )
        self.add_field(
            "Security group",
            "security_group",
            self.security_group,
            "The firewall around the replication instance. The VPC's default group is fine.",
        )

    def placed_identifier(self) -> str:
        spec = self.flow.state.spec
        assert spec is not None, "the server page comes first"
        return spec.identifier

    def show_security_groups(self, groups: list[SecurityGroup]) -> None:
        default = next((g.group_id for g in groups if g.name == "default"), None)
        self.security_group.set_choices(
            [(f"{g.name} ({g.group_id})", g.group_id) for g in groups], preferred=default
        )

    async def check(self) -> None:
        vpc_id, subnet_group = await self.chosen_placement()
        group = self.security_group.value()
        spec = self.flow.state.spec
        assert spec is not None, "the server page comes first"
        self.flow.state.spec = replace(
            spec,
            vpc_id=vpc_id,
            subnet_group_id=subnet_group,
            publicly_accessible=self.public.isChecked(),
            security_group_ids=(str(group),) if group else (),
        )
