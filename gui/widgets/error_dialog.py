"""Errors as a person should see them: the plain message, what to do, details on request."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from core.errors import MigrationAssistantError

__all__ = ["build_error_dialog", "show_error"]


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
    return box


def show_error(error: MigrationAssistantError, parent: QWidget | None = None) -> QMessageBox:
    """Open the dialog without blocking the event loop; returns it (tests inspect it)."""
    box = build_error_dialog(error, parent)
    box.open()
    return box
