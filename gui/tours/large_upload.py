"""Tour: upload a 40 MiB file in 8 MiB parts to the Sandbox's S3, verified."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWizardPage

from gui.main_window import MainWindow
from gui.tour import Shooter, TourFlow
from gui.tours.driving import drive_wizard
from gui.wizards.large_upload.choose import FilePage, SettingsPage

BUCKET = "migration-dumps"
SIZE = 40 * 1024 * 1024


def _fill_file(path: Path) -> Callable[[QWizardPage], None]:
    def fill(page: QWizardPage) -> None:
        assert isinstance(page, FilePage)
        page.path.setText(str(path))
        page.bucket.setCurrentText(BUCKET)

    return fill


def _fill_settings(page: QWizardPage) -> None:
    assert isinstance(page, SettingsPage)
    page.part_size.setText("8MiB")


async def tour_upload(window: MainWindow, shoot: Shooter) -> None:
    await window.context.door.call("s3", "create_bucket", Bucket=BUCKET)
    with tempfile.TemporaryDirectory(prefix="ma-tour-upload-") as folder:
        path = Path(folder) / "books-dump.sql.gz"
        path.write_bytes(os.urandom(SIZE))
        wizard = await drive_wizard(
            window,
            shoot,
            "upload",
            fill={"file": _fill_file(path), "settings": _fill_settings},
        )
    assert wizard.state["result"].verified


TOUR = TourFlow("upload", tour_upload, order=80)
