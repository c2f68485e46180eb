from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from core.aws import SANDBOX_ACCOUNT_ID
from core.credentials import AccessKeys, InMemoryStore, save_access_keys
from core.errors import AccessDenied
from core.settings import ConnectionMode
from gui.main_window import MainWindow
from gui.widgets.banner import SANDBOX_TEXT
from gui.widgets.error_dialog import show_error

SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


def open_error_dialogs() -> list[QMessageBox]:
    return [
        widget
        for widget in QApplication.topLevelWidgets()
        if isinstance(widget, QMessageBox) and widget.isVisible()
    ]


def test_opens_in_the_sandbox_with_its_banner(window: MainWindow) -> None:
    assert window.context.connection.is_sandbox
    assert window.banner.isVisible()
    assert SANDBOX_TEXT in window.banner.text()
    assert window.connection_bar.selected_mode() is ConnectionMode.SANDBOX
    assert window.context.connection.endpoint_url.startswith("http://127.0.0.1:")  # type: ignore[union-attr]


def test_who_am_i_shows_the_account_and_the_call_in_the_activity_panel(
    window: MainWindow, qtbot: QtBot
) -> None:
    with qtbot.waitSignal(window.ready, timeout=10_000):
        window.connection_bar.who.click()
    assert SANDBOX_ACCOUNT_ID in window.connection_bar.account.text()
    commands = window.activity.commands()
    assert commands[-1].startswith("aws sts get-caller-identity --endpoint-url http://127.0.0.1:")
    qtbot.waitUntil(lambda: "ms" in window.activity.table.item(0, 3).text())  # type: ignore[union-attr]


def test_switching_to_stored_keys_hides_the_banner_and_back(
    window: MainWindow, store: InMemoryStore, qtbot: QtBot
) -> None:
    save_access_keys(store, AccessKeys("AKIAIOSFODNN7EXAMPLE", "not-a-real-secret"))
    bar = window.connection_bar
    bar.mode.setCurrentIndex(bar.mode.findData(ConnectionMode.KEYS))
    assert bar.keys.isVisible() and not bar.profile.isVisible()
    bar.region.setCurrentText("eu-west-1")
    with qtbot.waitSignal(window.context.connection_changed):
        bar.apply.click()
    assert window.context.connection.mode is ConnectionMode.KEYS
    assert window.context.connection.region == "eu-west-1"
    assert not window.banner.isVisible()
    assert "Stored access keys" in window.statusBar().currentMessage()
    # The identity check against real AWS cannot succeed here; it fails with a plain dialog.
    qtbot.waitUntil(lambda: bool(open_error_dialogs()), timeout=30_000)
    for dialog in open_error_dialogs():
        dialog.close()
    bar.mode.setCurrentIndex(bar.mode.findData(ConnectionMode.SANDBOX))
    with qtbot.waitSignal(window.ready, timeout=10_000):
        bar.apply.click()
    assert window.banner.isVisible()
    assert SANDBOX_ACCOUNT_ID in bar.account.text()


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
