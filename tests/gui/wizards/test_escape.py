"""Esc never hides an embedded wizard (a QWizard is a QDialog, whose Esc would hide it while
its work goes on): on every page of every wizard card, pressed on the wizard or in a field,
the page stays; while a run goes on its Cancel stays in reach. And the wizards' buttons
have stable object names and accessible names."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QPushButton, QWidget, QWizard
from pytestqt.qtbot import QtBot

from core.events import EventSink
from gui.flows import FlowCard, available_flows
from gui.main_window import MainWindow
from gui.wizards.base import Operation, ProgressPage
from gui.wizards.flow_wizard import FlowWizard

WIZARD_BUTTONS = {
    QWizard.WizardButton.NextButton: "wizard-next",
    QWizard.WizardButton.BackButton: "wizard-back",
    QWizard.WizardButton.FinishButton: "wizard-finish",
}


def wizards_of(page: QWidget) -> list[FlowWizard[Any]]:
    if isinstance(page, FlowWizard):
        return [page]
    return list(page.findChildren(FlowWizard))  # a page that holds a wizard


def opened_wizards(window: MainWindow) -> Iterator[tuple[FlowCard, FlowWizard[Any]]]:
    for card in available_flows():
        for wizard in wizards_of(window.open_flow(card)):
            yield card, wizard


def press_escape_everywhere(wizard: FlowWizard[Any]) -> None:
    """Esc on the wizard, then in the page's first text field with the focus in it
    (``QTest.keyClick``, what ``qtbot.keyClick`` calls, typed)."""
    page = wizard.currentPage()
    fields = page.findChildren(QLineEdit) if page is not None else []
    QTest.keyClick(wizard, Qt.Key.Key_Escape)
    if fields:
        fields[0].setFocus()
        QTest.keyClick(fields[0], Qt.Key.Key_Escape)


def test_escape_leaves_every_page_of_every_wizard_where_it_is(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    visited: list[str] = []
    for card, wizard in opened_wizards(window):
        for page_id in wizard.pageIds():
            # Jump to each page without preparing it: its state would come from earlier pages.
            monkeypatch.setattr(type(wizard.page(page_id)), "initializePage", lambda _self: None)
        for page_id in wizard.pageIds():
            wizard.setStartId(page_id)
            wizard.restart()
            assert wizard.currentId() == page_id

            press_escape_everywhere(wizard)

            assert wizard.isVisible(), f"{card.key}: Esc hid page {page_id}"
            assert wizard.currentId() == page_id
            assert window.current_page() is not window.home
            visited.append(f"{card.key}/{wizard.currentPage().objectName()}")
    assert {"target-database/create", "upload/upload", "migrate-mysql/run"} <= set(visited)


class HeldPage(ProgressPage[None]):
    """A run that goes on until ``release`` is set (or it is cancelled)."""

    def __init__(self) -> None:
        super().__init__("held", "Creating the database")
        self.release = asyncio.Event()
        self.started = False

    def operation(self) -> Operation:
        async def run(_sink: EventSink) -> None:
            self.started = True
            await self.release.wait()

        return run


def start_held_page(window: MainWindow, qtbot: QtBot) -> tuple[FlowWizard[None], HeldPage]:
    """A wizard of one HeldPage, open in the window, its run started."""
    wizard: FlowWizard[None] = FlowWizard(window.context, "Held", None)
    page = HeldPage()
    wizard.add(page)
    window.pages.addWidget(wizard)
    window.pages.setCurrentWidget(wizard)
    wizard.restart()
    qtbot.waitUntil(lambda: page.started, timeout=5_000)
    return wizard, page


def test_escape_while_a_run_goes_on_keeps_the_page_and_its_cancel(
    window: MainWindow, qtbot: QtBot
) -> None:
    wizard, page = start_held_page(window, qtbot)

    press_escape_everywhere(wizard)

    cancel = page.findChild(QPushButton, "wizard-cancel")
    assert wizard.isVisible() and wizard.currentPage() is page
    assert cancel is not None and cancel.isVisible() and cancel.isEnabled()
    cancel.click()
    qtbot.waitUntil(lambda: "Cancelled." in page.log.toPlainText(), timeout=5_000)
    assert wizard.isVisible() and page.retry_button.isVisible()


def test_every_wizard_button_has_a_stable_object_name_and_an_accessible_name(
    window: MainWindow,
) -> None:
    for card, wizard in opened_wizards(window):
        for which, name in WIZARD_BUTTONS.items():
            button = wizard.findChild(QPushButton, name)
            assert button is wizard.button(which), f"{card.key}: no {name}"
            assert button.accessibleName(), f"{card.key}: {name} has no accessible name"
        for page_id in wizard.pageIds():
            page = wizard.page(page_id)
            if isinstance(page, ProgressPage):
                assert page.cancel_button.objectName() == "wizard-cancel"
                assert page.retry_button.objectName() == "wizard-retry"
