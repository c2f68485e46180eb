"""Tour: "Migrate a MySQL database" from nothing to Load complete, then the Resources page
deletes everything it created, so the Sandbox is left as it was found."""

from __future__ import annotations

from PySide6.QtWidgets import QWizardPage

from gui.main_window import MainWindow
from gui.tours.base import Shooter, TourFlow
from gui.tours.driving import drive_wizard
from gui.tours.endpoints import TOUR_PASSWORD
from gui.tours.resources import tear_down_everything
from gui.wizards.migrate_mysql.forms import IntroPage, SourcePage, TargetPage
from gui.wizards.monitor import MonitorPage
from gui.wizards.text_pages import SummaryPage


def fill_source(page: QWizardPage) -> None:
    assert isinstance(page, SourcePage)
    page.server.setText("db1.example.com")
    page.password.setText(TOUR_PASSWORD)


def fill_target(page: QWizardPage) -> None:
    assert isinstance(page, TargetPage)
    page.password.setText(TOUR_PASSWORD)
    page.confirmation.setText(TOUR_PASSWORD)


def _intro_checked(page: QWizardPage) -> bool:
    return isinstance(page, IntroPage) and page.checked


def _load_complete(page: QWizardPage) -> bool:
    view = page.view if isinstance(page, MonitorPage) else None
    return view is not None and view.snapshot is not None and view.snapshot.load_complete


async def tour_migrate_mysql(window: MainWindow, shoot: Shooter) -> None:
    wizard = await drive_wizard(
        window,
        shoot,
        "migrate-mysql",
        ready={"intro": _intro_checked, "monitor": _load_complete},
        fill={"source": fill_source, "target": fill_target},
    )
    result = wizard.page_named("result")
    assert isinstance(result, SummaryPage)
    assert result.values["Result"].text() == "Load complete", result.values["Result"].text()
    window.show_home()
    await tear_down_everything(window, shoot)


TOUR = TourFlow("migrate-mysql", tour_migrate_mysql, order=5)
