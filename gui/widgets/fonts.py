"""Fonts the window shares."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget

__all__ = ["monospace"]


def monospace(widget: QWidget) -> QWidget:
    """Show ``widget``'s text in a fixed-width font (commands, JSON, logs)."""
    font = QFont("DejaVu Sans Mono")
    font.setStyleHint(QFont.StyleHint.Monospace)
    widget.setFont(font)
    return widget
