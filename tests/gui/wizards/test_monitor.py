"""Watching a migration task: Load complete with per-table rows, CDC until stopped, the
controls, and no polling once the page is closed."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from core.flows.migration_task import MigrationType
from gui.main_window import MainWindow
from gui.widgets.labels import duration
from gui.wizards.monitor import ChooseTaskPage, MonitorPage, MonitorWizard
from gui.wizards.monitor_view import TaskMonitorView
from tests.fixtures.window_chain import build_all_in, create_task_in, fresh_sandbox


def open_monitor(window: MainWindow, qtbot: QtBot, identifier: str) -> TaskMonitorView:
    window.home.buttons["monitor"].click()
    wizard = window.current_page()
    assert isinstance(wizard, MonitorWizard)
    choose = wizard.currentPage()
    assert isinstance(choose, ChooseTaskPage)
    qtbot.waitUntil(lambda: choose.loaded, timeout=10_000)
    labels = [choose.tasks.itemText(i) for i in range(choose.tasks.count())]
    choose.tasks.setCurrentIndex(
        next(i for i, label in enumerate(labels) if label.startswith(identifier))
    )
    wizard.next()
    page = wizard.currentPage()
    assert isinstance(page, MonitorPage)
    assert page.view is not None
    return page.view


def _cells(view: TaskMonitorView, row: int) -> list[str]:
    cells = []
    for column in range(view.grid.columnCount()):
        item = view.grid.item(row, column)
        assert item is not None
        cells.append(item.text())
    return cells


def test_full_load_runs_to_load_complete_with_per_table_rows(
    window: MainWindow, qtbot: QtBot
) -> None:
    fresh_sandbox(window)
    built = build_all_in(window, qtbot)
    create_task_in(window, qtbot, built)
    view = open_monitor(window, qtbot, "books-full-load")
    seen: list[str] = []
    view.snapshot_shown.connect(lambda snap: seen.append(snap.status))

    qtbot.waitUntil(
        lambda: view.snapshot is not None and view.snapshot.load_complete, timeout=30_000
    )
    assert view.headline.text() == "Load complete"
    assert "every selected table was copied" in view.status.text()
    assert view.bar.value() == 100
    rows = {_cells(view, row)[0]: _cells(view, row) for row in range(view.grid.rowCount())}
    assert rows["books.authors"][1:3] == ["Table completed", "1,200"]
    assert "books.titles" in rows
    snapshot = view.snapshot
    assert snapshot is not None
    assert view.elapsed.text() == f"Elapsed: {duration(snapshot.elapsed_seconds)}"
    assert not view.stop_button.isEnabled()
    assert view.restart_button.isEnabled()
    assert not view.watching

    seen.clear()  # the first load's statuses would satisfy the waits below at once
    view.restart_button.click()
    qtbot.waitUntil(lambda: "running" in seen, timeout=30_000)
    qtbot.waitUntil(
        lambda: view.snapshot is not None and view.snapshot.load_complete and not view.watching,
        timeout=30_000,
    )
    assert not window.context.work.running(view)


def test_full_load_and_cdc_runs_until_stopped_and_polling_ends_with_the_page(
    window: MainWindow, qtbot: QtBot
) -> None:
    fresh_sandbox(window)
    built = build_all_in(window, qtbot)
    create_task_in(window, qtbot, built, "books-cdc", MigrationType.FULL_LOAD_AND_CDC)
    view = open_monitor(window, qtbot, "books-cdc")

    qtbot.waitUntil(
        lambda: (
            view.snapshot is not None
            and view.snapshot.status == "running"
            and view.snapshot.progress_percent == 100
        ),
        timeout=30_000,
    )
    assert view.watching, "ongoing replication keeps running, so the page keeps watching"
    assert view.stop_button.isEnabled()
    view.stop_button.click()
    qtbot.waitUntil(
        lambda: view.snapshot is not None and view.snapshot.status == "stopped", timeout=30_000
    )
    assert "Stopped because you asked it to stop." in view.status.text()
    assert view.resume_button.isEnabled()

    view.resume_button.click()
    qtbot.waitUntil(
        lambda: view.snapshot is not None and view.snapshot.status == "running", timeout=30_000
    )
    assert view.watching
    window.show_home()
    qtbot.waitUntil(lambda: not view.watching, timeout=5_000)
