"""The Resources page: live status of what the app created, and teardown of all of it."""

from __future__ import annotations

import subprocess
import sys

from pytestqt.qtbot import QtBot

from core.aws import DMS, IAM, RDS
from core.flows.migrate_mysql_progress import GuidedProgress, GuidedStep
from core.flows.migration_task import MigrationType
from core.flows.prerequisites import DMS_ROLES
from core.ledger import ResourceKind
from core.paths import AppPaths
from gui.main_window import MainWindow
from gui.pages.resources import ResourcesPage
from tests.fixtures.window_chain import (
    build_all_in,
    build_part_one_in,
    create_task_in,
    fresh_sandbox,
    run_coroutine,
)


def open_resources(window: MainWindow) -> ResourcesPage:
    window.home.buttons["resources"].click()
    page = window.current_page()
    assert isinstance(page, ResourcesPage)
    return page


def _cell(page: ResourcesPage, row: int, column: int) -> str:
    item = page.table.item(row, column)
    assert item is not None
    return item.text()


async def _listed(window: MainWindow) -> dict[str, int]:
    door = window.context.door
    return {
        "tasks": len((await door.call(DMS.describe_replication_tasks))["ReplicationTasks"]),
        "endpoints": len((await door.call(DMS.describe_endpoints))["Endpoints"]),
        "instances": len(
            (await door.call(DMS.describe_replication_instances))["ReplicationInstances"]
        ),
        "databases": len((await door.call(RDS.describe_db_instances))["DBInstances"]),
    }


def test_empty_ledger_says_nothing_is_billed(window: MainWindow) -> None:
    fresh_sandbox(window)
    page = open_resources(window)
    assert page.table.rowCount() == 0
    assert "has not created anything" in page.summary.text()
    assert not page.delete_button.isEnabled()


def test_lists_live_status_then_teardown_removes_everything(
    window: MainWindow, qtbot: QtBot
) -> None:
    fresh_sandbox(window)
    built = build_all_in(window, qtbot)
    create_task_in(window, qtbot, built, "books-cdc", MigrationType.FULL_LOAD_AND_CDC)
    page = open_resources(window)

    qtbot.waitUntil(page.statuses_known, timeout=30_000)
    assert page.statuses["books-cdc"] in {"starting", "running"}
    assert page.statuses["books-db"] == "available"
    assert page.statuses["books-repl"] == "available"
    kinds = [_cell(page, row, 0) for row in range(page.table.rowCount())]
    assert kinds.index("DMS endpoint") < kinds.index("Replication instance")
    assert kinds.index("Replication instance") < kinds.index("RDS database")

    dialog = page.ask_teardown()
    assert dialog.final_snapshot.isVisibleTo(dialog)
    assert dialog.include_iam_roles.isVisibleTo(dialog)
    dialog.include_iam_roles.setChecked(True)
    dialog.delete_button.click()

    qtbot.waitUntil(lambda: page.last_summary is not None, timeout=60_000)
    summary = page.last_summary
    assert summary is not None
    assert summary.complete, summary.lines()
    deleted = [item.entry.kind for item in summary.deleted]
    assert deleted[0] is ResourceKind.REPLICATION_TASK
    assert summary.deleted[0].message == "stopped and deleted."
    assert deleted.index(ResourceKind.DMS_ENDPOINT) < deleted.index(
        ResourceKind.REPLICATION_INSTANCE
    )
    assert deleted.index(ResourceKind.REPLICATION_INSTANCE) < deleted.index(
        ResourceKind.RDS_INSTANCE
    )
    assert "Deleted DB instance books-db" in page.summary_text.toPlainText()
    assert page.table.rowCount() == 0
    assert window.context.ledger.entries("sandbox") == []
    assert run_coroutine(qtbot, _listed(window)) == {
        "tasks": 0,
        "endpoints": 0,
        "instances": 0,
        "databases": 0,
    }
    roles = run_coroutine(qtbot, window.context.door.call(IAM.list_roles))["Roles"]
    assert not [role for role in roles if role["RoleName"].startswith("dms-")]


def test_cancelling_the_confirmation_deletes_nothing(window: MainWindow, qtbot: QtBot) -> None:
    fresh_sandbox(window)
    build_all_in(window, qtbot)
    page = open_resources(window)
    qtbot.waitUntil(page.statuses_known, timeout=30_000)
    calls = len(window.context.door.records)
    dialog = page.ask_teardown()
    dialog.reject()
    assert not page.runner.busy
    deleting = [r for r in window.context.door.records[calls:] if "delete" in r.operation]
    assert deleting == []
    assert page.table.rowCount() == len(window.context.ledger.entries("sandbox"))


def _teardown_in_window(window: MainWindow, qtbot: QtBot) -> None:
    page = open_resources(window)
    qtbot.waitUntil(page.statuses_known, timeout=30_000)
    page.ask_teardown().delete_button.click()
    qtbot.waitUntil(lambda: page.last_summary is not None, timeout=60_000)


def _teardown_by_command(window: MainWindow, _: QtBot) -> None:
    sandbox = window.context.sandbox
    assert sandbox is not None
    command = ["teardown", "--yes", "--endpoint-url", sandbox.endpoint_url]
    subprocess.run(
        [sys.executable, "-m", "gui.commands.resources", *command],
        capture_output=True,
        timeout=300,
        check=True,
    )


def _what_is_left(window: MainWindow, progress: GuidedProgress) -> tuple[object, ...]:
    # Security group ids are new in every Sandbox: compare their kind, not their id.
    renamed = {ResourceKind.SECURITY_GROUP, ResourceKind.SECURITY_GROUP_RULE}
    ledger = sorted(
        (e.kind.value, "<id>" if e.kind in renamed else e.resource_id, e.deleted_at is None)
        for e in window.context.ledger.entries(include_deleted=True)
    )
    return tuple(ledger), progress.path.exists()


def test_the_window_and_the_command_tear_down_to_the_same_ledger_and_saved_progress(
    window: MainWindow, qtbot: QtBot, app_paths: AppPaths
) -> None:
    progress = GuidedProgress.for_connection(app_paths, "sandbox", "us-east-1")
    left = []
    for tear_down in (_teardown_in_window, _teardown_by_command):
        window.show_home()
        fresh_sandbox(window)
        window.context.ledger.path.unlink(missing_ok=True)
        build_part_one_in(window, qtbot)
        progress.mark_done(GuidedStep.DATABASE, database="books-db")
        tear_down(window, qtbot)
        left.append(_what_is_left(window, GuidedProgress(progress.path)))

    assert left[0] == left[1]
    ledger, progress_kept = left[0]
    assert progress_kept is False  # the next guided run starts afresh
    live = [(kind, name) for kind, name, alive in ledger if alive]  # type: ignore[attr-defined]
    roles = sorted(role.name for role in DMS_ROLES)
    assert live == [(ResourceKind.IAM_ROLE.value, name) for name in roles]  # shared: kept
