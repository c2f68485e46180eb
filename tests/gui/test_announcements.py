"""Status changes reach assistive tools: a run's statuses (once per change), its end and
its error, and the status bar's messages are sent as accessibility announcements."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleEvent
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from core.errors import MigrationAssistantError
from core.events import EventSink, StatusChanged
from gui.main_window import MainWindow
from gui.wizards.base import Operation, ProgressPage
from gui.wizards.flow_wizard import FlowWizard


@dataclass(frozen=True)
class Said:
    widget: QWidget
    text: str
    urgent: bool


@pytest.fixture
def said(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Said]]:
    """Every announcement sent through Qt's accessibility update, as it was sent."""
    heard: list[Said] = []

    def record(event: QAccessibleEvent) -> None:
        if isinstance(event, QAccessibleAnnouncementEvent):
            urgent = event.politeness() == QAccessible.AnnouncementPoliteness.Assertive
            widget = event.object()
            assert isinstance(widget, QWidget)
            heard.append(Said(widget, event.message(), urgent))

    monkeypatch.setattr(QAccessible, "updateAccessibility", staticmethod(record))
    yield heard


class StatusPage(ProgressPage[None]):
    """Reports the same status twice, then a new one, then ends (or fails)."""

    def __init__(self, failure: MigrationAssistantError | None = None) -> None:
        super().__init__("statuses", "Creating the database")
        self.failure = failure

    def operation(self) -> Operation:
        async def run(sink: EventSink) -> None:
            for status in ("creating", "creating", "available"):
                sink(StatusChanged("Database shop", status))
            if self.failure is not None:
                raise self.failure

        return run


def run_page(window: MainWindow, qtbot: QtBot, page: StatusPage) -> None:
    wizard: FlowWizard[None] = FlowWizard(window.context, "Statuses", None)
    wizard.add(page)
    window.pages.addWidget(wizard)
    window.pages.setCurrentWidget(wizard)
    with qtbot.waitSignal(page.done, timeout=10_000):
        wizard.restart()


def test_a_run_announces_each_new_status_once_and_its_end(
    window: MainWindow, qtbot: QtBot, said: list[Said]
) -> None:
    page = StatusPage()
    run_page(window, qtbot, page)
    statuses = [s.text for s in said if s.widget is page.status]
    assert statuses == ["Database shop: creating", "Database shop: available"]
    assert Said(page.step_label, "Creating the database: done", False) in said


def test_a_failed_run_announces_its_error_urgently(
    window: MainWindow, qtbot: QtBot, said: list[Said]
) -> None:
    error = MigrationAssistantError("The database could not be created.", "Try another name.")
    page = StatusPage(error)
    run_page(window, qtbot, page)
    assert Said(page.error, error.plain(), True) in said


def test_the_status_bar_announces_its_messages(window: MainWindow, said: list[Said]) -> None:
    window.statusBar().showMessage("Connected as someone")
    assert Said(window.statusBar(), "Connected as someone", False) in said
