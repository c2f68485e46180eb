"""The flows the tour drives, each clicking through its pages like a user would."""

from __future__ import annotations

import asyncio

from PySide6.QtWidgets import QApplication

from gui.main_window import MainWindow
from gui.tour import Shooter, TourFlow

__all__ = ["settle", "tour_flows", "wait_until"]


async def settle() -> None:
    """Let Qt lay out and paint what just changed."""
    for _ in range(3):
        QApplication.processEvents()
        await asyncio.sleep(0)


async def wait_until(
    condition: object, what: str, seconds: float = 120.0, step: float = 0.05
) -> None:
    """Poll ``condition()`` (processing events) until true, or fail naming ``what``."""
    assert callable(condition)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not condition():
        if loop.time() > deadline:
            raise TimeoutError(f"gave up waiting for {what}")
        await asyncio.sleep(step)
    await settle()


async def tour_home(window: MainWindow, shoot: Shooter) -> None:
    ready = asyncio.Event()
    window.ready.connect(ready.set)
    window.check_identity()
    await ready.wait()
    await settle()
    shoot("home")


async def tour_resources(window: MainWindow, shoot: Shooter) -> None:
    window.home.buttons["resources"].click()
    await settle()
    shoot("resources")


def tour_flows() -> list[TourFlow]:
    return [
        TourFlow("home", tour_home),
        TourFlow("resources", tour_resources),
    ]
