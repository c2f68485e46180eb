"""Enter presses the focused button anywhere in the window (Qt does it only for buttons in
a dialog, and Space only elsewhere): keyboard users expect both."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QPushButton, QToolButton, QWidget

__all__ = ["EnterPressesFocusedButton", "plain_mnemonic", "tab_in_order"]

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class EnterPressesFocusedButton(QObject):
    """An application event filter, living as long as its parent (the main window)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() not in _ENTER or modifiers != Qt.KeyboardModifier.NoModifier:
            return False
        if not isinstance(watched, QPushButton | QToolButton) or watched.isCheckable():
            return False
        if watched is not QApplication.focusWidget() or not watched.isEnabled():
            return False
        watched.click()
        return True


def plain_mnemonic(button: QAbstractButton) -> str:
    """A button's text as read, without its mnemonic marker ("&Connect" -> "Connect")."""
    return button.text().replace("&&", "\0").replace("&", "").replace("\0", "&")


def tab_in_order(*widgets: QWidget) -> None:
    """Tab goes through ``widgets`` in this order (for widgets created after the ones they
    sit above, whose place in the focus chain is therefore later)."""
    for first, second in itertools.pairwise(widgets):
        QWidget.setTabOrder(first, second)
