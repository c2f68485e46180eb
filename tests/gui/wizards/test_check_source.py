""" "Check source database" through the real window, against throwaway MariaDB servers."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from core.credentials import InMemoryStore
from core.database import (
    DatabaseLogin,
    MigrationType,
    PreflightReport,
    local_server,
    password_name,
    render_fix_script,
)
from core.database.local_server import LocalServerFailed
from gui.main_window import MainWindow
from gui.tours.base import Shooter
from gui.tours.check_source import tour_check_source
from gui.wizards.base import FlowWizard
from gui.wizards.check_source import (
    CheckProgressPage,
    CheckResultsPage,
    CheckSourceChoices,
    CheckSourceWizard,
    SourceLoginPage,
)
from tests.fixtures.mariadb import DMS_PASSWORD, MariaDBServer

WAIT_MS = 30_000


def open_wizard(
    window: MainWindow,
) -> tuple[CheckSourceWizard, SourceLoginPage[CheckSourceChoices]]:
    window.home.buttons["check-source"].click()
    wizard = window.current_page()
    assert isinstance(wizard, CheckSourceWizard)
    page = wizard.currentPage()
    assert isinstance(page, SourceLoginPage)
    return wizard, page


def fill(
    page: SourceLoginPage[CheckSourceChoices],
    server: MariaDBServer,
    password: str = DMS_PASSWORD,
    schemas: str = "shop",
    migration_type: MigrationType = MigrationType.FULL_LOAD_AND_CDC,
) -> None:
    page.fields.host.setText(server.host)
    page.fields.port.setValue(server.port)
    page.fields.user.setText("dms")
    page.fields.password.setText(password)
    page.schema_picker.line.setText(schemas)
    page.type_radios[migration_type].setChecked(True)


def run_check(
    window: MainWindow, qtbot: QtBot, server: MariaDBServer
) -> CheckResultsPage[CheckSourceChoices]:
    wizard, page = open_wizard(window)
    fill(page, server)
    wizard.button(QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(lambda: isinstance(wizard.currentPage(), CheckProgressPage), timeout=WAIT_MS)
    progress = wizard.currentPage()
    assert isinstance(progress, CheckProgressPage)
    qtbot.waitUntil(lambda: progress.succeeded or progress.last_error is not None, timeout=WAIT_MS)
    assert progress.last_error is None
    wizard.button(QWizard.WizardButton.NextButton).click()
    results = wizard.currentPage()
    assert isinstance(results, CheckResultsPage)
    return results


def statuses(results: CheckResultsPage[CheckSourceChoices]) -> dict[str, str]:
    table = results.table
    return {table.cell_text(row, 1): table.cell_text(row, 0) for row in range(table.rowCount())}


def test_a_well_configured_source_shows_ready(
    window: MainWindow, qtbot: QtBot, store: InMemoryStore, dms_source: MariaDBServer
) -> None:
    results = run_check(window, qtbot, dms_source)

    assert "Ready for full load and ongoing replication: every check passed" in (
        results.verdict.text()
    )
    assert set(statuses(results).values()) == {"Pass"}
    assert "Binary logging is on" in "\n".join(statuses(results))
    assert results.fix_text.toPlainText() == "Nothing to change: this check passed."
    assert not results.copy_script.isEnabled()
    # The password that worked is kept in the credential store, for the commands too.
    saved = store.get(password_name("dms", dms_source.host, dms_source.port))
    assert saved == DMS_PASSWORD
    assert window.context.door.records == [], "checking a database makes no AWS call"


def test_binary_logging_off_shows_the_failing_check_and_its_fix(
    window: MainWindow, qtbot: QtBot, binlog_off_source: MariaDBServer
) -> None:
    results = run_check(window, qtbot, binlog_off_source)

    assert "Not ready" in results.verdict.text()
    first = results.checks[0]
    assert first.id == "mysql-check-binlog-enabled"
    assert results.table.cell_text(0, 0) == "Must fix"
    assert results.table.cell_text(0, 2) == "log_bin = OFF"
    # The failing check is selected first and its fix is shown below the table.
    assert results.selected_check() == first
    assert "log_bin=mysql-bin" in results.fix_text.toPlainText()
    assert "restart the server" in results.fix_text.toPlainText()
    results.select_check("mysql-check-timeouts")
    assert "SET GLOBAL net_read_timeout = 300;" in results.fix_text.toPlainText()


def test_copy_fix_script_puts_every_fix_on_the_clipboard(
    window: MainWindow, qtbot: QtBot, binlog_off_source: MariaDBServer
) -> None:
    results = run_check(window, qtbot, binlog_off_source)
    QGuiApplication.clipboard().clear()

    results.copy_script.click()

    report = results.flow.state.preflight_report
    assert isinstance(report, PreflightReport)
    script = QGuiApplication.clipboard().text()
    assert script == render_fix_script(report)
    assert "[mysqld]\nserver_id=1\nlog_bin=mysql-bin\nbinlog_format=ROW" in script
    assert "on the clipboard" in results.copied.text()


def test_a_wrong_password_is_explained_next_to_the_form(
    window: MainWindow, qtbot: QtBot, store: InMemoryStore, dms_source: MariaDBServer
) -> None:
    wizard, page = open_wizard(window)
    fill(page, dms_source, password="not-the-password")

    wizard.button(QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(lambda: bool(page.visible_errors()), timeout=WAIT_MS)

    errors = page.visible_errors()
    assert list(errors) == ["password"]
    assert errors["password"].startswith(
        f"The database server at {dms_source.host}:{dms_source.port} refused user 'dms'"
    )
    assert page.errors["password"].isVisible()
    assert wizard.currentPage() is page
    assert page.isEnabled()
    assert store.get(password_name("dms", dms_source.host, dms_source.port)) is None


def test_list_schemas_offers_what_the_user_sees_and_refuses_an_unknown_one(
    window: MainWindow, qtbot: QtBot, dms_source: MariaDBServer
) -> None:
    wizard, page = open_wizard(window)
    fill(page, dms_source, schemas="")

    page.schema_picker.list_button.click()
    qtbot.waitUntil(lambda: page.schema_picker.choices.count() > 0, timeout=WAIT_MS)
    offered = [
        page.schema_picker.choices.item(row).text()
        for row in range(page.schema_picker.choices.count())
    ]
    assert offered == ["legacy", "shop"]
    page.schema_picker.choices.item(1).setCheckState(Qt.CheckState.Checked)
    assert page.schema_picker.line.text() == "shop"

    page.schema_picker.line.setText("shop, shopp")
    wizard.button(QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(lambda: bool(page.visible_errors()), timeout=WAIT_MS)
    assert "no schema named shopp" in page.visible_errors()["schemas"]
    assert wizard.currentPage() is page


@pytest.fixture
def silent_server() -> Iterator[tuple[str, int]]:
    """A port that accepts TCP connections but never greets: a login waits there."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()


@dataclass
class DmsFlowChoices:
    """Another flow's state, holding the check pages' fields (``ChecksSource``)."""

    task_identifier: str = "shop-migration"
    source_login: DatabaseLogin | None = None
    source_schemas: tuple[str, ...] = ()
    migration_type: MigrationType | None = None
    preflight_report: PreflightReport | None = None


def test_the_pages_work_inside_another_wizard_and_the_check_can_be_cancelled(
    window: MainWindow, qtbot: QtBot, silent_server: tuple[str, int]
) -> None:
    host, port = silent_server
    login = DatabaseLogin(host, "dms", "x", port=port)
    wizard = FlowWizard(
        window.context, "A DMS flow", DmsFlowChoices(source_login=login, source_schemas=("shop",))
    )
    wizard.add(CheckProgressPage[DmsFlowChoices]())
    wizard.add(CheckResultsPage[DmsFlowChoices]())
    qtbot.addWidget(wizard)
    wizard.show()
    progress = wizard.currentPage()
    assert isinstance(progress, CheckProgressPage)
    connecting = f"<b>Connecting to dms@{host}:{port}</b>"
    qtbot.waitUntil(lambda: progress.step_label.text() == connecting, timeout=WAIT_MS)
    assert progress.runner.busy

    progress.cancel_button.click()

    qtbot.waitUntil(lambda: not progress.runner.busy, timeout=WAIT_MS)
    assert progress.status.text() == "Cancelled."
    assert progress.retry_button.isVisibleTo(progress)
    assert not progress.isComplete()
    assert wizard.state.preflight_report is None


def test_the_tour_says_plainly_when_mariadb_is_missing(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(local_server, "_daemon", lambda: None)
    shots = Shooter(tmp_path, "check-source", lambda path: True)

    task = asyncio.ensure_future(tour_check_source(window, shots))
    qtbot.waitUntil(task.done, timeout=WAIT_MS)

    error = task.exception()
    assert isinstance(error, LocalServerFailed)
    assert str(error) == (
        "MariaDB is not installed on this computer, so no rehearsal database can be started."
    )
    assert shots.pages == []
