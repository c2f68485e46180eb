"""A database password saved by one flow is found by every other flow and command that logs
in as the same user: the real window and the ``preflight`` command share one keyring (a
dict backend behind the app's own KeyringStore) and a real MariaDB source."""

from __future__ import annotations

import argparse
from concurrent.futures import ThreadPoolExecutor

import pytest
from pytestqt.qtbot import QtBot

from core.credentials import SERVICE, KeyringStore
from core.database import password_name
from core.flows.endpoints import validate_endpoint_spec
from core.flows.migrate_mysql_choices import GuidedChoices
from gui.commands import preflight
from gui.main_window import MainWindow
from gui.wizards.check_source import CheckProgressPage, CheckSourceWizard, SourceLoginPage
from gui.wizards.endpoints import EndpointsWizard
from gui.wizards.endpoints.forms import SourceEndpointPage, TargetEndpointPage
from tests.fixtures.keyring import DictKeyring
from tests.fixtures.mariadb import DMS_PASSWORD, MariaDBServer
from tests.fixtures.window_chain import fresh_sandbox
from tests.fixtures.wizards import leave_page, open_flow

WAIT_MS = 30_000


@pytest.fixture
def store(dict_keyring: DictKeyring) -> KeyringStore:
    """The window's store (overrides the in-memory one): the keyring the commands read."""
    return KeyringStore()


def database_passwords(keyring: DictKeyring) -> dict[str, str]:
    return {
        name: secret
        for (service, name), secret in keyring.secrets.items()
        if service == SERVICE and name.startswith("db-password:")
    }


def save_source_in_the_endpoints_wizard(
    window: MainWindow, qtbot: QtBot, server: MariaDBServer
) -> None:
    fresh_sandbox(window)
    wizard = open_flow(window, "endpoints", EndpointsWizard)
    source = wizard.currentPage()
    assert isinstance(source, SourceEndpointPage)
    source.server.setText(server.host)
    source.port.setValue(server.port)
    source.user.setText("dms")
    source.database.setText("shop")
    source.password.setText(DMS_PASSWORD)
    leave_page(wizard, qtbot)
    target = wizard.currentPage()
    assert isinstance(target, TargetEndpointPage)
    qtbot.waitUntil(lambda: target.loaded, timeout=WAIT_MS)
    assert window.leave_flow() is None


def test_the_endpoints_source_password_is_found_by_check_source_and_preflight(
    window: MainWindow, qtbot: QtBot, dms_source: MariaDBServer, dict_keyring: DictKeyring
) -> None:
    save_source_in_the_endpoints_wizard(window, qtbot, dms_source)
    login_name = password_name("dms", dms_source.host, dms_source.port)
    assert database_passwords(dict_keyring) == {login_name: DMS_PASSWORD}

    # Check source fills the saved password in once the login is typed, and it works.
    wizard = open_flow(window, "check-source", CheckSourceWizard)
    page = wizard.currentPage()
    assert isinstance(page, SourceLoginPage)
    page.fields.host.setText(dms_source.host)
    page.fields.port.setValue(dms_source.port)
    page.fields.user.setText("dms")
    page.fields.user.editingFinished.emit()
    assert page.fields.password.text() == DMS_PASSWORD
    page.schema_picker.line.setText("shop")
    leave_page(wizard, qtbot)
    progress = wizard.currentPage()
    assert isinstance(progress, CheckProgressPage)
    qtbot.waitUntil(lambda: progress.succeeded or progress.last_error is not None, timeout=WAIT_MS)
    assert progress.last_error is None
    assert database_passwords(dict_keyring) == {login_name: DMS_PASSWORD}

    # The command finds it too (no MIGRATION_ASSISTANT_SOURCE_PASSWORD: dict_keyring unsets it).
    parser = argparse.ArgumentParser(prog="migration-assistant")
    preflight.add_parser(parser.add_subparsers())
    where = ["--host", dms_source.host, "--port", str(dms_source.port), "--user", "dms"]
    args = parser.parse_args(["preflight", *where, "--schema", "shop"])
    # A command runs its own event loop (asyncio.run): not on the window's running one.
    with ThreadPoolExecutor(1) as command_thread:
        assert command_thread.submit(args.run, args).result() == 0


def test_the_guided_migration_names_its_source_like_every_flow() -> None:
    choices = GuidedChoices(source_server="db1.example.com", source_port=3307, source_user="dms")
    source = validate_endpoint_spec(choices.inputs().source)
    assert source.password_name == password_name("dms", "db1.example.com", 3307)
