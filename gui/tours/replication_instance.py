"""Tour: create the replication instance, typing only its name."""

from __future__ import annotations

from PySide6.QtWidgets import QWizardPage

from core.flows.network_access import list_vpcs
from gui.main_window import MainWindow
from gui.tours.base import Shooter, TourFlow
from gui.tours.driving import drive_wizard
from gui.wizards.replication_instance import ReplicationInstanceChoices, ReplicationServerPage
from gui.wizards.replication_instance.pages import replication_offers


def fill_instance(page: QWizardPage) -> None:
    assert isinstance(page, ReplicationServerPage)
    page.identifier.setText("shop-replication")
    page.description.setText("Copies the shop database to RDS")


async def tour_replication_instance(window: MainWindow, shoot: Shooter) -> None:
    # The Sandbox's first reads are slow; make them before the pages are shot.
    await replication_offers(window.context.door)
    await list_vpcs(window.context.door)
    wizard = await drive_wizard(
        window, shoot, "replication-instance", fill={"instance": fill_instance}
    )
    assert isinstance(wizard.state, ReplicationInstanceChoices)
    result = wizard.state.result
    assert result is not None
    assert result.status == "available" and result.public_ip and result.private_ip


TOUR = TourFlow("replication-instance", tour_replication_instance, order=30)
