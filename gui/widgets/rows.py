"""A row of widgets for one form field: the main one stretches, the others (a Browse or
Create button) keep their size."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QWidget

__all__ = ["side_by_side"]


def side_by_side(main: QWidget, *others: QWidget) -> QWidget:
    row = QWidget()
    line = QHBoxLayout(row)
    line.setContentsMargins(0, 0, 0, 0)
    line.addWidget(main, 1)
    for widget in others:
        line.addWidget(widget)
    return row
