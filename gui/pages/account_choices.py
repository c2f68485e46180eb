"""Filling a picker with what the account already has (the listings are core's)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from core.flows.listings import Choice

__all__ = ["fill_combo"]


def fill_combo(combo: QComboBox, choices: list[Choice], empty: str) -> None:
    """Put ``choices`` in ``combo`` (data: the ARN); ``empty`` is shown when there are none."""
    combo.clear()
    for choice in choices:
        combo.addItem(choice.label, choice.arn)
    if choices:
        combo.setCurrentIndex(0)
    else:
        combo.setPlaceholderText(empty)
