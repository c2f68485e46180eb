"""Tour: move a virtual machine. The Sandbox's sample OVA (its disk is stream-optimized but
holds no system) is checked, the checklist ticked, uploaded and imported as an AMI."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWizardPage

from core.sandbox.sample_images import sample_ova
from gui.main_window import MainWindow
from gui.tours.base import Shooter, TourFlow
from gui.tours.driving import drive_wizard
from gui.wizards.vm_import import VmImportChoices
from gui.wizards.vm_import.pages import ChecklistPage, ImagePage

BUCKET = "vm-images"


def _fill_image(path: Path) -> Callable[[QWizardPage], None]:
    def fill(page: QWizardPage) -> None:
        assert isinstance(page, ImagePage)
        page.path.setText(str(path))
        page.bucket.setCurrentText(BUCKET)
        page.description.setText("web01, moved from the old cluster")

    return fill


def _tick_all(page: QWizardPage) -> None:
    assert isinstance(page, ChecklistPage)
    for box in page.boxes.values():
        box.setChecked(True)


async def tour_vm_import(window: MainWindow, shoot: Shooter) -> None:
    with tempfile.TemporaryDirectory(prefix="ma-tour-vm-") as folder:
        image = sample_ova(Path(folder) / "web01.ova")
        wizard = await drive_wizard(
            window,
            shoot,
            "vm-import",
            fill={"image": _fill_image(image), "checklist": _tick_all},
            ready={"image": lambda page: isinstance(page, ImagePage) and page.choices_ready},
        )
    assert isinstance(wizard.state, VmImportChoices)
    assert wizard.state.result is not None and wizard.state.result.completed


TOUR = TourFlow("vm-import", tour_vm_import, order=85)
