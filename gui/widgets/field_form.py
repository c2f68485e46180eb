"""Forms whose fields each show their problem right under them (dialogs; wizard pages
build their rows with ``field_column`` too)."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QLayout, QVBoxLayout, QWidget

__all__ = ["FieldForm", "field_column", "labelled"]


def labelled(control: QWidget, label: str, hint: str = "") -> QLabel:
    """The row label of ``control``, as its buddy: a screen reader names the field by it
    (and reads the hint shown under it as its description), a click on it focuses it."""
    if not label:
        return QLabel()  # a field wide as the form, whose widgets name themselves
    if control.focusPolicy() == Qt.FocusPolicy.NoFocus:
        # A row of widgets (a field and its button): the label names its first field.
        inner = [child for child in control.findChildren(QWidget) if child.focusPolicy()]
        control = inner[0] if inner else control
    label_widget = QLabel(label)
    label_widget.setBuddy(control)
    control.setAccessibleName(label.replace("&", "").rstrip(": "))
    if hint:
        control.setAccessibleDescription(hint)
    return label_widget


def field_column(control: QWidget | QLayout, hint: str = "") -> tuple[QVBoxLayout, QLabel]:
    """``control``, its ``hint`` under it, and under both its message line (hidden)."""
    message = QLabel()
    message.setObjectName("fieldError")
    message.setWordWrap(True)
    message.hide()
    column = QVBoxLayout()
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    if isinstance(control, QWidget):
        column.addWidget(control)
    else:
        column.addLayout(control)
    if hint:
        note = QLabel(hint)
        note.setObjectName("fieldHint")
        note.setWordWrap(True)
        column.addWidget(note)
    column.addWidget(message)
    return column, message


class FieldForm(QFormLayout):
    """Rows of label, widget, optional hint and a message line shown when the field is bad.

    Attributes:
        messages: field name -> its message line (hidden while the field is fine).
    """

    def __init__(self) -> None:
        super().__init__()
        self.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.messages: dict[str, QLabel] = {}

    def add_field(self, label: str, field: str, control: QWidget | QLayout, hint: str = "") -> None:
        column, self.messages[field] = field_column(control, hint)
        if isinstance(control, QWidget):
            self.addRow(labelled(control, label, hint), column)
        else:
            self.addRow(label, column)

    def show_problems(self, problems: Mapping[str, str]) -> None:
        """Show each field's message; hide the others'."""
        for field, message in self.messages.items():
            message.setText(problems.get(field, ""))
            message.setVisible(field in problems)

    def shown(self) -> dict[str, str]:
        """Field -> message for every message on screen (tests read it)."""
        return {field: label.text() for field, label in self.messages.items() if label.text()}
