"""Tour: the Resources page."""

from __future__ import annotations

from gui.main_window import MainWindow
from gui.tour import Shooter, TourFlow
from gui.tours.driving import settle


async def tour_resources(window: MainWindow, shoot: Shooter) -> None:
    window.home.buttons["resources"].click()
    await settle()
    shoot("resources")


TOUR = TourFlow("resources", tour_resources, order=900)
