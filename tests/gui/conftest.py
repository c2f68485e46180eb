"""GUI fixtures: a qasync loop inside pytest-qt, and a main window on the Sandbox.

pytest-qt does not support qasync officially; this is the pattern measured in
shared/facts/qt-keyring-mariadb.md: an 'already running' QEventLoop driven by qtbot's waits.

Both fail a test that leaves work behind (tests/fixtures/leftovers.py): ``window`` a job of
``context.work``, or an asyncio task started past it, still running 10 s after the test
(while the window is still open); ``qasync_loop`` an asyncio task still pending and a loop
timer that would still fire.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator

import pytest
import qasync
from PySide6.QtWidgets import QApplication
from pytestqt.exceptions import TimeoutError as QtBotTimeout
from pytestqt.qtbot import QtBot

from core.credentials import InMemoryStore
from core.paths import AppPaths
from gui.app import create_window
from gui.main_window import MainWindow
from gui.qt_fixes import keep_true_alive
from gui.tasks import BackgroundWork
from tests.fixtures.leftovers import kill_timers, live_timers, unfinished_jobs, unfinished_tasks

_closed_loops: list[qasync.QEventLoop] = []

keep_true_alive()  # the GUI tests emit more signals than PySide6 6.12.0 survives without it

# How long a test's background work may take to end after the test itself (ms).
SETTLE_MS = 10_000


@pytest.fixture
def qasync_loop(qapp: QApplication, qtbot: QtBot) -> Iterator[qasync.QEventLoop]:
    """The loop, and at its end a failure for what the test left on it: a task still
    pending (``window``, when used, has reported and cancelled those already), or a timer
    that would still fire."""
    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    yield loop
    left = unfinished_tasks(loop)
    pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in pending:
        task.cancel()
    qtbot.waitUntil(lambda: all(task.done() for task in pending), timeout=10_000)
    # Worker threads (asyncio.to_thread) still running post their results to the loop when
    # they end: let them end and deliver while the loop exists, or Qt later delivers them to
    # a deleted object and the process crashes in the next test.
    executor = loop._QEventLoop__default_executor  # type: ignore[attr-defined]
    if executor is not None:
        executor.shutdown(wait=True)
        loop.set_default_executor(None)  # type: ignore[arg-type]
        QApplication.processEvents()
    # Callbacks already due (a finished task's done callbacks) run at the next turns.
    with contextlib.suppress(QtBotTimeout):
        qtbot.waitUntil(lambda: not live_timers(loop), timeout=1_000)
    timers = live_timers(loop)
    # What stays is garbage (a cancelled sleep's timer) or the test's fault (failed below);
    # either would fire on a deleted object during a later test and crash the process.
    kill_timers(loop)
    _closed_loops.append(loop)  # keep its QObjects alive until the session ends
    # Undo what already_running=True did, without loop.stop() (it would quit the app).
    loop._QEventLoop__is_running = False  # type: ignore[attr-defined]
    asyncio.events._set_running_loop(None)
    loop.close()
    asyncio.set_event_loop(None)
    if left:
        pytest.fail(
            f"The test left asyncio tasks running: {', '.join(left)}. Start background work "
            "through context.work (gui/tasks.py) and wait for it, or await it in the test."
        )
    if timers:
        pytest.fail(
            f"The test left loop timers that would still fire: {', '.join(timers)}. "
            "Cancel the handle of a call_later when its page goes."
        )


@pytest.fixture
def store() -> InMemoryStore:
    return InMemoryStore()


@pytest.fixture
def window(
    qtbot: QtBot, qasync_loop: qasync.QEventLoop, app_paths: AppPaths, store: InMemoryStore
) -> Iterator[MainWindow]:
    """The window, shown; at the end it fails the test for work left behind."""
    main_window = create_window(app_paths, store, force_sandbox=True, sandbox_pace=0)
    # moto keeps its state per process, not per server: start each test from nothing.
    assert main_window.context.sandbox is not None
    main_window.context.sandbox.reset()
    main_window.show()
    yield main_window
    # Not qtbot.addWidget: pytest-qt would close and delete the window before this runs,
    # and deleting its pages cancels their work, hiding what the test left running.
    left = _settle(qtbot, qasync_loop, main_window.context.work)
    closed: list[bool] = []
    main_window.destroyed.connect(lambda *_: closed.append(True))
    main_window.close()
    main_window.deleteLater()
    qtbot.waitUntil(lambda: bool(closed), timeout=10_000)
    main_window.context.shutdown()
    if left:
        pytest.fail(
            f"The test left background work running after {SETTLE_MS // 1000} s: "
            f"{', '.join(left)}. Wait for it "
            "(qtbot.waitUntil(lambda: not context.work.running(page))), cancel it when its "
            "page is hidden or closed, or start it through context.work if it is not."
        )


def _settle(qtbot: QtBot, loop: qasync.QEventLoop, work: BackgroundWork) -> list[str]:
    """Let ``work`` finish what the test started; then list what still runs (its jobs, and
    tasks started past it) and cancel all of it, so the next test starts clean."""
    with contextlib.suppress(QtBotTimeout):
        qtbot.waitUntil(lambda: not work.running(), timeout=SETTLE_MS)
    left = unfinished_jobs(work) + unfinished_tasks(loop, work)
    work.cancel()
    strays = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in strays:
        task.cancel()
    qtbot.waitUntil(
        lambda: not work.running() and all(task.done() for task in strays), timeout=10_000
    )
    return left
