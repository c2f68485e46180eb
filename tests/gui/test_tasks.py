"""The one owner of background work: results, errors, replacement, cleanup with the page."""

from __future__ import annotations

import asyncio

import qasync
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from core.errors import MigrationAssistantError, NotFound
from gui.tasks import BackgroundWork


async def _answer(value: str, gate: asyncio.Event | None = None) -> str:
    if gate is not None:
        await gate.wait()
    return value


async def _refuse() -> str:
    raise NotFound("No bucket named shop-data.", "Check the name.")


def test_results_and_plain_errors_reach_the_page(
    qtbot: QtBot, qasync_loop: qasync.QEventLoop
) -> None:
    work, page = BackgroundWork(), QObject()
    results: list[str] = []
    errors: list[MigrationAssistantError] = []

    work.start(_answer("books"), owner=page, name="list buckets", on_result=results.append)
    work.start(_refuse(), owner=page, name="find bucket", on_error=errors.append)
    qtbot.waitUntil(lambda: not work.running(), timeout=5_000)

    assert results == ["books"]
    assert [error.message for error in errors] == ["No bucket named shop-data."]


def test_asking_again_for_the_same_thing_replaces_the_older_request(
    qtbot: QtBot, qasync_loop: qasync.QEventLoop
) -> None:
    work, page = BackgroundWork(), QObject()
    gate = asyncio.Event()
    shown: list[str] = []

    first = work.start(
        _answer("old", gate), owner=page, name="subnets", key="vpc", on_result=shown.append
    )
    work.start(_answer("new"), owner=page, name="subnets", key="vpc", on_result=shown.append)
    gate.set()
    qtbot.waitUntil(lambda: not work.running(), timeout=5_000)

    assert first.cancelled()
    assert shown == ["new"]


def test_a_closed_page_has_its_work_cancelled_and_tests_can_wait_for_idle(
    qtbot: QtBot, qasync_loop: qasync.QEventLoop
) -> None:
    work = BackgroundWork()
    page, other = QObject(), QObject()
    shown: list[str] = []
    never = asyncio.Event()

    doomed = work.start(_answer("x", never), owner=page, name="poll", on_result=shown.append)
    work.start(_answer("kept"), owner=other, name="read", on_result=shown.append)
    assert [job.name for job in work.running(page)] == ["poll"]
    page.deleteLater()
    waiting = asyncio.ensure_future(work.idle())
    qtbot.waitUntil(waiting.done, timeout=5_000)

    assert doomed.cancelled()
    assert shown == ["kept"]
    assert work.running() == []


def test_a_page_s_check_waits_for_the_page_s_listings_but_not_for_itself(
    qtbot: QtBot, qasync_loop: qasync.QEventLoop
) -> None:
    work, page = BackgroundWork(), QObject()
    gate = asyncio.Event()
    seen: list[str] = []

    async def check() -> str:
        await work.idle(page)
        return f"checked after {seen}"

    work.start(_answer("vpcs", gate), owner=page, name="vpcs", key="vpcs", on_result=seen.append)
    checking = work.start(check(), owner=page, name="check", key="check", on_result=seen.append)
    assert not checking.done()
    gate.set()
    qtbot.waitUntil(checking.done, timeout=5_000)

    assert seen == ["vpcs", "checked after ['vpcs']"]


def test_a_cancelled_job_delivers_nothing_even_when_it_ends_with_a_result(
    qtbot: QtBot, qasync_loop: qasync.QEventLoop
) -> None:
    work, page = BackgroundWork(), QObject()
    started = asyncio.Event()
    shown: list[str] = []

    async def stubborn() -> str:
        # Like a creation that waits for AWS's answer when cancelled.
        started.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            return "created anyway"
        return "never"

    task = work.start(stubborn(), owner=page, name="create", on_result=shown.append)
    qtbot.waitUntil(started.is_set, timeout=5_000)
    work.cancel(page)
    qtbot.waitUntil(lambda: not work.running(), timeout=5_000)

    assert task.result() == "created anyway"
    assert shown == []
