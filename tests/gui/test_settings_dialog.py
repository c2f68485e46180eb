from __future__ import annotations

from pathlib import Path

import certifi
from PySide6.QtWidgets import (
    QAbstractButton,
    QDoubleSpinBox,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from core.network import NetworkSettings, ProxyMode
from core.settings import Settings
from gui.main_window import MainWindow
from gui.widgets.settings_dialog import SettingsDialog
from gui.wizards.base import ProgressPage
from gui.wizards.prerequisites import PrerequisitesWizard
from tests.fixtures.silent_servers import impatient_door
from tests.fixtures.wizards import open_flow


def test_edit_settings_opens_the_settings_dialog(window: MainWindow) -> None:
    edit = window.menuBar().actions()[1]  # after File
    assert edit.text() == "&Edit"
    window.settings_action.trigger()
    dialogs = [w for w in window.findChildren(SettingsDialog) if w.isVisible()]
    assert len(dialogs) == 1
    dialogs[0].reject()


def test_saved_settings_reach_the_connection_and_the_file_and_come_back(
    window: MainWindow, tmp_path: Path
) -> None:
    dialog = window.open_settings()
    dialog.proxy_modes[ProxyMode.MANUAL].click()
    dialog.proxy_url.setText("proxy.example.com:3128")
    dialog.ca_bundle.setText(certifi.where())
    dialog.connect_timeout.setValue(12)
    dialog.save()

    expected = NetworkSettings(
        ProxyMode.MANUAL, "http://proxy.example.com:3128", certifi.where(), 12.0
    )
    assert not dialog.isVisible()
    assert window.context.connection.network == expected
    assert Settings.load(window.context.paths.settings_file).network == expected
    # The Sandbox still answers (it is never proxied), with the new door.
    assert window.context.door.client("sts")._client_config.proxies == {}

    again = window.open_settings()
    assert again.network() == expected
    assert again.proxy_url.isEnabled()
    again.proxy_modes[ProxyMode.SYSTEM].click()
    assert not again.proxy_url.isEnabled()
    again.reject()


def test_the_ca_bundle_is_picked_from_a_file_dialog(window: MainWindow) -> None:
    dialog = window.open_settings()
    picker = dialog.choose_ca_bundle()
    assert picker.isVisible()
    picker.fileSelected.emit(certifi.where())
    picker.reject()
    assert dialog.ca_bundle.text() == certifi.where()
    dialog.reject()


def test_every_control_of_both_dialogs_has_an_accessible_name(window: MainWindow) -> None:
    for dialog in (window.open_settings(), window.ask_for_keys()):
        fields: list[QWidget] = [
            *dialog.findChildren(QLineEdit),
            *dialog.findChildren(QDoubleSpinBox),
        ]
        buttons = dialog.findChildren(QAbstractButton)
        assert fields and buttons
        # Qt's own parts (a spin box's line edit, "qt_spinbox_lineedit") go by their owner's.
        ours = [f for f in fields if not f.objectName().startswith("qt_")]
        assert [f.objectName() for f in ours if not f.accessibleName()] == []
        assert [b for b in buttons if not (b.accessibleName() or b.text())] == []
        dialog.reject()


def test_settings_that_cannot_work_are_named_next_to_their_fields(window: MainWindow) -> None:
    dialog = window.open_settings()
    dialog.proxy_modes[ProxyMode.MANUAL].click()
    dialog.proxy_url.setText("ftp://proxy.example.com:21")
    dialog.ca_bundle.setText("/nowhere/proxy-ca.pem")
    dialog.connect_timeout.setValue(0)
    dialog.save()

    shown = dialog.fields.shown()
    assert "starts with http:// or https://" in shown["proxy_url"]
    assert shown["ca_bundle"].startswith("There is no file /nowhere/proxy-ca.pem.")
    assert "from 1 to 120 seconds" in shown["connect_timeout"]
    assert dialog.isVisible()
    assert window.context.connection.network == NetworkSettings()
    dialog.reject()


def _wait_on(window: MainWindow, black_hole: str) -> None:
    door = impatient_door(black_hole)
    door.add_listener(window.context._forward_call)
    window.context.door = door


def test_a_run_page_says_it_is_still_waiting_for_aws(
    window: MainWindow, qtbot: QtBot, black_hole: str
) -> None:
    _wait_on(window, black_hole)
    wizard = open_flow(window, "prerequisites", PrerequisitesWizard)
    wizard.next()
    progress = wizard.currentPage()
    assert isinstance(progress, ProgressPage)

    qtbot.waitUntil(lambda: "attempt 1 of 2" in progress.waiting.text(), timeout=5_000)
    assert progress.waiting.isVisible()
    qtbot.waitUntil(lambda: progress.last_error is not None, timeout=10_000)
    assert not progress.waiting.isVisible() and not progress.waiting.text()
    assert "did not answer" in progress.error.text()


def test_who_am_i_says_it_is_still_waiting_then_fails_plainly(
    window: MainWindow, qtbot: QtBot, black_hole: str
) -> None:
    _wait_on(window, black_hole)

    window.connection_bar.who.click()

    qtbot.waitUntil(lambda: "attempt 1 of 2" in window.waiting.text(), timeout=5_000)
    assert window.waiting.isVisible()
    qtbot.waitUntil(lambda: "attempt 2 of 2" in window.activity.table.item(0, 2).text())  # type: ignore[union-attr]
    bar = window.connection_bar
    qtbot.waitUntil(bar.retry.isVisible, timeout=10_000)
    assert bar.account.text().startswith(
        "Could not connect to Sandbox: AWS did not answer 'sts get-caller-identity' within 1 s, "
        "tried 2 times."
    )
    assert window.statusBar().currentMessage().startswith("Not connected: AWS did not answer")
    assert not window.waiting.isVisible()
