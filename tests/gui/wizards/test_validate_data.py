""" "Validate migrated data" through the real window, on two throwaway MariaDB servers."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from core.aws import RDS, aws_call
from core.credentials import InMemoryStore
from core.database import password_name
from core.ledger import LedgerEntry, ResourceKind
from gui.main_window import MainWindow
from gui.wizards.validate_data import (
    ValidateDataWizard,
    ValidateLoginsPage,
    ValidateProgressPage,
    ValidationResultsPage,
)
from tests.fixtures.mariadb import DMS_PASSWORD, MariaDBServer

WAIT_MS = 30_000
_numbers = itertools.count()
TABLES = (
    "CREATE TABLE {s}.books (id INT PRIMARY KEY, title VARCHAR(100) NOT NULL)",
    "CREATE TABLE {s}.notes (line VARCHAR(100) NOT NULL)",
    "INSERT INTO {s}.books VALUES " + ", ".join(f"({n}, 'Book {n}')" for n in range(1, 201)),
    "INSERT INTO {s}.notes VALUES ('first'), ('second')",
)


@dataclass
class Copy:
    """A schema filled the same on both servers; source read as ``validator``, target as
    ``dms`` (both with DMS_PASSWORD)."""

    schema: str
    source: MariaDBServer
    target: MariaDBServer


@pytest.fixture
def copy(dms_source: MariaDBServer, mariadb_target: MariaDBServer) -> Iterator[Copy]:
    schema = f"gui_copy_{next(_numbers)}"
    for server in (dms_source, mariadb_target):
        server.execute(f"CREATE DATABASE {schema}", *(sql.format(s=schema) for sql in TABLES))
    yield Copy(schema, dms_source, mariadb_target)
    for server in (dms_source, mariadb_target):
        server.execute(f"DROP DATABASE {schema}")


def open_wizard(window: MainWindow) -> tuple[ValidateDataWizard, ValidateLoginsPage]:
    window.home.buttons["validate-data"].click()
    wizard = window.current_page()
    assert isinstance(wizard, ValidateDataWizard)
    page = wizard.currentPage()
    assert isinstance(page, ValidateLoginsPage)
    return wizard, page


def fill(page: ValidateLoginsPage, copy: Copy, target_password: str = DMS_PASSWORD) -> None:
    page.source.set_login(copy.source.host, copy.source.port, "validator", DMS_PASSWORD)
    page.target.set_login(copy.target.host, copy.target.port, "dms", target_password)
    page.schema_picker.line.setText(copy.schema)


def run_validation(window: MainWindow, qtbot: QtBot, copy: Copy) -> ValidationResultsPage:
    wizard, page = open_wizard(window)
    fill(page, copy)
    wizard.button(QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(lambda: isinstance(wizard.currentPage(), ValidateProgressPage), timeout=WAIT_MS)
    progress = wizard.currentPage()
    assert isinstance(progress, ValidateProgressPage)
    qtbot.waitUntil(lambda: progress.succeeded or progress.last_error is not None, timeout=WAIT_MS)
    assert progress.last_error is None
    assert progress.rows_label.text() == "202 rows compared"
    wizard.button(QWizard.WizardButton.NextButton).click()
    results = wizard.currentPage()
    assert isinstance(results, ValidationResultsPage)
    return results


def rows(results: ValidationResultsPage) -> list[list[str]]:
    table = results.table
    return [
        [table.cell_text(row, column) for column in range(table.columnCount())]
        for row in range(table.rowCount())
    ]


def test_identical_data_shows_identical(
    window: MainWindow, qtbot: QtBot, store: InMemoryStore, copy: Copy
) -> None:
    results = run_validation(window, qtbot, copy)

    assert "Identical: all 2 tables arrived unchanged (202 rows compared)" in (
        results.verdict.text()
    )
    assert [row[:4] for row in rows(results)] == [
        ["Identical", f"{copy.schema}.books", "200", "200"],
        ["Identical", f"{copy.schema}.notes", "2", "2"],
    ]
    for login in (("validator", copy.source), ("dms", copy.target)):
        user, server = login
        assert store.get(password_name(user, server.host, server.port)) == DMS_PASSWORD
    assert window.context.door.records == [], "validating makes no AWS call"


def test_a_missing_and_a_changed_row_show_as_differences_with_their_keys(
    window: MainWindow, qtbot: QtBot, copy: Copy
) -> None:
    copy.target.execute(
        f"DELETE FROM {copy.schema}.books WHERE id = 42",
        f"UPDATE {copy.schema}.notes SET line = 'changed' WHERE line = 'second'",
    )

    results = run_validation(window, qtbot, copy)

    assert "Not identical: 2 of 2 tables differ." in results.verdict.text()
    books, notes = rows(results)
    assert books == [
        "Row count differs",
        f"{copy.schema}.books",
        "200",
        "199",
        "id=42 (missing on target)",
    ]
    assert notes[:4] == ["Content differs", f"{copy.schema}.notes", "2", "2"]
    assert "compared as a whole" in notes[4]
    QGuiApplication.clipboard().clear()
    results.copy_report.click()
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("Not identical: 2 of 2 tables differ.\nVerdict\tTable\t")
    assert "id=42 (missing on target)" in copied


def test_a_wrong_target_password_is_explained_under_it(
    window: MainWindow, qtbot: QtBot, copy: Copy
) -> None:
    wizard, page = open_wizard(window)
    fill(page, copy, target_password="wrong-one")

    wizard.button(QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(lambda: bool(page.visible_errors()), timeout=WAIT_MS)

    errors = page.visible_errors()
    assert list(errors) == ["target_password"]
    assert f"{copy.target.host}:{copy.target.port} refused user 'dms'" in errors["target_password"]
    assert wizard.currentPage() is page


def test_no_schema_is_refused_before_connecting(window: MainWindow, copy: Copy) -> None:
    wizard, page = open_wizard(window)
    fill(page, copy)
    page.schema_picker.line.setText(" , ")

    wizard.button(QWizard.WizardButton.NextButton).click()

    assert page.visible_errors() == {
        "schemas": "Enter at least one schema to compare. "
        "Press List schemas to pick from the source's schemas."
    }


def test_the_target_is_prefilled_from_the_rds_database_in_the_ledger(
    window: MainWindow, qtbot: QtBot, store: InMemoryStore
) -> None:
    door = window.context.door
    created = door.run_sync(
        aws_call(
            RDS.create_db_instance,
            DBInstanceIdentifier="shop-db",
            Engine="mysql",
            DBInstanceClass="db.t3.micro",
            MasterUsername="admin",
            MasterUserPassword="Rds-Pass-123",
            AllocatedStorage=20,
        )
    )
    store.set("db-password:sandbox:shop-db", "Rds-Pass-123")
    window.context.ledger.record(
        LedgerEntry(
            ResourceKind.RDS_INSTANCE,
            "shop-db",
            door.connection.region,
            "sandbox",
            "target-database",
            details={"password_name": "db-password:sandbox:shop-db"},
        )
    )
    assert "Endpoint" not in created["DBInstance"], "the Sandbox creates it first"

    def describe() -> dict[str, Any]:
        found = door.run_sync(aws_call(RDS.describe_db_instances, DBInstanceIdentifier="shop-db"))
        return dict(found["DBInstances"][0])

    # The Sandbox (pace 0) makes it available at once; its endpoint shows from then on.
    qtbot.waitUntil(lambda: "Endpoint" in describe(), timeout=WAIT_MS)
    endpoint = describe()["Endpoint"]

    _, page = open_wizard(window)
    qtbot.waitUntil(lambda: page.prefilled_from is not None, timeout=WAIT_MS)

    assert page.target.host.text() == endpoint["Address"]
    assert page.target.port.value() == endpoint["Port"]
    assert page.target.user.text() == "admin"
    assert page.target.password.text() == "Rds-Pass-123"
    assert "from the RDS database shop-db" in page.target_note.text()
    assert "In the Sandbox that address is not a real server" in page.target_note.text()
