"""What the transfer progress pages share: a Pause/Resume button beside Cancel, and the
bytes, rate and time left in words."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QBoxLayout, QLayout, QPushButton, QWidget

from core.events import Progress
from core.transfer import UploadControl, format_size
from gui.widgets.labels import duration

__all__ = ["PauseButton", "rate_line"]


def rate_line(event: Progress, paused: bool) -> str:
    """ "3.0 MiB of 12.0 MiB — 1.5 MiB/s, about 0:06 left" for a byte progress event."""
    rate = f"{format_size(event.rate)}/s" if event.rate else "…"
    left = "paused" if paused else f"{rate}, about {duration(event.eta_seconds)} left"
    return f"{format_size(max(event.done, 0))} of {format_size(event.total or 0)} — {left}"


class PauseButton(QPushButton):
    """Pauses and resumes the control ``current()`` gives (a new one per run)."""

    def __init__(self, current: Callable[[], UploadControl], name: str) -> None:
        super().__init__("Pause")
        self.setAccessibleName(name)
        self._current = current
        self.clicked.connect(self.toggle)

    def toggle(self) -> None:
        control = self._current()
        if control.paused:
            control.resume()
            self.setText("Pause")
        else:
            control.pause()
            self.setText("Resume")

    def place_before(self, layout: QLayout | None, cancel: QWidget) -> None:
        """Into the row of ``layout`` that holds ``cancel``, just before it."""
        assert layout is not None
        for index in range(layout.count()):
            item = layout.itemAt(index)
            row = item.layout() if item is not None else None
            if isinstance(row, QBoxLayout) and row.indexOf(cancel) >= 0:
                row.insertWidget(row.indexOf(cancel), self)
                return
