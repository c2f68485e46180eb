"""Light and dark: every text the window shows, on the home page and on every page of every
card, measures 4.5:1 against its background in both colour schemes (WCAG AA), and the focus
ring 3:1 against what it replaces. Measured on the pixels Qt draws (a grab of the window)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from gui.app import style_sheet
from gui.flows import available_flows
from gui.main_window import MainWindow
from gui.theme import (
    SCHEME_VARIABLE,
    apply_theme,
    follow_color_scheme,
    palette_for,
    themed_style_sheet,
)
from gui.wizards.flow_wizard import FlowWizard
from tests.fixtures.contrast import grab_rgb, ring_pixels, text_contrast, visible_rect

SCHEMES = [Qt.ColorScheme.Light, Qt.ColorScheme.Dark]


@pytest.fixture
def themed(qapp: QApplication) -> Iterator[QApplication]:
    """The app as run_app styles it; the test process's plain palette and sheet back afterwards
    (its style is Fusion already, offscreen)."""
    sheet, palette = qapp.styleSheet(), QPalette(qapp.palette())
    yield qapp
    qapp.setPalette(palette)
    qapp.setStyleSheet(sheet)


def shows_text(widget: QWidget) -> bool:
    if isinstance(widget, QLabel):
        return bool(widget.text().strip()) and widget.pixmap().isNull()
    if isinstance(widget, QAbstractButton):
        return bool(widget.text().strip())
    if isinstance(widget, QLineEdit):
        return bool(widget.text() or widget.placeholderText())
    if isinstance(widget, QComboBox):
        return bool(widget.currentText())
    return False


def low_contrast(window: MainWindow, where: str, measured: list[float]) -> list[str]:
    """The texts under 4.5:1 on the page shown; every ratio measured goes into ``measured``."""
    QApplication.processEvents()
    image = grab_rgb(window)
    found = []
    for widget in window.findChildren(QWidget):
        if not (widget.isVisible() and widget.isEnabled() and shows_text(widget)):
            continue
        inset = 0 if isinstance(widget, QLabel) else 3  # inside the border of a box
        ratio = text_contrast(image, widget, window, inset)
        if ratio is not None:
            measured.append(ratio)
        if ratio is not None and ratio < 4.5:
            name = widget.objectName() or type(widget).__name__
            text = getattr(widget, "text", lambda: "")()[:40]
            found.append(f"{where}: {name} {text!r} {ratio:.2f}:1")
    return found


def walked_pages(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The home page, then each card's page; in a wizard each of its pages in turn."""
    yield "home"
    for card in available_flows():
        page = window.open_flow(card)
        wizards: list[FlowWizard[Any]] = (
            [page] if isinstance(page, FlowWizard) else list(page.findChildren(FlowWizard))
        )
        if not wizards:
            yield card.key
        for wizard in wizards:
            for page_id in wizard.pageIds():
                # Each page as it first shows, without the state earlier pages would give it.
                monkeypatch.setattr(
                    type(wizard.page(page_id)), "initializePage", lambda _self: None
                )
            for page_id in wizard.pageIds():
                wizard.setStartId(page_id)
                wizard.restart()
                yield f"{card.key}/{wizard.currentPage().objectName()}"
    window.show_home()


@pytest.mark.parametrize("scheme", SCHEMES, ids=["light", "dark"])
def test_every_text_reads_at_4_5_to_1(
    window: MainWindow,
    themed: QApplication,
    monkeypatch: pytest.MonkeyPatch,
    scheme: Qt.ColorScheme,
) -> None:
    apply_theme(themed, style_sheet(), scheme)
    window.resize(1200, 780)
    failures: list[str] = []
    pages = []
    measured: list[float] = []
    for where in walked_pages(window, monkeypatch):
        pages.append(where)
        failures += low_contrast(window, where, measured)
    assert len(pages) > 20
    assert len(measured) > 10 * len(pages), f"{len(measured)} texts on {len(pages)} pages"
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("scheme", SCHEMES, ids=["light", "dark"])
def test_the_focus_ring_stands_out_at_3_to_1(
    window: MainWindow, themed: QApplication, qtbot: QtBot, scheme: Qt.ColorScheme
) -> None:
    apply_theme(themed, style_sheet(), scheme)
    card_button = window.home.findChildren(QAbstractButton)[0]
    plain_button = window.connection_bar.findChild(QAbstractButton, "who-am-i-button")
    field = window.connection_bar.findChild(QComboBox)
    connect = window.connection_bar.findChild(QAbstractButton, "connect-button")
    targets: list[QWidget] = [w for w in (card_button, connect, plain_button, field) if w]
    assert len(targets) >= 3
    for widget in targets:
        window.setFocus()
        qtbot.waitUntil(lambda: not widget.hasFocus())  # noqa: B023 - waited on at once
        before = grab_rgb(window)
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(widget.hasFocus)
        QApplication.processEvents()
        after = grab_rgb(window)
        rect = visible_rect(widget, window, 0)
        # At least a one-pixel ring all round changes by 3:1.
        perimeter = 2 * (rect.width() + rect.height())
        changed = ring_pixels(before, after, rect, 3.0)
        assert changed >= perimeter, f"{widget.objectName()}: {changed} of {perimeter} pixels"


def test_the_dark_palette_is_dark_and_the_slots_are_all_filled() -> None:
    dark = palette_for(Qt.ColorScheme.Dark)
    assert dark.color(QPalette.ColorRole.Window).lightness() < 60
    assert palette_for(Qt.ColorScheme.Light).color(QPalette.ColorRole.Window).lightness() > 200
    for scheme in SCHEMES:
        assert "@" not in themed_style_sheet(style_sheet(), scheme)


def test_the_window_switches_live_when_the_os_does(
    themed: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(SCHEME_VARIABLE, raising=False)
    stop = follow_color_scheme(themed, style_sheet())
    try:
        themed.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
        assert themed.palette().color(QPalette.ColorRole.Window).lightness() < 60
        themed.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
        assert themed.palette().color(QPalette.ColorRole.Window).lightness() > 200
    finally:
        stop()
