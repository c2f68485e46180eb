"""After a Sandbox session with stored keys and a database password, no secret value is in
any file the app wrote (settings, ledger, logs)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from core.aws import RDS, aws_call
from core.credentials import AccessKeys, InMemoryStore, database_password_name, save_access_keys
from core.logs import LOGGER_NAME, configure_logging
from core.paths import AppPaths
from gui.main_window import MainWindow

SECRET_KEY = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY"
DB_PASSWORD = "Books-Pa55word-42"
SESSION_TOKEN = "FwoGZXIvYXdzEJr-session-token-example"


@pytest.fixture
def log_file(app_paths: AppPaths) -> Iterator[Path]:
    handler = configure_logging(app_paths.log_file, logging.DEBUG)
    yield app_paths.log_file
    logging.getLogger(LOGGER_NAME).removeHandler(handler)
    handler.close()


def files_under(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


def test_no_secret_reaches_settings_ledger_or_logs(
    window: MainWindow, store: InMemoryStore, app_paths: AppPaths, log_file: Path, qtbot: QtBot
) -> None:
    save_access_keys(store, AccessKeys("ASIAIOSFODNN7EXAMPLE", SECRET_KEY, SESSION_TOKEN))
    store.set(database_password_name("sandbox", "books-db"), DB_PASSWORD)
    door = window.context.door
    door.run_sync(
        aws_call(
            RDS.create_db_instance,
            DBInstanceIdentifier="books-db",
            Engine="mysql",
            DBInstanceClass="db.t3.micro",
            AllocatedStorage=20,
            MasterUsername="admin",
            MasterUserPassword=DB_PASSWORD,
        )
    )
    window.home.buttons["prerequisites"].click()
    wizard = window.current_page()
    assert wizard is not None
    wizard.next()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: len(window.context.ledger.entries()) == 2, timeout=30_000)
    # The run goes on after the second role; all it logs is read below.
    qtbot.waitUntil(lambda: not window.context.work.running(), timeout=30_000)
    # A connection that worked is saved in the settings.
    window.connection_bar.region.setCurrentText("eu-west-1")
    with qtbot.waitSignal(window.ready, timeout=10_000):
        window.connection_bar.apply.click()
    assert window.context.settings.region == "eu-west-1"

    written = files_under(app_paths.config_dir.parent)
    names = {path.name for path in written}
    assert {"settings.json", "ledger.json", "activity.log"} <= names
    assert "create-db-instance" in log_file.read_text(encoding="utf-8")
    for path in written:
        content = path.read_bytes()
        assert SECRET_KEY.encode() not in content, path
        assert DB_PASSWORD.encode() not in content, path
        assert SESSION_TOKEN.encode() not in content, path
