"""Labels the pages and wizards share."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

__all__ = ["duration", "plain_label"]


def plain_label(text: str = "", *, name: str = "", selectable: bool = True) -> QLabel:
    """A wrapping label whose text can be selected and copied."""
    label = QLabel(text)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def duration(seconds: float | None) -> str:
    """``1:02:03`` or ``2:03``; '…' while not known."""
    if seconds is None:
        return "…"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
