"""GUI fixtures: a qasync loop inside pytest-qt, and a main window on the Sandbox.

pytest-qt does not support qasync officially; this is the pattern measured in
shared/facts/qt-keyring-mariadb.md: an 'already running' QEventLoop driven by qtbot's waits.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
import qasync
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from core.credentials import InMemoryStore
from core.paths import AppPaths
from gui.app import create_window
from gui.main_window import MainWindow

_closed_loops: list[qasync.QEventLoop] = []


@pytest.fixture
def qasync_loop(qapp: QApplication, qtbot: QtBot) -> Iterator[qasync.QEventLoop]:
    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    yield loop
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
    # A cancelled sleep or time-out keeps its Qt timer until it would have fired; kill them
    # now, or one fires on a deleted object during a later test and crashes the process.
    timers = loop._timer  # type: ignore[attr-defined]
    callbacks = timers._SimpleTimer__callbacks
    for timer_id in list(callbacks):
        timers.killTimer(timer_id)
    callbacks.clear()
    _closed_loops.append(loop)  # keep its QObjects alive until the session ends
    # Undo what already_running=True did, without loop.stop() (it would quit the app).
    loop._QEventLoop__is_running = False  # type: ignore[attr-defined]
    asyncio.events._set_running_loop(None)
    loop.close()
    asyncio.set_event_loop(None)


@pytest.fixture
def store() -> InMemoryStore:
    return InMemoryStore()


@pytest.fixture
def window(
    qtbot: QtBot, qasync_loop: qasync.QEventLoop, app_paths: AppPaths, store: InMemoryStore
) -> Iterator[MainWindow]:
    main_window = create_window(app_paths, store, force_sandbox=True, sandbox_pace=0)
    # moto keeps its state per process, not per server: start each test from nothing.
    assert main_window.context.sandbox is not None
    main_window.context.sandbox.reset()
    qtbot.addWidget(main_window)
    main_window.show()
    yield main_window
    main_window.context.shutdown()
