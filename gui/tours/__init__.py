"""Tour flows, one module each, discovered by name. A module offers ``TOUR``; ``base`` holds
the types they share and ``run`` runs the tour (``migration-assistant tour``)."""

from __future__ import annotations

import importlib
import pkgutil

from gui.tours.base import TourFlow

__all__ = ["tour_flows"]


def tour_flows() -> list[TourFlow]:
    """Every module's ``TOUR`` in this package, by its ``order``."""
    found: list[TourFlow] = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        tour = getattr(module, "TOUR", None)
        if isinstance(tour, TourFlow):
            found.append(tour)
    return sorted(found, key=lambda flow: (flow.order, flow.key))
