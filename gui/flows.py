"""The flows the home page offers. A card appears here only when its flow works."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from gui.context import AppContext

__all__ = ["FlowCard", "available_flows"]


@dataclass(frozen=True)
class FlowCard:
    """A flow on the home page. ``build`` makes its page (usually a wizard) for the context."""

    key: str
    title: str
    description: str
    build: Callable[[AppContext], QWidget]


def available_flows() -> list[FlowCard]:
    """The cards, in the order a migration usually goes."""
    from gui.resources_page import ResourcesPage  # noqa: PLC0415 - avoids an import cycle
    from gui.wizards.prerequisites import PrerequisitesWizard  # noqa: PLC0415

    return [
        FlowCard(
            "prerequisites",
            "Prepare your account for DMS",
            "Check and create the two IAM roles AWS Database Migration Service needs.",
            PrerequisitesWizard,
        ),
        FlowCard(
            "resources",
            "Resources created by the app",
            "Everything the app created for this connection, so nothing billed is forgotten.",
            ResourcesPage,
        ),
    ]
