"""What the pages of part 2 share: a flow context with the right clock, background calls
that survive a closed page, and the small widgets every page uses.

In the Sandbox, statuses change every ``pace`` seconds (0 in tests: at every describe), so
waiting AWS's real poll intervals (2-30 s) would only make a rehearsal slow. There the
flows get a clock whose seconds are shorter; against AWS it is the real clock.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from core.aws import Clock, RealClock
from core.errors import MigrationAssistantError
from core.events import EventSink, discard
from core.flows.context import FlowContext
from gui.context import AppContext

__all__ = [
    "SandboxClock",
    "flow_clock",
    "flow_context",
    "plain_label",
    "spawn",
]

log = logging.getLogger("migration_assistant.gui")

T = TypeVar("T")

# Sandbox seconds per real second when lifecycles are instant (pace 0: tests).
_INSTANT_FACTOR = 0.01


class SandboxClock:
    """Real time, scaled: ``sleep(5)`` sleeps ``5 * factor`` seconds, and ``now()`` runs
    ``1 / factor`` times faster so time-outs scale the same way."""

    def __init__(self, factor: float) -> None:
        if factor <= 0:
            raise ValueError("factor must be positive")
        self.factor = factor

    def now(self) -> float:
        return time.monotonic() / self.factor

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds * self.factor)


def flow_clock(context: AppContext) -> Clock:
    """The clock flows wait with: real against AWS, quicker in the Sandbox (its first poll
    delay of 2 s becomes about one Sandbox stage)."""
    if not context.connection.is_sandbox:
        return RealClock()
    pace = context.sandbox_pace
    return SandboxClock(pace / 2 if pace > 0 else _INSTANT_FACTOR)


def flow_context(context: AppContext, wizard: str, sink: EventSink = discard) -> FlowContext:
    return FlowContext(
        context.door, context.ledger, sink=sink, clock=flow_clock(context), wizard=wizard
    )


def spawn(
    coroutine: Coroutine[Any, Any, T],
    on_result: Callable[[T], None],
    on_error: Callable[[MigrationAssistantError], None] | None = None,
) -> asyncio.Task[T]:
    """Run a short read-only call in the background and hand its result to the page.

    The callbacks are skipped when the task was cancelled (the page closed)."""
    task = asyncio.ensure_future(coroutine)

    def finished(done: asyncio.Task[T]) -> None:
        if done.cancelled():
            return
        error = done.exception()
        if error is None:
            on_result(done.result())
        elif isinstance(error, MigrationAssistantError):
            if on_error is not None:
                on_error(error)
            else:
                log.warning("background call failed: %s", error.plain())
        else:
            log.error("background call crashed", exc_info=error)

    task.add_done_callback(finished)
    return task


def plain_label(text: str = "", *, name: str = "", selectable: bool = True) -> QLabel:
    """A wrapping label whose text can be selected and copied."""
    label = QLabel(text)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
