"""Tour: upload a 40 MiB file in 8 MiB parts to the Sandbox's S3, paused and resumed on the
way, verified."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWizardPage

from core.aws import S3
from gui.main_window import MainWindow
from gui.tours.base import Shooter, TourFlow
from gui.tours.driving import drive_wizard, wait_until
from gui.wizards.upload import UploadChoices, UploadWizard
from gui.wizards.upload.choose import FilePage, SettingsPage
from gui.wizards.upload.progress import UploadProgressPage

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
    # Slow enough (about 3 s) to show the parts moving, and a pause.
    page.bandwidth.setText("16MB")
    # Two at a time, so that parts are still waiting when the tour pauses.
    page.concurrency.setValue(2)


def _progress_page(window: MainWindow) -> UploadProgressPage | None:
    wizard = window.current_page()
    page = wizard.currentPage() if isinstance(wizard, UploadWizard) else None
    return page if isinstance(page, UploadProgressPage) else None


async def _pause_and_resume(window: MainWindow, shoot: Shooter) -> None:
    """While the wizard is driven: pause once a part is confirmed, show the parts in flight
    finishing, then resume."""
    await wait_until(lambda: _progress_page(window) is not None, "the progress page")
    page = _progress_page(window)
    assert page is not None
    await wait_until(lambda: "confirmed" in page.part_states().values(), "a confirmed part")
    page.pause_button.click()
    await wait_until(
        lambda: not {"sending", "hashing"} & set(page.part_states().values()),
        "the parts in flight to finish",
    )
    shoot("paused")
    page.pause_button.click()


async def tour_upload(window: MainWindow, shoot: Shooter) -> None:
    await window.context.door.call(S3.create_bucket, Bucket=BUCKET)
    with tempfile.TemporaryDirectory(prefix="ma-tour-upload-") as folder:
        path = Path(folder) / "books-dump.sql.gz"
        path.write_bytes(os.urandom(SIZE))
        # Pausing runs beside the driving, as the window's work (so tests see it end).
        pausing = window.context.work.start(
            _pause_and_resume(window, shoot), owner=window, name="tour: pause and resume"
        )
        try:
            wizard = await drive_wizard(
                window,
                shoot,
                "upload",
                fill={"file": _fill_file(path), "settings": _fill_settings},
            )
            await pausing
        finally:
            pausing.cancel()
    assert isinstance(wizard.state, UploadChoices)
    assert wizard.state.result is not None and wizard.state.result.verified


TOUR = TourFlow("upload", tour_upload, order=80)
