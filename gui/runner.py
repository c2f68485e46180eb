"""Run a core coroutine as an asyncio task on the qasync loop and turn its events into signals.

Core operations take an ``EventSink``; the runner passes one that re-emits each event as a Qt
signal, so pages only connect signals to widgets.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtCore import QObject, Signal

from core.errors import MigrationAssistantError, OperationCancelled
from core.events import Event, EventSink

__all__ = ["OperationRunner"]

log = logging.getLogger("migration_assistant.gui")

OperationFactory = Callable[[EventSink], Coroutine[Any, Any, Any]]


class OperationRunner(QObject):
    """One long operation at a time, cancellable.

    Signals:
        core_event(object): each core event, in order.
        succeeded(object): the operation's result.
        failed(object): a MigrationAssistantError explaining what went wrong.
        cancelled(): the user cancelled and cleanup has finished.
        busy_changed(bool): running or not.
    """

    core_event = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, title: str = "") -> None:
        super().__init__(parent)
        self._task: asyncio.Task[Any] | None = None
        # What it does, for "… is still running" (a wizard page's title is used otherwise).
        self.title = title

    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self, factory: OperationFactory) -> asyncio.Task[Any]:
        """Start ``factory(sink)`` on the running loop; returns the task (tests await it)."""
        if self.busy:
            raise RuntimeError("an operation is already running")
        self._task = asyncio.get_running_loop().create_task(self._run(factory))
        self.busy_changed.emit(True)
        return self._task

    def cancel(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()

    async def wait(self) -> None:
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)

    async def _run(self, factory: OperationFactory) -> None:
        try:
            result = await factory(self.core_event.emit)
        except asyncio.CancelledError:
            self.cancelled.emit()
        except OperationCancelled:
            self.cancelled.emit()
        except MigrationAssistantError as error:
            log.warning("operation failed: %s | %s", error.plain(), error.details)
            self.failed.emit(error)
        except Exception as error:
            log.exception("operation crashed")
            self.failed.emit(
                MigrationAssistantError(
                    "Something went wrong inside the app.",
                    "Copy the details and report them; your resources are listed on the "
                    "Resources page.",
                    details=f"{type(error).__name__}: {error}",
                )
            )
        else:
            self.succeeded.emit(result)
        finally:
            self.busy_changed.emit(False)


def events_of(runner: OperationRunner) -> list[Event]:
    """Collect a runner's events into a list (tests and the tour)."""
    seen: list[Event] = []
    runner.core_event.connect(seen.append)
    return seen
