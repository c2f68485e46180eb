"""Tour: sync a small site folder to the Sandbox's S3, after a preview of every file."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtWidgets import QWizardPage

from core.aws import S3
from gui.main_window import MainWindow
from gui.tours.base import Shooter, TourFlow
from gui.tours.driving import PageFiller, drive_wizard
from gui.wizards.folder_sync import FolderSyncWizard
from gui.wizards.folder_sync.choices import FolderSyncChoices
from gui.wizards.folder_sync.choose import ChoosePage

BUCKET = "site-assets"
FILES = {
    "index.html": b"<h1>Books</h1>",
    "css/site.css": b"body { font-family: serif; }",
    "img/cover.png": bytes(range(256)) * 40,
    "cache/tmp.bin": b"left out by a rule",
}


def _fill_choose(folder: Path) -> PageFiller:
    def fill(page: QWizardPage) -> None:
        assert isinstance(page, ChoosePage)
        page.folder.setText(str(folder))
        page.bucket.setCurrentText(BUCKET)
        page.prefix.setText("site")
        page.rules.setPlainText("cache/")

    return fill


async def tour_folder_sync(window: MainWindow, shoot: Shooter) -> None:
    await window.context.door.call(S3.create_bucket, Bucket=BUCKET)
    with tempfile.TemporaryDirectory(prefix="ma-tour-sync-") as name:
        folder = Path(name)
        for rel, data in FILES.items():
            path = folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        wizard = await drive_wizard(
            window,
            shoot,
            "folder-sync",
            fill={"choose": _fill_choose(folder)},
            ready={"choose": lambda page: isinstance(page, ChoosePage) and page.choices_ready},
        )
    assert isinstance(wizard, FolderSyncWizard)
    assert isinstance(wizard.state, FolderSyncChoices)
    result = wizard.state.result
    assert result is not None and result.uploaded == len(FILES) - 1 and not result.failed


TOUR = TourFlow("folder-sync", tour_folder_sync, order=85)
