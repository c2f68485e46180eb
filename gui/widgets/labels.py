"""Labels the pages and wizards share."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

__all__ = ["plain_label"]


def plain_label(text: str = "", *, name: str = "", selectable: bool = True) -> QLabel:
    """A wrapping label whose text can be selected and copied."""
    label = QLabel(text)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
