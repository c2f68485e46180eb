"""A machine without a keyring (keyring's 'fail' backend, the app's own store): the Sandbox
works fully with its throwaway passwords in memory; on a real account the app asks before
anything is created, and "keep in memory" goes on."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from core.credentials import KeyringStore, database_password_name
from core.settings import ConnectionMode
from gui.app import app_credential_store
from gui.main_window import MainWindow
from gui.wizards.target_database import (
    CreateDatabasePage,
    DatabaseResultPage,
    TargetDatabaseWizard,
)
from tests.fixtures.guided_wizard import DB_PASSWORD, fill_and_start, finish
from tests.fixtures.keyring import NoKeyring
from tests.fixtures.target_database_wizard import PASSWORD, to_page
from tests.fixtures.window_chain import fresh_sandbox
from tests.fixtures.wizards import creating_calls

PROFILE = "moto"


@pytest.fixture
def store(no_keyring: NoKeyring) -> KeyringStore:
    """The window's store (overrides the in-memory one): the app's, finding no keyring."""
    return app_credential_store()


def open_target_database(window: MainWindow) -> TargetDatabaseWizard:
    window.home.buttons["target-database"].click()
    wizard = window.current_page()
    assert isinstance(wizard, TargetDatabaseWizard)
    return wizard


def create_the_database(wizard: TargetDatabaseWizard, qtbot: QtBot) -> CreateDatabasePage:
    to_page(wizard, qtbot, "review")
    wizard.next()
    progress = wizard.currentPage()
    assert isinstance(progress, CreateDatabasePage)
    qtbot.waitUntil(lambda: progress.succeeded or progress.last_error is not None, timeout=60_000)
    assert progress.last_error is None, progress.last_error.plain()
    return progress


def test_the_sandbox_creates_the_target_database_without_a_keyring(
    window: MainWindow, qtbot: QtBot
) -> None:
    wizard = open_target_database(window)
    assert wizard.keyring_question is None  # the Sandbox never asks

    create_the_database(wizard, qtbot)

    store = window.context.store
    assert store.get(database_password_name("sandbox", "books-db")) == PASSWORD
    wizard.next()
    result = wizard.currentPage()
    assert isinstance(result, DatabaseResultPage)
    assert result.values["Password"].text().startswith("kept in memory until the app closes")


def test_the_guided_migration_runs_in_the_sandbox_without_a_keyring(
    window: MainWindow, qtbot: QtBot
) -> None:
    fresh_sandbox(window)
    finish(fill_and_start(window, qtbot), qtbot)
    assert window.context.store.get("db-password:sandbox:books-db") == DB_PASSWORD


@pytest.fixture
def real_account(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> str:
    """The window connected to a profile (not the Sandbox) whose endpoint is the moto
    server; its ledger scope, the account id."""
    sandbox = window.context.sandbox
    assert sandbox is not None
    sandbox.reset()
    config = tmp_path / "aws-config"
    config.write_text(
        f"[profile {PROFILE}]\nregion = us-east-1\nendpoint_url = {sandbox.endpoint_url}\n"
        "aws_access_key_id = testing\naws_secret_access_key = testing\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    with qtbot.waitSignal(window.ready, timeout=30_000):
        window.switch_connection(ConnectionMode.PROFILE, "us-east-1", PROFILE)
    assert not window.context.connection.is_sandbox
    return window.context.door.scope


def keyring_question(wizard: TargetDatabaseWizard, qtbot: QtBot) -> QMessageBox:
    qtbot.waitUntil(lambda: wizard.keyring_question is not None, timeout=5_000)
    box = wizard.keyring_question
    assert box is not None and box.isVisible()
    return box


def test_a_real_account_without_a_keyring_asks_before_anything_is_created(
    window: MainWindow, qtbot: QtBot, real_account: str
) -> None:
    wizard = open_target_database(window)
    box = keyring_question(wizard, qtbot)

    assert "no usable keyring" in box.text()
    assert "gnome-keyring" in box.informativeText()
    assert "in memory" in box.informativeText()
    assert window.context.ledger.entries() == []
    assert creating_calls(window) == []

    keep = box.findChild(QPushButton, "keep-in-memory")
    assert keep is not None
    keep.click()
    qtbot.waitUntil(lambda: wizard.keyring_question is None, timeout=5_000)
    assert window.current_page() is wizard
    create_the_database(wizard, qtbot)

    store = window.context.store
    assert store.get(database_password_name(real_account, "books-db")) == PASSWORD
    assert {entry.scope for entry in window.context.ledger.entries()} == {real_account}
    # Asked once: the choice holds until the app closes.
    window.show_home()
    assert open_target_database(window).keyring_question is None


def test_refusing_memory_on_a_real_account_goes_home_with_nothing_created(
    window: MainWindow, qtbot: QtBot, real_account: str
) -> None:
    wizard = open_target_database(window)
    box = keyring_question(wizard, qtbot)

    QTest.keyClick(box, Qt.Key.Key_Escape)  # Esc is "Go Home": the question never traps

    qtbot.waitUntil(lambda: window.current_page() is window.home, timeout=5_000)
    assert window.context.store.needs_choice()
    assert window.context.ledger.entries() == []
    assert creating_calls(window) == []
