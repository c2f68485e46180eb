"""Tour: "Validate migrated data" on two rehearsal MariaDB servers: the demo ``books``
database and a copy lacking one author, so the verdict shows a difference.

The Sandbox's RDS endpoints are not real servers, so the tour starts two throwaway local ones
(MariaDB must be installed; without it the flow stops with a plain message).
"""

from __future__ import annotations

import asyncio

from PySide6.QtWidgets import QWizardPage

from core.database import TableVerdict
from core.database.local_server import (
    DEMO_PASSWORD,
    DEMO_SCHEMA,
    DEMO_USER,
    LocalMariaDB,
    ThrowawayServers,
    start_demo_source,
    start_demo_target,
)
from gui.main_window import MainWindow
from gui.tours.base import Shooter, TourFlow
from gui.tours.driving import PageFiller, drive_wizard
from gui.wizards.validate_data import ValidateDataChoices, ValidateLoginsPage


def fill_logins(source: LocalMariaDB, target: LocalMariaDB) -> PageFiller:
    def fill(page: QWizardPage) -> None:
        assert isinstance(page, ValidateLoginsPage)
        page.source.set_login(source.host, source.port, DEMO_USER, DEMO_PASSWORD)
        page.target.set_login(target.host, target.port, DEMO_USER, DEMO_PASSWORD)
        page.schema_picker.set_schemas([DEMO_SCHEMA])

    return fill


async def tour_validate_data(window: MainWindow, shoot: Shooter) -> None:
    servers = ThrowawayServers()
    try:
        source = await asyncio.to_thread(start_demo_source, servers)
        target = await asyncio.to_thread(start_demo_target, servers)
        wizard = await drive_wizard(
            window, shoot, "validate-data", fill={"logins": fill_logins(source, target)}
        )
        assert isinstance(wizard.state, ValidateDataChoices)
        report = wizard.state.validation_report
        assert report is not None
        verdict = report.table(f"{DEMO_SCHEMA}.authors").verdict
        assert verdict is TableVerdict.ROW_COUNT_DIFFERS, "the demo target lacks one author"
    finally:
        await asyncio.to_thread(servers.close)


TOUR = TourFlow("validate-data", tour_validate_data, order=70)
