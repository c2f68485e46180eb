"""Unexpected errors are shown and logged, never a silent death (asyncSlot sends them here)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from types import TracebackType

from PySide6.QtWidgets import QWidget

from core.errors import MigrationAssistantError
from gui.widgets.error_dialog import show_error

__all__ = ["install_excepthook"]

log = logging.getLogger("migration_assistant.gui")

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def install_excepthook(parent: QWidget) -> ExceptHook:
    """Install the hook; returns the previous one so tests can restore it."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        log.error("unhandled error", exc_info=(kind, error, tb))
        if isinstance(error, KeyboardInterrupt):
            previous(kind, error, tb)
            return
        shown = (
            error
            if isinstance(error, MigrationAssistantError)
            else MigrationAssistantError(
                "Something went wrong inside the app.",
                "Your work is saved. Copy the details below when you report it; the app keeps "
                "running.",
                details=f"{kind.__name__}: {error}",
            )
        )
        show_error(shown, parent)

    sys.excepthook = hook
    return previous
