"""The part of a network page every AWS resource in a VPC shares: the VPC (the default one
preselected), a subnet group (an existing one of that VPC, or a new one named after the
resource), and the VPC's security groups, read in the background as the VPC changes."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from core.aws import AwsDoor
from core.errors import ValidationError
from core.flows import input_checks as check
from core.flows.network_access import SecurityGroup, Vpc, list_security_groups, list_vpcs
from gui.wizards.account_choices import ChoiceBox
from gui.wizards.base import FormPage

__all__ = ["VpcPlacementPage"]

SubnetGroupLister = Callable[[AwsDoor, str], Coroutine[Any, Any, list[str]]]
S = TypeVar("S")


class VpcPlacementPage(FormPage[S]):
    """Subclasses add the fields with ``add_field``, show the security groups and say which
    resource they place (``placed_identifier``, from their wizard's state: it names a new
    subnet group "<identifier>-subnets").

    Args:
        list_subnet_groups: the subnet groups of a kind (RDS or DMS) already in a VPC.
        what: the resource in plain words, for "This region has no VPC to put … in".
    """

    def __init__(
        self,
        titles: tuple[str, str, str],
        list_subnet_groups: SubnetGroupLister,
        what: str,
    ) -> None:
        super().__init__(*titles)
        self.vpc = ChoiceBox()
        self.subnet_group = ChoiceBox()
        self.vpc.currentIndexChanged.connect(self._vpc_changed)
        self._list_subnet_groups = list_subnet_groups
        self._what = what
        self._identifier = ""
        self._subnet_groups: list[str] = []

    @property
    def choices_ready(self) -> bool:
        return bool(self.vpc.count()) and not self.loading_choices

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        super().initializePage()
        identifier = self.placed_identifier()
        if identifier != self._identifier:
            self._identifier = identifier
            self.identifier_changed(identifier)
            self._show_subnet_groups(self._subnet_groups)
        if not self.vpc.count():
            self.load_choices("vpcs", list_vpcs(self.flow.context.door), self._show_vpcs)

    def placed_identifier(self) -> str:
        """The identifier of the resource placed, as an earlier page of the wizard chose it."""
        raise NotImplementedError

    def identifier_changed(self, identifier: str) -> None:
        """The resource got a new name on an earlier page: rename what is named after it."""

    def show_security_groups(self, groups: list[SecurityGroup]) -> None:
        raise NotImplementedError

    def _show_vpcs(self, vpcs: list[Vpc]) -> None:
        default = next((vpc.vpc_id for vpc in vpcs if vpc.is_default), None)
        self.vpc.set_choices([(vpc.label, vpc.vpc_id) for vpc in vpcs], preferred=default)

    def _vpc_changed(self) -> None:
        vpc_id = self.vpc.value()
        if not vpc_id:
            return
        door = self.flow.context.door
        # Another VPC's listings replace these (same keys) if the choice changes again.
        self.load_choices(
            "subnet_groups", self._list_subnet_groups(door, vpc_id), self._show_subnet_groups
        )
        self.load_choices("groups", list_security_groups(door, vpc_id), self.show_security_groups)

    def _show_subnet_groups(self, names: list[str]) -> None:
        self._subnet_groups = names
        new = f"Create a new one: {self._identifier}-subnets"
        self.subnet_group.set_choices([(new, ""), *((name, name) for name in names)])

    async def chosen_placement(self) -> tuple[str, str]:
        """The chosen VPC id and subnet group ("" for a new one), once the VPC is known to
        have subnets for a new group."""
        await self.choices_loaded()
        vpc_id = self.vpc.value()
        if not vpc_id:
            raise ValidationError(
                "vpc",
                f"This region has no VPC to put the {self._what} in.",
                "Create a VPC in the VPC console (or pick another region), then try again.",
            )
        subnet_group = str(self.subnet_group.value() or "")
        if not subnet_group:
            await check.ensure_vpc_has_subnets(self.flow.context.door, vpc_id)
        return str(vpc_id), subnet_group
