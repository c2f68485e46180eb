"""Every long operation shows how long it has run, updated while it runs, with the time left
when its progress tells it and how long the step usually takes (RDS and DMS waits)."""

from __future__ import annotations

import asyncio

from pytestqt.qtbot import QtBot

from core.events import EventSink, Progress, StepStarted
from core.flows.target_database import TYPICAL_DURATION
from gui.main_window import MainWindow
from gui.wizards.base import Operation, ProgressPage
from gui.wizards.flow_wizard import FlowWizard


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class WaitingPage(ProgressPage[None]):
    """A database wait a quarter done, held until ``release`` is set."""

    def __init__(self, clock: Clock) -> None:
        super().__init__("waiting", "Creating the database")
        self.clock = clock
        self.elapsed.clock = clock
        self.release = asyncio.Event()
        self.reported = asyncio.Event()

    def operation(self) -> Operation:
        async def run(sink: EventSink) -> None:
            sink(StepStarted("database", "Create the database", TYPICAL_DURATION))
            sink(Progress("database", 0, 100, "%"))
            self.clock.now += 30
            sink(Progress("database", 25, 100, "%"))
            self.reported.set()
            await self.release.wait()

        return run


def test_elapsed_time_left_and_the_typical_duration_while_it_runs(
    window: MainWindow, qtbot: QtBot
) -> None:
    wizard: FlowWizard[None] = FlowWizard(window.context, "Waiting", None)
    clock = Clock()
    page = WaitingPage(clock)
    wizard.add(page)
    window.pages.addWidget(wizard)
    window.pages.setCurrentWidget(wizard)
    wizard.restart()
    qtbot.waitUntil(page.reported.is_set, timeout=5_000)

    assert page.elapsed.isVisible()
    assert page.elapsed.text() == "Elapsed 0:30 · about 1:30 left · usually 5 to 10 minutes"
    clock.now += 65
    # The label's own one-second tick shows the new time, no event needed.
    qtbot.waitUntil(lambda: page.elapsed.text().startswith("Elapsed 1:35"), timeout=3_000)
    assert "about 0:25 left" in page.elapsed.text()

    page.release.set()
    qtbot.waitUntil(lambda: page.succeeded, timeout=5_000)
    assert page.elapsed.text() == "Took 1:35"
