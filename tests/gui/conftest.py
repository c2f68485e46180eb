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


@pytest.fixture
def qasync_loop(qapp: QApplication, qtbot: QtBot) -> Iterator[qasync.QEventLoop]:
    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    yield loop
    pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in pending:
        task.cancel()
    qtbot.waitUntil(lambda: all(task.done() for task in pending), timeout=10_000)
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
