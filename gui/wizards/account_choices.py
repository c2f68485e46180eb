"""Picking from what the account has: a drop-down of (label, value) choices that says
"Reading from AWS…" until its listing arrives (pages load it with
``FormPage.load_choices``), filling a plain drop-down with core's listed ``Choice``s, a
helper that lets a field take the form's width, and the per-connection memory of what the
account offers (engine versions, instance classes)."""

from __future__ import annotations

import weakref
from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import Any, TypeVar

from PySide6.QtWidgets import QComboBox, QSizePolicy, QWidget

from core.aws import AwsDoor
from core.flows.listings import Choice

__all__ = ["ChoiceBox", "fill_combo", "offered", "widen"]

W = TypeVar("W", bound=QWidget)
T = TypeVar("T")


def widen(widget: W) -> W:
    """Let a field take the form's width, so the hint under it wraps without clipping."""
    widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return widget


class ChoiceBox(QComboBox):
    """A drop-down of (label, value) pairs; ``value()`` is the chosen pair's value. It says
    "Reading from AWS…" until its choices arrive."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        widen(self)
        self.setPlaceholderText("Reading from AWS…")

    def set_choices(self, choices: Sequence[tuple[str, Any]], preferred: Any = None) -> None:
        """Replace the items, keeping the current value when it is still offered, else
        ``preferred``, else the first item. Announces the new choice once."""
        keep = self.value() if self.count() else preferred
        self.blockSignals(True)
        try:
            self.clear()
            for label, value in choices:
                self.addItem(label, value)
            if not self.select_value(keep) and not self.select_value(preferred):
                self.setCurrentIndex(0 if self.count() else -1)
        finally:
            self.blockSignals(False)
        self.currentIndexChanged.emit(self.currentIndex())

    def value(self) -> Any:
        return self.currentData() if self.currentIndex() >= 0 else None

    def values(self) -> list[Any]:
        return [self.itemData(index) for index in range(self.count())]

    def select_value(self, value: Any) -> bool:
        if value is None:
            return False
        for index in range(self.count()):
            if self.itemData(index) == value:
                self.setCurrentIndex(index)
                return True
        return False


_OFFERS: weakref.WeakKeyDictionary[AwsDoor, dict[Hashable, Any]] = weakref.WeakKeyDictionary()


async def offered(door: AwsDoor, key: Hashable, fetch: Callable[[], Awaitable[T]]) -> T:
    """What an account offers (engine versions, instance classes) does not change while the
    app runs: read it once per connection. A new connection has a new door, so new reads."""
    known = _OFFERS.setdefault(door, {})
    if key not in known:
        known[key] = await fetch()
    result: T = known[key]
    return result


def fill_combo(combo: QComboBox, choices: list[Choice], empty: str) -> None:
    """Put ``choices`` in ``combo`` (data: the ARN); ``empty`` is shown when there are none."""
    combo.clear()
    for choice in choices:
        combo.addItem(choice.label, choice.arn)
    if choices:
        combo.setCurrentIndex(0)
    else:
        combo.setPlaceholderText(empty)
