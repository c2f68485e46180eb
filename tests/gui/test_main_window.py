from __future__ import annotations

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from core.aws import SANDBOX_ACCOUNT_ID
from core.credentials import AccessKeys, InMemoryStore, save_access_keys
from core.errors import AccessDenied
from core.paths import AppPaths
from core.settings import ConnectionMode, Settings
from gui.app import starting_settings
from gui.main_window import MainWindow
from gui.widgets.banner import SANDBOX_TEXT
from gui.widgets.error_dialog import show_error
from tests.fixtures.dialogs import open_dialogs
from tests.fixtures.fake_sts import REJECTED_KEY, USER_ARN, FakeSts

SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


def open_error_dialogs() -> list[QMessageBox]:
    return open_dialogs(QMessageBox)


def test_opens_in_the_sandbox_with_its_banner(window: MainWindow) -> None:
    assert window.context.connection.is_sandbox
    assert window.banner.isVisible()
    assert SANDBOX_TEXT in window.banner.text()
    assert window.connection_bar.selected_mode() is ConnectionMode.SANDBOX
    assert window.context.connection.endpoint_url.startswith("http://127.0.0.1:")  # type: ignore[union-attr]


def test_who_am_i_shows_the_account_and_the_call_in_the_activity_panel(
    window: MainWindow, app_paths: AppPaths, qtbot: QtBot
) -> None:
    with qtbot.waitSignal(window.ready, timeout=10_000):
        window.connection_bar.who.click()
    # Nothing was chosen: a run opened in the Sandbox keeps the saved choice as it was.
    assert not app_paths.settings_file.exists()
    assert window.connection_bar.account.text() == (
        f"Connected as arn:aws:sts::{SANDBOX_ACCOUNT_ID}:user/moto "
        f"({SANDBOX_ACCOUNT_ID}, us-east-1)"
    )
    assert window.statusBar().currentMessage() == window.connection_bar.account.text()
    commands = window.activity.commands()
    assert commands[-1].startswith("aws sts get-caller-identity --endpoint-url http://127.0.0.1:")
    qtbot.waitUntil(lambda: "ms" in window.activity.table.item(0, 3).text())  # type: ignore[union-attr]


def test_connecting_is_a_visible_state(window: MainWindow, qtbot: QtBot) -> None:
    bar = window.connection_bar
    with qtbot.waitSignal(window.ready, timeout=10_000):
        bar.apply.click()
        # Seen before the loop runs the connect: the state is set when it starts.
        assert bar.account.text() == "Connecting to Sandbox in us-east-1…"
        assert window.statusBar().currentMessage() == "Connecting to Sandbox in us-east-1…"
        assert bar.busy.isVisible() and not bar.apply.isEnabled() and not bar.who.isEnabled()
    assert not bar.busy.isVisible() and bar.apply.isEnabled()
    assert bar.account.text().startswith("Connected as ")


def choose_keys(window: MainWindow, store: InMemoryStore, key_id: str, region: str) -> None:
    save_access_keys(store, AccessKeys(key_id, "not-a-real-secret"))
    bar = window.connection_bar
    bar.mode.setCurrentIndex(bar.mode.findData(ConnectionMode.KEYS))
    bar.region.setCurrentText(region)


def test_switching_to_stored_keys_hides_the_banner_and_back(
    window: MainWindow, store: InMemoryStore, fake_sts: FakeSts, app_paths: AppPaths, qtbot: QtBot
) -> None:
    bar = window.connection_bar
    choose_keys(window, store, "AKIAIOSFODNN7EXAMPLE", "eu-west-1")
    assert bar.keys.isVisible() and not bar.profile.isVisible()
    with qtbot.waitSignal(window.ready, timeout=10_000):
        bar.apply.click()
    assert window.context.connection.mode is ConnectionMode.KEYS
    assert window.context.connection.region == "eu-west-1"
    assert not window.banner.isVisible()
    assert window.statusBar().currentMessage() == (
        f"Connected as {USER_ARN} (111122223333, eu-west-1)"
    )
    assert Settings.load(app_paths.settings_file).connection is ConnectionMode.KEYS
    bar.mode.setCurrentIndex(bar.mode.findData(ConnectionMode.SANDBOX))
    with qtbot.waitSignal(window.ready, timeout=10_000):
        bar.apply.click()
    assert window.banner.isVisible()
    assert SANDBOX_ACCOUNT_ID in bar.account.text()


def test_a_failed_connect_is_not_saved_and_offers_retry(
    window: MainWindow, store: InMemoryStore, fake_sts: FakeSts, app_paths: AppPaths, qtbot: QtBot
) -> None:
    bar = window.connection_bar
    choose_keys(window, store, REJECTED_KEY, "eu-west-1")
    with qtbot.waitSignal(window.ready, timeout=10_000):
        bar.apply.click()
    status = window.statusBar().currentMessage()
    assert status.startswith(
        "Could not connect to Stored access keys: AWS did not accept your credentials"
    )
    assert "Connected" not in status and "Still working with Sandbox in us-east-1." in status
    assert bar.account.text().startswith("Could not connect to Stored access keys")
    assert bar.retry.isVisible() and bar.use_sandbox.isVisible()
    assert window.context.connection.is_sandbox and window.banner.isVisible()
    assert not app_paths.settings_file.exists()
    # Retry tries the same choice again: with keys that work now, it connects.
    save_access_keys(store, AccessKeys("AKIAIOSFODNN7EXAMPLE", "not-a-real-secret"))
    with qtbot.waitSignal(window.ready, timeout=10_000):
        bar.retry.click()
    assert window.context.connection.mode is ConnectionMode.KEYS
    assert not bar.retry.isVisible()
    assert Settings.load(app_paths.settings_file).connection is ConnectionMode.KEYS


def test_a_saved_connection_that_stops_working_is_not_reopened(
    window: MainWindow, store: InMemoryStore, fake_sts: FakeSts, app_paths: AppPaths, qtbot: QtBot
) -> None:
    bar = window.connection_bar
    choose_keys(window, store, "AKIAIOSFODNN7EXAMPLE", "eu-west-1")
    with qtbot.waitSignal(window.ready, timeout=10_000):
        bar.apply.click()
    fake_sts.rejected.add("AKIAIOSFODNN7EXAMPLE")  # as when an administrator disables it
    with qtbot.waitSignal(window.ready, timeout=10_000):
        bar.who.click()
    assert window.statusBar().currentMessage().startswith(
        "Not connected: AWS did not accept your credentials"
    )
    assert bar.retry.isVisible() and bar.use_sandbox.isVisible()
    assert starting_settings(app_paths, force_sandbox=False).connection is ConnectionMode.SANDBOX
    with qtbot.waitSignal(window.ready, timeout=10_000):
        bar.use_sandbox.click()
    assert window.context.connection.is_sandbox
    assert bar.account.text().startswith("Connected as ")


def test_a_profile_must_be_chosen_before_connecting(window: MainWindow, qtbot: QtBot) -> None:
    bar = window.connection_bar
    bar.mode.setCurrentIndex(bar.mode.findData(ConnectionMode.PROFILE))
    bar.profile.setCurrentIndex(-1)
    bar.apply.click()
    dialogs = open_error_dialogs()
    assert [d.text() for d in dialogs] == ["No AWS profile is chosen."]
    assert window.context.connection.is_sandbox
    dialogs[0].close()


def test_the_error_dialog_shows_message_fix_and_details(window: MainWindow) -> None:
    error = AccessDenied("AWS denied access to 'rds create-db-instance'.", details="AccessDenied")
    box = show_error(error, window)
    assert box.text() == error.message
    assert "administrator" in box.informativeText()
    assert box.detailedText() == "AccessDenied"
    box.close()


def test_the_credentials_dialog_stores_keys_in_the_store(
    window: MainWindow, store: InMemoryStore
) -> None:
    dialog = window.ask_for_keys()
    dialog.key_id.setText("short")
    dialog.secret.setText("s")
    dialog.save()
    assert set(dialog.fields.shown()) == {"access_key_id", "secret_access_key"}
    assert dialog.isVisible()
    dialog.key_id.setText("AKIAIOSFODNN7EXAMPLE")
    dialog.secret.setText(SECRET)
    dialog.save()
    assert not dialog.isVisible()
    assert store.get("aws-secret-access-key") == SECRET
    assert dialog.secret.text() == ""


def test_home_cards_open_their_flow_and_come_back(window: MainWindow) -> None:
    assert "resources" in window.home.buttons
    window.home.buttons["resources"].click()
    page = window.current_page()
    assert page is not None and page.property("flowKey") == "resources"
    assert window.flow_header.isVisible()
    window.back.click()
    assert window.current_page() is window.home


def test_who_am_i_leaves_the_open_flow_open(window: MainWindow, qtbot: QtBot) -> None:
    window.home.buttons["resources"].click()
    with qtbot.waitSignal(window.ready, timeout=10_000):
        window.connection_bar.who.click()
    page = window.current_page()
    assert page is not None and page.property("flowKey") == "resources"
