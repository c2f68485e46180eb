"""The flows the home page offers. A card appears here only when its flow works: a module
in ``gui.wizards`` or ``gui.pages`` offers one by defining ``CARD``."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from gui.context import AppContext

__all__ = ["FlowCard", "available_flows"]


@dataclass(frozen=True)
class FlowCard:
    """A flow on the home page. ``build`` makes its page (usually a wizard) for the context."""

    key: str
    title: str
    description: str
    build: Callable[[AppContext], QWidget]
    order: int = 100


def available_flows() -> list[FlowCard]:
    """Every ``CARD`` offered by a module of ``gui.wizards`` or ``gui.pages``, by ``order``
    (the order a migration usually goes)."""
    import gui.pages  # noqa: PLC0415 - imported late: pages import this module
    import gui.wizards  # noqa: PLC0415

    cards: list[FlowCard] = []
    for package in (gui.wizards, gui.pages):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            card = getattr(module, "CARD", None)
            if isinstance(card, FlowCard):
                cards.append(card)
    return sorted(cards, key=lambda card: (card.order, card.key))
