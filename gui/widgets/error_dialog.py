"""Errors as a person should see them: the plain message, what to do, details on request."""

from __future__ import annotations

import math

from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from core.errors import MigrationAssistantError

__all__ = ["build_error_dialog", "fit_to_text", "show_error"]

# A line of a message box reads best at 50 to 80 characters; a box never takes more than
# this share of the screen's width.
_SHORTEST_LINE, _LONGEST_LINE = 50, 80
_SCREEN_SHARE = 0.6


def fit_to_text(box: QMessageBox) -> None:
    """Widen ``box`` for long text. A QMessageBox fixes its own size from a width that
    suits a sentence, so a paragraph of advice wraps into a tall narrow column (or, when
    the text changes, is cut off): its labels get a width that gives lines of 50-80
    characters, so the box grows with what it says; the height follows the wrapped text."""
    labels = [
        label
        for name in ("qt_msgbox_label", "qt_msgbox_informativelabel")
        if (label := box.findChild(QLabel, name)) is not None and label.text()
    ]
    if not labels:
        return
    characters = sum(len(label.text()) for label in labels)
    # About four lines of the longest wrap width before the box grows wider than that.
    per_line = min(_LONGEST_LINE, max(_SHORTEST_LINE, math.ceil(characters / 4)))
    width = labels[0].fontMetrics().averageCharWidth() * per_line
    screen = box.screen()
    if screen is not None:
        width = min(width, int(screen.availableGeometry().width() * _SCREEN_SHARE))
    for label in labels:
        label.setWordWrap(True)
        label.setMinimumWidth(width)


def build_error_dialog(
    error: MigrationAssistantError, parent: QWidget | None = None, title: str = "Problem"
) -> QMessageBox:
    box = QMessageBox(parent)
    box.setObjectName("errorDialog")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(error.message)
    if error.fix:
        box.setInformativeText(error.fix)
    if error.details:
        box.setDetailedText(error.details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    fit_to_text(box)
    return box


def show_error(error: MigrationAssistantError, parent: QWidget | None = None) -> QMessageBox:
    """Open the dialog without blocking the event loop; returns it (tests inspect it)."""
    box = build_error_dialog(error, parent)
    box.open()
    return box
