"""'Elapsed 1:23 · about 2:10 left · usually 5 to 10 minutes' under a running operation,
updated each second."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QWidget

from core.events import Event, Progress, StepStarted
from core.time_left import TimeLeft
from gui.widgets.labels import duration

__all__ = ["ElapsedLabel"]


class ElapsedLabel(QLabel):
    """Attributes:
    clock: seconds from any fixed point (``time.monotonic``; tests give a fake one).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("elapsedLabel")
        self.clock: Callable[[], float] = time.monotonic
        self._started_at: float | None = None
        self._ended_at: float | None = None
        self._typical = ""
        self._left = TimeLeft()
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self.refresh)
        self.hide()

    def start(self) -> None:
        self._started_at, self._ended_at = self.clock(), None
        self._typical = ""
        self._left = TimeLeft()
        self._ticker.start()
        self.show()
        self.refresh()

    def stop(self) -> None:
        self._ticker.stop()
        if self._started_at is not None and self._ended_at is None:
            self._ended_at = self.clock()
        self.refresh()

    def show_event(self, event: Event) -> None:
        if isinstance(event, StepStarted):
            self._typical = event.typical
        elif isinstance(event, Progress):
            self._left.seen(event, self.clock())
        self.refresh()

    def refresh(self) -> None:
        if self._started_at is None:
            return
        if self._ended_at is not None:
            self.setText(f"Took {duration(self._ended_at - self._started_at)}")
            return
        now = self.clock()
        parts = [f"Elapsed {duration(now - self._started_at)}"]
        left = self._left.seconds(now)
        if left is not None:
            parts.append(f"about {duration(left)} left")
        if self._typical:
            parts.append(self._typical)
        self.setText(" · ".join(parts))
