"""The one owner of background work in the window.

Every coroutine the GUI runs in the background (a picker's listing, a name check, a status
poll, a long operation) is started here, on the qasync loop, with the widget it belongs to.
``BackgroundWork`` keeps a strong reference to each task (asyncio keeps only weak ones),
cancels a widget's tasks when the widget goes away, replaces a keyed task when the same
thing is asked for again, hands results and plain-language errors to the page's callbacks
(never after a cancel), and lets tests wait until nothing runs.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Callable, Coroutine, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from core.errors import MigrationAssistantError

__all__ = ["BackgroundWork", "Job"]

log = logging.getLogger("migration_assistant.gui")

T = TypeVar("T")


@dataclass(eq=False)
class Job:
    """One piece of background work: what it is for (``name``), whose it is (``owner``),
    for work that a newer request replaces its ``key``, and whether its page may not be
    left while it runs (``blocks_leaving``: a long operation that only its own Cancel stops
    cleanly; see gui/leave_guard.py)."""

    name: str
    owner: QObject
    task: asyncio.Task[Any]
    key: Hashable | None = None
    blocks_leaving: bool = False
    # Set by cancel(): nobody wants the result any more, even one already computed.
    cancelled: bool = field(default=False, init=False)


class BackgroundWork(QObject):
    """Starts, tracks, cancels and reports the window's background tasks.

    Signals:
        changed(): a job started or ended (``running()`` tells which are left).
    """

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: list[Job] = []
        self._watched: weakref.WeakSet[QObject] = weakref.WeakSet()

    def start(
        self,
        coroutine: Coroutine[Any, Any, T],
        *,
        owner: QObject,
        name: str,
        key: Hashable | None = None,
        on_result: Callable[[T], None] | None = None,
        on_error: Callable[[MigrationAssistantError], None] | None = None,
        blocks_leaving: bool = False,
    ) -> asyncio.Task[T]:
        """Run ``coroutine`` for ``owner``. A job of the same owner and ``key`` still
        running is cancelled first (its callbacks are skipped). ``on_error`` gets our
        errors; anything else is a bug, logged with its traceback."""
        if key is not None:
            self.cancel(owner, key)
        task = asyncio.ensure_future(coroutine)
        job = Job(name, owner, task, key, blocks_leaving)
        self._jobs.append(job)
        self._watch(owner)

        def finished(done: asyncio.Task[T]) -> None:
            if job in self._jobs:
                self._jobs.remove(job)
            self.changed.emit()
            if job.cancelled or done.cancelled():
                return
            error = done.exception()
            if error is None:
                if on_result is not None:
                    on_result(done.result())
            elif isinstance(error, MigrationAssistantError):
                if on_error is not None:
                    on_error(error)
                else:
                    log.warning("%s failed: %s", name, error.plain())
            else:
                log.error("%s crashed", name, exc_info=error)

        task.add_done_callback(finished)
        self.changed.emit()
        return task

    def _watch(self, owner: QObject) -> None:
        # One connection per owner: its tasks end with it (a closed page reads nothing more).
        if owner in self._watched:
            return
        self._watched.add(owner)
        owner.destroyed.connect(lambda *_: self.cancel(owner))

    def running(self, owner: QObject | None = None) -> list[Job]:
        """Jobs not finished yet, oldest first; only ``owner``'s when given. A job is
        finished once its result was handed over (its task ended a moment before), so a
        page waiting for its listings sees their choices shown."""
        return [job for job in self._jobs if owner is None or job.owner is owner]

    def busy(self, owner: QObject, key: Hashable | None = None) -> bool:
        """``owner`` still waits for a job (the one with ``key``, or any): a cancelled job
        winding down no longer counts here, though ``running()`` lists it until it ends."""
        return any(
            not job.cancelled and (key is None or job.key == key) for job in self.running(owner)
        )

    def cancel(self, owner: QObject | None = None, key: Hashable | None = None) -> None:
        """Cancel ``owner``'s jobs (all of them, or the one with ``key``); every job when
        no owner is given."""
        for job in list(self._jobs):
            if (owner is None or job.owner is owner) and (key is None or job.key == key):
                job.cancelled = True
                job.task.cancel()

    async def idle(self, owner: QObject | None = None) -> None:
        """Return once no job (of ``owner``) runs; jobs started meanwhile are waited for too.
        A job waiting from inside (a page's check waiting for the page's listings) does not
        wait for itself."""
        current = asyncio.current_task()
        while jobs := [job for job in self.running(owner) if job.task is not current]:
            await asyncio.wait([job.task for job in jobs])
