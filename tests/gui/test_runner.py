"""The runner announces an operation's end only once its job has ended, so whatever the
announcement leads to (Try again, leaving the page) finds the runner idle."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from core.errors import MigrationAssistantError
from gui.runner import OperationRunner
from gui.tasks import BackgroundWork


async def refused(sink: Any) -> None:
    raise MigrationAssistantError("AWS said no.", "Try again.")


async def succeeds(sink: Any) -> str:
    return "made"


def test_starting_again_from_the_failure_signal_runs_the_next_try(
    qasync_loop: object, qtbot: QtBot
) -> None:
    owner = QObject()
    work = BackgroundWork(owner)
    runner = OperationRunner(owner)
    outcomes: list[str] = []

    def try_again(error: MigrationAssistantError) -> None:
        # As the Try again button does when pressed at once.
        outcomes.append(f"failed: busy={runner.busy}")
        runner.start(work, succeeds)

    runner.failed.connect(try_again)
    runner.succeeded.connect(lambda result: outcomes.append(f"succeeded: {result}"))
    runner.start(work, refused)

    qtbot.waitUntil(lambda: len(outcomes) == 2, timeout=5_000)
    assert outcomes == ["failed: busy=False", "succeeded: made"]
    assert work.running() == []


def test_a_run_cancelled_before_its_first_step_says_cancelled(
    qasync_loop: object, qtbot: QtBot
) -> None:
    owner = QObject()
    work = BackgroundWork(owner)
    runner = OperationRunner(owner)
    announced: list[str] = []
    runner.cancelled.connect(lambda: announced.append("cancelled"))
    runner.busy_changed.connect(lambda busy: announced.append(f"busy={busy}"))

    runner.start(work, succeeds)
    runner.cancel()

    qtbot.waitUntil(lambda: "cancelled" in announced, timeout=5_000)
    assert announced == ["busy=True", "busy=False", "cancelled"]
    assert not runner.busy
