"""The menu bar: File > Quit (Ctrl+Q), View > Activity panel and Refresh (F5), Help > README
topics and About with the versions."""

from __future__ import annotations

import platform
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTextBrowser
from pytestqt.qtbot import QtBot

from gui.main_window import MainWindow
from gui.menus import about_text, readme_topics


def menu_titles(window: MainWindow) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def test_the_menu_bar_has_file_edit_view_help_in_that_order(window: MainWindow) -> None:
    assert menu_titles(window) == ["&File", "&Edit", "&View", "&Help"]
    assert window.settings_action.text() == "&Settings…"


def test_ctrl_q_quits(window: MainWindow, qtbot: QtBot) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    QTest.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5_000)


def test_the_activity_panel_hides_and_comes_back_from_the_view_menu(window: MainWindow) -> None:
    toggle = window.menus.activity
    assert toggle.isChecked() and window.activity.isVisible()
    toggle.trigger()
    assert not window.activity.isVisible()
    toggle.trigger()
    assert window.activity.isVisible()


def test_f5_on_home_asks_aws_who_the_connection_is(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: not window.context.work.running(), timeout=10_000)
    window.statusBar().clearMessage()
    with qtbot.waitSignal(window.ready, timeout=10_000):
        QTest.keyClick(window, Qt.Key.Key_F5)
    assert window.statusBar().currentMessage().startswith("Connected as ")


def test_about_names_the_app_python_qt_pyside6_and_boto3_versions(window: MainWindow) -> None:
    text = about_text()
    assert text.startswith("Migration Assistant 0.")
    for part in (
        f"Python {platform.python_version()}",
        f"Qt {qVersion()}",
        f"PySide6 {PySide6.__version__}",
    ):
        assert part in text
    assert "boto3 1." in text
    box = window.menus.show_about()
    assert box.text() == text
    box.close()


def test_help_offers_the_readme_sections(window: MainWindow, tmp_path: Path) -> None:
    topics = window.menus.topics
    assert "What it does today" in topics
    topics["What it does today"].trigger()
    shown = [browser for browser in window.findChildren(QTextBrowser) if browser.isVisible()]
    assert shown and "What it does today" in shown[0].toPlainText()
    assert readme_topics(tmp_path / "missing.md") == {}
