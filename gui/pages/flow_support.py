"""What the pages share: background calls that survive a closed page, and small widgets.
(The flow context with the right clock is ``AppContext.flow_context``.)"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from core.errors import MigrationAssistantError

__all__ = [
    "plain_label",
    "spawn",
]

log = logging.getLogger("migration_assistant.gui")

T = TypeVar("T")


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
