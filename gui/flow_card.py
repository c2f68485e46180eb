"""A flow on the home page: what a module of ``gui.wizards`` or ``gui.pages`` offers by
defining ``CARD`` (``gui.flows`` finds them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from gui.context import AppContext

__all__ = ["FlowCard"]


@dataclass(frozen=True)
class FlowCard:
    """A flow on the home page. ``build`` makes its page (usually a wizard) for the context."""

    key: str
    title: str
    description: str
    build: Callable[[AppContext], QWidget]
    order: int = 100
