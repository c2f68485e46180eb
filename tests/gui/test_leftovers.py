"""The GUI fixtures fail a test that leaves work behind; these are the lists they fail on."""

from __future__ import annotations

import asyncio

import qasync
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from gui.main_window import MainWindow
from gui.tasks import BackgroundWork
from tests.fixtures.leftovers import live_timers, unfinished_jobs, unfinished_tasks


def test_a_job_left_running_is_named_with_its_owner_and_a_task_past_the_work_too(
    window: MainWindow, qtbot: QtBot, qasync_loop: qasync.QEventLoop
) -> None:
    work = window.context.work
    page = QObject()
    page.setObjectName("network")
    never = asyncio.Event()

    async def poll_forever() -> None:
        await never.wait()

    work.start(poll_forever(), owner=page, name="network page: vpcs")
    stray = asyncio.ensure_future(poll_forever())

    assert unfinished_jobs(work) == ["job 'network page: vpcs' of QObject 'network'"]
    assert unfinished_tasks(qasync_loop, work) == [
        "task test_a_job_left_running_is_named_with_its_owner_and_a_task_past_the_work_too"
        ".<locals>.poll_forever"
    ]
    never.set()
    qtbot.waitUntil(lambda: not work.running() and stray.done(), timeout=5_000)
    assert unfinished_jobs(work) == []
    assert unfinished_tasks(qasync_loop, work) == []


def test_a_timer_that_would_still_fire_is_listed_and_a_cancelled_sleep_s_is_not(
    qtbot: QtBot, qasync_loop: qasync.QEventLoop
) -> None:
    work, owner = BackgroundWork(), QObject()
    sleeping = work.start(asyncio.sleep(3600), owner=owner, name="wait an hour")
    qtbot.waitUntil(lambda: bool(live_timers(qasync_loop)), timeout=5_000)
    sleeping.cancel()
    qtbot.waitUntil(lambda: not work.running(), timeout=5_000)
    assert live_timers(qasync_loop) == []  # its Qt timer stays, for a cancelled handle

    forgotten = qasync_loop.call_later(3600, print, "too late")

    [timer] = live_timers(qasync_loop)
    assert "print" in timer
    forgotten.cancel()
    assert live_timers(qasync_loop) == []
