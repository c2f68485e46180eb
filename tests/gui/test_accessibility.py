"""Every page of every flow card, as a screen-reader or keyboard user meets it: each
visible interactive widget has an accessible name (its own, its buddy label's, or its
text) and is reachable by Tab. The pages are walked as test_escape walks them (each page
shown without preparing it), not through the tour, to stay fast."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QTextEdit,
    QWidget,
)

from gui.flows import available_flows
from gui.keyboard import plain_mnemonic
from gui.main_window import MainWindow
from tests.gui.wizards.test_escape import wizards_of

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QPlainTextEdit,
    QTextEdit,
)


def is_interactive(widget: QWidget) -> bool:
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return not widget.isReadOnly()
    # A combo box's line edit and a spin box's are named through their owner; a table's
    # header and corner button are reached through its table.
    return (
        isinstance(widget, INTERACTIVE)
        and not isinstance(widget, QHeaderView)
        and not isinstance(widget.parentWidget(), QComboBox | QAbstractSpinBox)
        and widget.objectName() != "qt_tableview_cornerbutton"  # a table's, by its table
    )


def buddy_names(root: QWidget) -> dict[QWidget, str]:
    return {label.buddy(): label.text() for label in root.findChildren(QLabel) if label.buddy()}


def tab_reaches(widget: QWidget) -> bool:
    """Tab stops on it; for a radio button, on its group's checked one (Qt's way: the arrow
    keys then move within the group)."""
    if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
        return True
    if not isinstance(widget, QRadioButton):
        return False
    group = widget.group()
    siblings = (
        group.buttons() if group is not None else widget.parentWidget().findChildren(QRadioButton)
    )
    return any(button.focusPolicy() & Qt.FocusPolicy.TabFocus for button in siblings)


def tab_chain(page: QWidget) -> list[QWidget]:
    """The visible, enabled widgets under ``page`` that Tab stops at, in Tab's order."""
    stops: list[QWidget] = []
    widget = page.nextInFocusChain()
    while widget is not None and widget is not page and widget not in stops:
        if (
            page.isAncestorOf(widget)
            and widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        ):
            stops.append(widget)
        widget = widget.nextInFocusChain()
    return stops


def tab_goes_up(page: QWidget, where: str) -> list[str]:
    """Each step of Tab that jumps back up to a widget above, in the same column."""
    found = []
    for before, after in itertools.pairwise(tab_chain(page)):
        upper = before.rect().translated(before.mapTo(page, QPoint(0, 0)))
        lower = after.rect().translated(after.mapTo(page, QPoint(0, 0)))
        same_column = upper.left() < lower.right() and lower.left() < upper.right()
        if lower.bottom() < upper.top() and same_column:
            found.append(
                f"{where}: Tab goes up from {type(before).__name__} "
                f"{before.accessibleName()!r} to {type(after).__name__} {after.accessibleName()!r}"
            )
    return found


def own_text(widget: QWidget) -> str:
    return plain_mnemonic(widget).strip() if isinstance(widget, QAbstractButton) else ""


def problems_of(root: QWidget, where: str) -> list[str]:
    """What is wrong with the visible interactive widgets under ``root``."""
    buddies = buddy_names(root)
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or not is_interactive(widget):
            continue
        what = f"{where}: {type(widget).__name__} {widget.objectName()!r}"
        if not (widget.accessibleName() or buddies.get(widget) or own_text(widget)):
            found.append(f"{what} has no accessible name")
        if not tab_reaches(widget):
            found.append(f"{what} ({widget.accessibleName()!r}) is not reachable by Tab")
    return found


def test_home_and_the_window_frame_name_every_control(window: MainWindow) -> None:
    problems = problems_of(window, "home")
    assert not problems, "\n".join(problems)


def test_every_page_of_every_card_names_every_control_and_tab_reaches_it_in_order(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    found: list[str] = []
    visited = 0
    for card in available_flows():
        opened = window.open_flow(card)
        found += problems_of(window, card.key)
        wizards = wizards_of(opened)
        if not wizards:  # a wizard's Tab wraps from its buttons to its page: seen per page
            found += tab_goes_up(opened, card.key)
            continue
        wizard = wizards[0]
        for page_id in wizard.pageIds():
            monkeypatch.setattr(type(wizard.page(page_id)), "initializePage", lambda _s: None)
        for page_id in wizard.pageIds():
            wizard.setStartId(page_id)
            wizard.restart()
            page: Any = wizard.currentPage()
            where = f"{card.key}/{page.objectName()}"
            found += problems_of(window, where) + tab_goes_up(page, where)
            visited += 1
    assert visited > 30
    problems = sorted(set(found))
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_a_field_is_named_by_its_label_as_buddy_and_described_by_its_hint(
    window: MainWindow,
) -> None:
    card = next(card for card in available_flows() if card.key == "check-source")
    page = window.open_flow(card)
    host = page.findChild(QLineEdit, "host")
    assert host is not None
    assert host.accessibleName() == "Server"
    assert "as this computer reaches it" in host.accessibleDescription()
    assert buddy_names(page)[host] == "Server:"
    password = page.findChild(QLineEdit, "password")
    assert password is not None and "keyring" in password.accessibleDescription()


def test_each_home_card_button_says_which_flow_it_opens(window: MainWindow) -> None:
    names = {key: button.accessibleName() for key, button in window.home.buttons.items()}
    titles = {card.key: card.title for card in available_flows()}
    assert names == {key: f"Open: {title}" for key, title in titles.items()}
    assert len(set(names.values())) == len(names)
