"""Small screens: at 1024 x 700 and 800 x 600 the window fits (its minimum size is smaller),
pages scroll instead of growing it, no two widgets side by side overlap on the home page and
on every card's pages, and the activity panel collapses to its title row."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from core.settings import ConnectionMode
from gui.app import style_sheet
from gui.main_window import MainWindow
from gui.theme import apply_theme
from tests.gui.test_contrast import themed, walked_pages

__all__ = ["themed"]  # the fixture, used by name

DIRECT = Qt.FindChildOption.FindDirectChildrenOnly
SIZES = [QSize(1024, 700), QSize(800, 600)]


def overlaps(root: QWidget) -> list[str]:
    """Pairs of visible sibling widgets whose rectangles share pixels, anywhere under root."""
    found = []
    for parent in [root, *root.findChildren(QWidget)]:
        if not parent.isVisible():
            continue
        children = [
            child
            for child in parent.findChildren(
                QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
            )
            if child.isVisible() and not child.isWindow()
        ]
        for first, second in itertools.combinations(children, 2):
            shared = first.geometry() & second.geometry()
            if not shared.isEmpty():
                found.append(
                    f"{parent.objectName() or type(parent).__name__}: "
                    f"{first.objectName() or type(first).__name__} and "
                    f"{second.objectName() or type(second).__name__} share "
                    f"{shared.width()}x{shared.height()}"
                )
    return found


@pytest.mark.parametrize("size", SIZES, ids=["1024x700", "800x600"])
def test_the_window_fits_and_nothing_overlaps(
    window: MainWindow,
    themed: QApplication,
    monkeypatch: pytest.MonkeyPatch,
    size: QSize,
) -> None:
    apply_theme(themed, style_sheet(), Qt.ColorScheme.Light)
    # The widest connection bar: a profile, its picker shown.
    window.connection_bar.mode.setCurrentIndex(
        window.connection_bar.mode.findData(ConnectionMode.PROFILE.value)
    )
    window.resize(size)
    problems: list[str] = []
    for where in walked_pages(window, monkeypatch):
        QApplication.processEvents()
        hint = window.minimumSizeHint()
        if hint.width() > size.width() or hint.height() > size.height():
            problems.append(f"{where}: the window needs {hint.width()}x{hint.height()}")
        assert window.size() == size, where
        problems += [f"{where}: {overlap}" for overlap in overlaps(window)]
    assert not problems, "\n".join(problems[:40])


def test_the_activity_panel_collapses_to_its_title_row(window: MainWindow, qtbot: QtBot) -> None:
    window.resize(1024, 700)
    open_height = window.activity.height()
    window.activity.collapse.click()
    qtbot.waitUntil(lambda: window.activity.height() < open_height)
    assert window.activity.collapsed and not window.activity.table.isVisible()
    assert window.activity.collapse.text() == "Show calls"
    window.activity.collapse.click()
    assert not window.activity.collapsed and window.activity.table.isVisible()
