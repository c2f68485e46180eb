"""The flows the home page offers. A card appears here only when its flow works: a module
in ``gui.wizards`` or ``gui.pages`` offers one by defining ``CARD``, a ``FlowCard``
(``gui.flow_card``, which those modules import, so this module is imported by none of them)."""

from __future__ import annotations

import importlib
import pkgutil

import gui.pages
import gui.wizards
from gui.flow_card import FlowCard

__all__ = ["FlowCard", "available_flows"]


def available_flows() -> list[FlowCard]:
    """Every ``CARD`` offered by a module of ``gui.wizards`` or ``gui.pages``, by ``order``
    (the order a migration usually goes)."""
    cards: list[FlowCard] = []
    for package in (gui.wizards, gui.pages):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            card = getattr(module, "CARD", None)
            if isinstance(card, FlowCard):
                cards.append(card)
    return sorted(cards, key=lambda card: (card.order, card.key))
