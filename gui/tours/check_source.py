"""Tour: "Check source database" against a rehearsal MariaDB with the demo ``books`` database.

The Sandbox has no MySQL server, so the tour starts a throwaway local one (MariaDB must be
installed; without it the flow stops with a plain message) and stops it at the end.
"""

from __future__ import annotations

import asyncio

from PySide6.QtWidgets import QWizardPage

from core.database import MigrationType
from core.database.local_server import (
    DEMO_PASSWORD,
    DEMO_SCHEMA,
    DEMO_USER,
    LocalMariaDB,
    ThrowawayServers,
    start_demo_source,
)
from gui.main_window import MainWindow
from gui.tours.base import Shooter, TourFlow
from gui.tours.driving import PageFiller, drive_wizard
from gui.wizards.check_source import CheckSourceChoices, SourceLoginPage


def fill_source(server: LocalMariaDB, schemas: str = DEMO_SCHEMA) -> PageFiller:
    """A filler for the connection form: the rehearsal server's address and demo user."""

    def fill(page: QWizardPage) -> None:
        assert isinstance(page, SourceLoginPage)
        page.fields.set_login(server.host, server.port, DEMO_USER, DEMO_PASSWORD)
        page.schema_picker.set_schemas([schemas])
        page.type_radios[MigrationType.FULL_LOAD_AND_CDC].setChecked(True)

    return fill


async def tour_check_source(window: MainWindow, shoot: Shooter) -> None:
    servers = ThrowawayServers()
    try:
        source = await asyncio.to_thread(start_demo_source, servers)
        wizard = await drive_wizard(
            window, shoot, "check-source", fill={"source": fill_source(source)}
        )
        assert isinstance(wizard.state, CheckSourceChoices)
        report = wizard.state.preflight_report
        assert report is not None and report.ready, "the demo source is ready (with a warning)"
    finally:
        await asyncio.to_thread(servers.close)


TOUR = TourFlow("check-source", tour_check_source, order=15)
