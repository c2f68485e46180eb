"""Wizard "Migrate a MySQL database": from nothing to Load complete, and continued after the
window was closed mid-way without creating anything twice."""

from __future__ import annotations

from collections import Counter

from pytestqt.qtbot import QtBot

from core.aws import DMS, RDS
from core.credentials import InMemoryStore
from core.events import Event, StatusChanged
from core.flows.migrate_mysql import GuidedStep
from core.paths import AppPaths
from gui.app import create_window
from gui.main_window import MainWindow
from gui.wizards.migrate_mysql import MigrateMysqlWizard
from gui.wizards.migrate_mysql.run_page import RunPage
from gui.wizards.text_pages import ReviewPage, SummaryPage
from tests.fixtures.guided_wizard import (
    DB_PASSWORD,
    fill_and_start,
    finish,
    item_text,
    open_guided,
)
from tests.fixtures.window_chain import fresh_sandbox, run_coroutine
from tests.fixtures.wizards import leave_page

CREATES = {
    "create_db_instance",
    "create_replication_instance",
    "create_endpoint",
    "create_replication_task",
    "authorize_security_group_ingress",
}


def test_runs_from_nothing_to_load_complete(window: MainWindow, qtbot: QtBot) -> None:
    fresh_sandbox(window)
    run = fill_and_start(window, qtbot)
    monitor = finish(run, qtbot)
    view = monitor.view
    assert view is not None
    assert "books.authors" in [
        item_text(view.grid.item(row, 0)) for row in range(view.grid.rowCount())
    ]

    wizard = monitor.wizard()
    assert isinstance(wizard, MigrateMysqlWizard)
    leave_page(wizard, qtbot)
    result = wizard.currentPage()
    assert isinstance(result, SummaryPage)
    assert result.values["Result"].text() == "Load complete"
    assert result.values["New database"].text().startswith("books-db.")
    assert "bind-address" in result.values["On your server"].text()
    assert window.context.store.get("db-password:sandbox:books-db") == DB_PASSWORD


def test_continues_after_the_window_was_closed_without_duplicates(
    window: MainWindow, qtbot: QtBot, app_paths: AppPaths, store: InMemoryStore
) -> None:
    fresh_sandbox(window)
    run = fill_and_start(window, qtbot)

    def close_app_while_replication_instance_starts(event: Event) -> None:
        if isinstance(event, StatusChanged) and event.subject.startswith("Replication instance"):
            run.runner.cancel()

    run.runner.core_event.connect(close_app_while_replication_instance_starts)
    qtbot.waitUntil(lambda: not run.runner.busy, timeout=60_000)
    assert run.progress is not None
    assert run.progress.is_done(GuidedStep.DATABASE)
    assert not run.progress.is_done(GuidedStep.TASK)
    first_calls = list(window.context.door.records)
    window.close()
    window.context.shutdown()

    # The app again: same home (ledger, saved progress), same keyring.
    again = create_window(app_paths, store, force_sandbox=True, sandbox_pace=0)
    qtbot.addWidget(again)
    again.show()
    try:
        wizard, intro = open_guided(again, qtbot)
        assert intro.continue_run.isVisibleTo(intro)
        assert "books into books-db" in intro.saved_label.text()
        assert "before “DMS replication instance”" in intro.saved_label.text()
        leave_page(wizard, qtbot)
        review = wizard.currentPage()
        assert isinstance(review, ReviewPage), "both passwords are known: straight to review"
        assert "(done already" in review.text.toPlainText()
        leave_page(wizard, qtbot)
        resumed = wizard.currentPage()
        assert isinstance(resumed, RunPage)
        finish(resumed, qtbot)

        calls = first_calls + list(again.context.door.records)
        creates = Counter(r.operation for r in calls if r.operation in CREATES)
        assert creates["create_db_instance"] == 1
        assert creates["create_replication_instance"] == 1
        assert creates["create_replication_task"] == 1
        assert creates["create_endpoint"] == 2
        door = again.context.door
        instances = run_coroutine(qtbot, door.call(DMS.describe_replication_instances))
        assert len(instances["ReplicationInstances"]) == 1
        databases = run_coroutine(qtbot, door.call(RDS.describe_db_instances))
        assert len(databases["DBInstances"]) == 1
        keys = [entry.key for entry in again.context.ledger.entries("sandbox")]
        assert len(keys) == len(set(keys))
    finally:
        again.context.shutdown()


def test_cancel_offers_to_delete_what_the_run_created(window: MainWindow, qtbot: QtBot) -> None:
    fresh_sandbox(window)
    run = fill_and_start(window, qtbot)

    def cancel_while_replication_instance_starts(event: Event) -> None:
        if isinstance(event, StatusChanged) and event.subject.startswith("Replication instance"):
            run.cancel_button.click()

    run.runner.core_event.connect(cancel_while_replication_instance_starts)
    qtbot.waitUntil(lambda: run.cleanup.question is not None, timeout=60_000)
    box = run.cleanup.question
    assert box is not None
    assert "RDS database books-db" in box.informativeText()
    delete = next(b for b in box.buttons() if b.text() == "Delete them")
    delete.click()
    qtbot.waitUntil(lambda: "Clean-up finished." in run.log.toPlainText(), timeout=60_000)

    assert window.context.ledger.entries("sandbox") == []
    assert run.progress is not None
    assert not run.progress.path.exists(), "the saved progress is forgotten with them"
    databases = run_coroutine(qtbot, window.context.door.call(RDS.describe_db_instances))
    assert databases["DBInstances"] == []
