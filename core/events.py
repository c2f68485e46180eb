"""Progress and status events that long work emits, and the sink protocol that receives them.

A core operation never touches widgets: it calls its sink with these frozen dataclasses.
The GUI turns them into Qt signals (``gui.runner``); commands print them to stderr.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol, TypeVar

from core.errors import MigrationAssistantError

__all__ = [
    "Event",
    "EventSink",
    "Failed",
    "Note",
    "Progress",
    "RecordingSink",
    "Reporter",
    "StatusChanged",
    "StepFinished",
    "StepStarted",
    "WasCancelled",
    "discard",
]

E = TypeVar("E")


@dataclass(frozen=True)
class StepStarted:
    """``typical`` says how long the step usually takes ("usually 5 to 10 minutes"), for the
    AWS waits whose length only AWS decides; empty when not known."""

    step: str
    title: str
    typical: str = ""


@dataclass(frozen=True)
class Progress:
    """``done`` of ``total`` ``unit`` (total None when unknown). ``done`` may go down:
    a retried part takes its bytes back."""

    step: str
    done: float
    total: float | None
    unit: str = ""
    rate: float | None = None
    eta_seconds: float | None = None

    @property
    def fraction(self) -> float | None:
        if not self.total:
            return None
        return max(0.0, min(1.0, self.done / self.total))


@dataclass(frozen=True)
class StatusChanged:
    """A resource moved to ``status``; ``meaning`` says in plain words what that is."""

    subject: str
    status: str
    previous: str | None = None
    meaning: str = ""


@dataclass(frozen=True)
class StepFinished:
    step: str
    summary: str = ""


@dataclass(frozen=True)
class Failed:
    error: MigrationAssistantError


@dataclass(frozen=True)
class WasCancelled:
    what: str = ""


@dataclass(frozen=True)
class Note:
    """A line for the activity log that is not progress (e.g. why we are waiting)."""

    text: str


Event = StepStarted | Progress | StatusChanged | StepFinished | Failed | WasCancelled | Note


class EventSink(Protocol):
    def __call__(self, event: Event, /) -> None: ...


def discard(event: Event, /) -> None:
    """A sink for callers that do not watch progress."""


class RecordingSink:
    """Keeps every event; for tests and for the headless commands' summaries."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def __call__(self, event: Event, /) -> None:
        self.events.append(event)

    def of_type(self, kind: type[E]) -> list[E]:
        return [event for event in self.events if isinstance(event, kind)]


class Reporter:
    """Convenience over a sink so flows read as their steps."""

    def __init__(self, sink: EventSink) -> None:
        self.sink = sink

    @contextmanager
    def step(self, step: str, title: str, typical: str = "") -> Iterator[None]:
        self.sink(StepStarted(step, title, typical))
        yield
        self.sink(StepFinished(step))

    def progress(self, step: str, done: float, total: float | None, unit: str = "") -> None:
        self.sink(Progress(step, done, total, unit))

    def status(self, subject: str, status: str, previous: str | None, meaning: str = "") -> None:
        self.sink(StatusChanged(subject, status, previous, meaning))

    def note(self, text: str) -> None:
        self.sink(Note(text))
