"""Keyboard use: Enter presses the focused button (in the window, not only in dialogs), and
the main actions have mnemonics."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from gui.flows import available_flows
from gui.main_window import MainWindow
from gui.wizards.base import ProgressPage
from tests.gui.wizards.test_escape import opened_wizards, start_held_page


def focus(button: QPushButton, qtbot: QtBot) -> None:
    button.window().activateWindow()
    button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(button.hasFocus, timeout=5_000)


def test_enter_on_a_focused_home_card_button_opens_its_flow(
    window: MainWindow, qtbot: QtBot
) -> None:
    card = available_flows()[0]
    button = window.home.buttons[card.key]
    focus(button, qtbot)
    QTest.keyClick(button, Qt.Key.Key_Return)
    opened = window.current_page()
    assert opened is not None and opened is not window.home
    assert opened.property("flowKey") == card.key


def test_enter_and_the_keypad_enter_press_the_focused_bar_button(
    window: MainWindow, qtbot: QtBot
) -> None:
    pressed: list[bool] = []
    window.connection_bar.who.clicked.connect(lambda: pressed.append(True))
    qtbot.waitUntil(window.connection_bar.who.isEnabled, timeout=10_000)
    focus(window.connection_bar.who, qtbot)
    with qtbot.waitSignal(window.ready, timeout=10_000):
        QTest.keyClick(
            window.connection_bar.who, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier
        )
    assert pressed == [True]


def test_enter_on_a_running_page_s_focused_cancel_cancels_the_run(
    window: MainWindow, qtbot: QtBot
) -> None:
    wizard, page = start_held_page(window, qtbot)
    focus(page.cancel_button, qtbot)
    QTest.keyClick(page.cancel_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Cancelled." in page.log.toPlainText(), timeout=5_000)
    assert wizard.currentPage() is page and page.retry_button.isVisible()


def test_the_main_actions_have_mnemonics(window: MainWindow) -> None:
    bar = window.connection_bar
    assert bar.apply.text() == "&Connect"
    assert all(button.text() == "&Open" for button in window.home.buttons.values())
    for _card, wizard in opened_wizards(window):
        for page_id in wizard.pageIds():
            page = wizard.page(page_id)
            if isinstance(page, ProgressPage):
                assert page.cancel_button.text() == "&Cancel"
                assert page.retry_button.text() == "&Try again"
