"""Helpers for the GUI tests of part 2: run core coroutines on the window's loop, and build
the resources a wizard starts from (fast: a fake clock on the Sandbox at pace 0)."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

from pytestqt.qtbot import QtBot

from core.flows.context import FlowContext
from core.flows.migration_task import MigrationType, TaskResult, TaskSpec, create_task
from core.flows.table_mapping import TableMapping
from gui.main_window import MainWindow
from tests.fixtures.chain import Built, build_all, build_part_one
from tests.fixtures.clock import FakeClock

__all__ = [
    "build_all_in",
    "build_part_one_in",
    "create_task_in",
    "fresh_sandbox",
    "run_coroutine",
]

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


def create_task_in(
    window: MainWindow,
    qtbot: QtBot,
    built: Built,
    identifier: str = "books-full-load",
    migration_type: MigrationType = MigrationType.FULL_LOAD,
    *,
    start: bool = True,
) -> TaskResult:
    spec = TaskSpec(
        identifier=identifier,
        replication_instance_arn=built.instance.arn,
        source_endpoint_arn=built.source.arn,
        target_endpoint_arn=built.target.arn,
        table_mapping=TableMapping.include_all("books"),
        migration_type=migration_type,
    )
    return run_coroutine(qtbot, create_task(spec, _ctx(window, "test-setup"), start=start))
