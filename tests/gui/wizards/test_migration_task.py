"""Wizard "Create the migration task": to Load complete with the per-table grid, and
invalid mappings refused before any AWS call."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot

from core.flows.migration_task import MigrationType, TablePrepMode
from core.flows.table_mapping import SelectionAction, SelectionRule
from gui.main_window import MainWindow
from gui.wizards.base import FlowWizard, ProgressPage
from gui.wizards.migration_task import MigrationTaskWizard
from gui.wizards.migration_task.forms import HowPage, TablesPage, TaskBasicsPage
from gui.wizards.monitor import MonitorPage
from gui.wizards.text_pages import ReviewPage
from tests.fixtures.window_chain import build_all_in, fresh_sandbox


def leave(wizard: FlowWizard[Any], qtbot: QtBot) -> None:
    current = wizard.currentId()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() != current, timeout=20_000)


def reach_tables(window: MainWindow, qtbot: QtBot) -> TablesPage:
    fresh_sandbox(window)
    build_all_in(window, qtbot)
    window.home.buttons["migration-task"].click()
    wizard = window.current_page()
    assert isinstance(wizard, MigrationTaskWizard)
    basics = wizard.currentPage()
    assert isinstance(basics, TaskBasicsPage)
    qtbot.waitUntil(lambda: basics.loaded, timeout=10_000)
    assert basics.instance.currentText().startswith("books-repl")
    assert basics.source.currentText().startswith("source-books")
    assert basics.target.currentText().startswith("target-books-db")
    leave(wizard, qtbot)
    how = wizard.currentPage()
    assert isinstance(how, HowPage)
    assert how.migration_type.value() == MigrationType.FULL_LOAD
    assert how.prep_mode.value() == TablePrepMode.DROP_AND_CREATE
    assert how.start_now.isChecked()
    leave(wizard, qtbot)
    tables = wizard.currentPage()
    assert isinstance(tables, TablesPage)
    return tables


def test_creates_starts_and_watches_the_task_to_load_complete(
    window: MainWindow, qtbot: QtBot
) -> None:
    tables = reach_tables(window, qtbot)
    wizard = tables.flow
    assert [row.schema.text() for row in tables.editor.selection_rows] == ["books"]
    tables.editor.add_selection(SelectionRule("books", "titles", SelectionAction.EXCLUDE))
    leave(wizard, qtbot)

    review = wizard.currentPage()
    assert isinstance(review, ReviewPage)
    commands = review.text.toPlainText()
    assert "aws dms create-replication-task --replication-task-identifier books-migration" in (
        commands
    )
    assert "aws dms start-replication-task" in commands
    leave(wizard, qtbot)
    create = wizard.currentPage()
    assert isinstance(create, ProgressPage)
    qtbot.waitUntil(lambda: create.succeeded or create.last_error is not None, timeout=20_000)
    assert create.last_error is None
    leave(wizard, qtbot)

    monitor = wizard.currentPage()
    assert isinstance(monitor, MonitorPage)
    view = monitor.view
    assert view is not None
    qtbot.waitUntil(
        lambda: view.snapshot is not None and view.snapshot.load_complete, timeout=30_000
    )
    assert view.headline.text() == "Load complete"
    names = []
    for row in range(view.grid.rowCount()):
        item = view.grid.item(row, 0)
        assert item is not None
        names.append(item.text())
    assert names == ["books.authors"]
    rows = view.grid.item(0, 2)
    assert rows is not None
    assert rows.text() == "1,200"


def test_an_invalid_mapping_is_refused_before_any_aws_call(
    window: MainWindow, qtbot: QtBot
) -> None:
    tables = reach_tables(window, qtbot)
    calls = len(window.context.door.records)

    tables.editor.json_text.setPlainText('{"rules": []}')
    tables.flow.next()

    assert "selects no tables" in tables.visible_errors()["table_mapping"]
    assert tables.flow.currentPage() is tables
    tables.editor.json_text.setPlainText('{"rules": [')
    tables.flow.next()
    assert "not valid JSON" in tables.visible_errors()["table_mapping"]
    assert window.context.door.records[calls:] == []
