"""Helpers for the GUI tests of part 2: run core coroutines on the window's loop, and build
the resources a wizard starts from (fast: a fake clock on the Sandbox at pace 0)."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

from pytestqt.qtbot import QtBot

from core.aws import FakeClock
from core.flows.context import FlowContext
from gui.main_window import MainWindow
from tests.core.flows.chain import Built, build_all, build_part_one

__all__ = ["build_all_in", "build_part_one_in", "fresh_sandbox", "run_coroutine"]

T = TypeVar("T")


def run_coroutine(qtbot: QtBot, coroutine: Coroutine[Any, Any, T], timeout: int = 60_000) -> T:
    """Run ``coroutine`` on the qasync loop the window uses, waiting with qtbot."""
    task = asyncio.ensure_future(coroutine)
    qtbot.waitUntil(task.done, timeout=timeout)
    return task.result()


def fresh_sandbox(window: MainWindow) -> None:
    """Sandbox state lives in the process: start each test from an empty account."""
    sandbox = window.context.sandbox
    assert sandbox is not None
    sandbox.reset()


def _ctx(window: MainWindow, wizard: str) -> FlowContext:
    return FlowContext(window.context.door, window.context.ledger, clock=FakeClock(), wizard=wizard)


def build_part_one_in(window: MainWindow, qtbot: QtBot) -> None:
    """Roles, RDS instance books-db, replication instance books-repl, the 3306 rule."""
    run_coroutine(qtbot, build_part_one(_ctx(window, "test-part-one"), window.context.store))


def build_all_in(window: MainWindow, qtbot: QtBot) -> Built:
    """Part one plus the source and target endpoints."""
    return run_coroutine(qtbot, build_all(_ctx(window, "test-setup"), window.context.store))
