"""Time left of a long operation, from its Progress events: the flow's own estimate when it
gives one (uploads: bytes and rate), else a straight line through how far the step got in
the time it has run (validation rows, teardown resources, a DMS full load's percent)."""

from __future__ import annotations

from core.events import Progress

__all__ = ["TimeLeft"]

# Below this share done, or this many seconds in, a straight-line guess swings too much.
_MIN_FRACTION = 0.02
_MIN_SECONDS = 3.0


class TimeLeft:
    """Feed it each Progress event with the time it arrived (any monotonic clock)."""

    def __init__(self) -> None:
        self._step_since: dict[str, float] = {}
        self._latest: Progress | None = None
        self._latest_at = 0.0

    def seen(self, event: Progress, now: float) -> None:
        self._step_since.setdefault(event.step, now)
        self._latest, self._latest_at = event, now

    def seconds(self, now: float) -> float | None:
        """Seconds left at ``now``; None while it cannot be told."""
        event = self._latest
        if event is None:
            return None
        if event.eta_seconds is not None:
            return max(0.0, event.eta_seconds - (now - self._latest_at))
        fraction = event.fraction
        if fraction is None or fraction >= 1.0:
            return None if fraction is None else 0.0
        ran = self._latest_at - self._step_since[event.step]
        if fraction < _MIN_FRACTION or ran < _MIN_SECONDS:
            return None
        left = ran * (1 - fraction) / fraction - (now - self._latest_at)
        return max(0.0, left)
