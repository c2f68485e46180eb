"""What every tour module uses: ``TourFlow`` (the ``TOUR`` a module offers) and ``Shooter``.

Kept apart from ``gui.tours.run`` so the tour modules and the package's discovery depend on
these types only, never on the runner that imports the package.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Shooter", "TourFlow"]


@dataclass
class Shooter:
    """Saves numbered screenshots of the main window for one flow."""

    out: Path
    flow: str
    grab: Callable[[Path], bool]
    pages: list[str] = field(default_factory=list)

    def __call__(self, page: str) -> Path:
        path = self.out / f"{self.flow}-{len(self.pages) + 1:02d}-{page}.png"
        if not self.grab(path):
            raise OSError(f"could not save {path}")
        self.pages.append(page)
        return path


@dataclass(frozen=True)
class TourFlow:
    """``drive(window, shoot)`` clicks through the flow; ``order`` places it in the tour."""

    key: str
    drive: Callable[..., Awaitable[None]]
    order: int = 100
