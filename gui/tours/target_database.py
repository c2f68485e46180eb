"""Tour: create the target database, typing only a name and a password."""

from __future__ import annotations

from PySide6.QtWidgets import QWizardPage

from gui.main_window import MainWindow
from gui.tour import Shooter, TourFlow
from gui.tours.driving import drive_wizard
from gui.wizards.target_database import DatabaseSettingsPage
from gui.wizards.widgets_aws import warm_up

TOUR_PASSWORD = "Tour-secret-1"


def fill_database(page: QWizardPage) -> None:
    assert isinstance(page, DatabaseSettingsPage)
    page.identifier.setText("books-db")
    page.database_name.setText("books")
    page.password.setText(TOUR_PASSWORD)
    page.confirmation.setText(TOUR_PASSWORD)


async def tour_target_database(window: MainWindow, shoot: Shooter) -> None:
    await warm_up(window.context.door, ("rds", "ec2"))
    wizard = await drive_wizard(window, shoot, "target-database", fill={"database": fill_database})
    result = wizard.state["database"]
    assert result.status == "available" and result.endpoint


TOUR = TourFlow("target-database", tour_target_database, order=20)
