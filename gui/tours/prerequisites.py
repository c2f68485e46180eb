"""Tour: the DMS prerequisites wizard, creating both IAM roles."""

from __future__ import annotations

from gui.main_window import MainWindow
from gui.tours.base import Shooter, TourFlow
from gui.tours.driving import drive_wizard
from gui.wizards.prerequisites import PrerequisitesChoices


async def tour_prerequisites(window: MainWindow, shoot: Shooter) -> None:
    wizard = await drive_wizard(window, shoot, "prerequisites")
    assert isinstance(wizard.state, PrerequisitesChoices)
    result = wizard.state.result
    assert result is not None and result.ready


TOUR = TourFlow("prerequisites", tour_prerequisites, order=10)
