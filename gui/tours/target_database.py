"""Tour: create the target database, typing only a name and a password. It is shop-db:
books-db is the guided flow's, and Sandbox resources live as long as the tour."""

from __future__ import annotations

from PySide6.QtWidgets import QWizardPage

from core.flows.network_access import list_vpcs
from gui.main_window import MainWindow
from gui.tours.base import Shooter, TourFlow
from gui.tours.driving import drive_wizard
from gui.wizards.target_database import DatabaseSettingsPage, TargetDatabaseChoices
from gui.wizards.target_database.settings import engine_versions

TOUR_PASSWORD = "Tour-secret-1"


def fill_database(page: QWizardPage) -> None:
    assert isinstance(page, DatabaseSettingsPage)
    page.identifier.setText("shop-db")
    page.database_name.setText("shop")
    page.password.setText(TOUR_PASSWORD)
    page.confirmation.setText(TOUR_PASSWORD)


async def tour_target_database(window: MainWindow, shoot: Shooter) -> None:
    # The Sandbox's first reads are slow; make them before the pages are shot.
    await engine_versions(window.context.door)
    await list_vpcs(window.context.door)
    wizard = await drive_wizard(window, shoot, "target-database", fill={"database": fill_database})
    assert isinstance(wizard.state, TargetDatabaseChoices)
    result = wizard.state.result
    assert result is not None and result.status == "available" and result.endpoint


TOUR = TourFlow("target-database", tour_target_database, order=20)
