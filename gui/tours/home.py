"""Tour: the main window once the Sandbox answered "who am I?"."""

from __future__ import annotations

import asyncio

from gui.main_window import MainWindow
from gui.tours.base import Shooter, TourFlow
from gui.tours.driving import settle


async def tour_home(window: MainWindow, shoot: Shooter) -> None:
    ready = asyncio.Event()
    window.ready.connect(ready.set)
    window.check_identity()
    await ready.wait()
    await settle()
    shoot("home")


TOUR = TourFlow("home", tour_home, order=0)
