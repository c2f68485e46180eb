"""Run a long core operation through the window's background work and turn its events into
signals.

Core operations take an ``EventSink``; the runner passes one that re-emits each event as a Qt
signal, so pages only connect signals to widgets. The task itself is a job of
``BackgroundWork`` (gui/tasks.py), owned by the runner: ``work.running()`` lists it, the leave
guard refuses to leave its page while it runs, and it is cancelled if the runner goes away.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWizardPage

from core.errors import MigrationAssistantError, OperationCancelled
from core.events import Event, EventSink
from gui.tasks import BackgroundWork

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
        # The work the last operation was started with (pages get it from their context
        # only once they are in the window, after they built their runner).
        self._work: BackgroundWork | None = None
        # What it does, for "… is still running" (a wizard page's title is used otherwise).
        self.title = title

    @property
    def busy(self) -> bool:
        """Running, or cancelled and still cleaning up (``cancelled`` not emitted yet)."""
        return self._work is not None and bool(self._work.running(self))

    def job_name(self) -> str:
        """What the operation is called in "… is still running": the runner's title, else
        its wizard page's."""
        page = self.parent()
        page_title = page.title() if isinstance(page, QWizardPage) else ""
        return self.title or page_title or "An operation"

    def start(
        self, work: BackgroundWork, factory: OperationFactory
    ) -> asyncio.Task[Callable[[], None]]:
        """Start ``factory(sink)`` as a job of ``work``; returns the task (tests await it)."""
        if self.busy:
            raise RuntimeError("an operation is already running")
        self._work = work
        task = work.start(self._run(factory), owner=self, name=self.job_name(), blocks_leaving=True)
        # After the work's own callback has let go of the job: a "Try again" pressed on the
        # failure finds the runner idle.
        task.add_done_callback(self._announce)
        self.busy_changed.emit(True)
        return task

    def cancel(self) -> None:
        if self._work is not None:
            self._work.cancel(self)

    async def wait(self) -> None:
        if self._work is not None:
            await self._work.idle(self)

    async def _run(self, factory: OperationFactory) -> Callable[[], None]:
        """The operation; what to announce once its job has ended."""
        try:
            result = await factory(self.core_event.emit)
        except (asyncio.CancelledError, OperationCancelled):
            return self.cancelled.emit
        except MigrationAssistantError as error:
            log.warning("operation failed: %s | %s", error.plain(), error.details)
            return partial(self.failed.emit, error)
        except Exception as error:
            log.exception("operation crashed")
            crash = MigrationAssistantError(
                "Something went wrong inside the app.",
                "Copy the details and report them; your resources are listed on the "
                "Resources page.",
                details=f"{type(error).__name__}: {error}",
            )
            return partial(self.failed.emit, crash)
        return partial(self.succeeded.emit, result)

    def _announce(self, done: asyncio.Task[Callable[[], None]]) -> None:
        self.busy_changed.emit(False)
        # Cancelled before its first step, the operation never ran to say so itself.
        if done.cancelled():
            self.cancelled.emit()
        else:
            done.result()()


def events_of(runner: OperationRunner) -> list[Event]:
    """Collect a runner's events into a list (tests and the tour)."""
    seen: list[Event] = []
    runner.core_event.connect(seen.append)
    return seen
