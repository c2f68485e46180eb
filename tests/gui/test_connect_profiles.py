"""Connecting with profiles: the MFA dialog (a fake STS that accepts one code), the region
that follows the profile, the profile list read again when it opens. A private AWS config
(tests/fixtures/fake_sts.py), never the user's ~/.aws."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from core.paths import AppPaths
from core.settings import ConnectionMode, Settings
from gui.main_window import MainWindow
from gui.widgets.connection_bar import ConnectionBar
from gui.widgets.mfa_dialog import MfaDialog
from tests.fixtures.dialogs import open_dialogs
from tests.fixtures.fake_sts import ACCOUNT, MFA_SERIAL, RIGHT_CODE, FakeSts, MfaProfiles


def open_mfa_dialogs() -> list[MfaDialog]:
    return open_dialogs(MfaDialog)


def mfa_dialog(qtbot: QtBot) -> MfaDialog:
    """The MFA dialog once it is open."""
    qtbot.waitUntil(lambda: bool(open_mfa_dialogs()), timeout=10_000)
    return open_mfa_dialogs()[0]


def pick_profile(bar: ConnectionBar, name: str) -> None:
    bar.mode.setCurrentIndex(bar.mode.findData(ConnectionMode.PROFILE))
    bar.reload_profiles()
    bar.profile.setCurrentIndex(bar.profile.findData(name))


@pytest.fixture
def deploy_chosen(mfa_profiles: MfaProfiles, fake_sts: FakeSts, window: MainWindow) -> MainWindow:
    """The window with the role+MFA profile ``deploy`` chosen in the bar (not connected)."""
    pick_profile(window.connection_bar, "deploy")
    return window


def test_the_right_mfa_code_connects_with_the_role(
    deploy_chosen: MainWindow, fake_sts: FakeSts, app_paths: AppPaths, qtbot: QtBot
) -> None:
    window, bar = deploy_chosen, deploy_chosen.connection_bar
    bar.apply.click()
    dialog = mfa_dialog(qtbot)
    assert dialog.serial.text() == MFA_SERIAL
    assert bar.account.text() == "Connecting to Profile deploy in ap-southeast-2…"
    dialog.code.setText("12")
    dialog.ok.click()
    assert (
        dialog.isVisible() and dialog.problem.text() == "Enter the 6 digits your MFA device shows."
    )
    assert fake_sts.codes == []
    dialog.code.setText(RIGHT_CODE)
    with qtbot.waitSignal(window.ready, timeout=10_000):
        dialog.ok.click()
    assert fake_sts.codes == [RIGHT_CODE]
    assert window.statusBar().currentMessage() == (
        f"Connected as arn:aws:sts::{ACCOUNT}:assumed-role/deploy/migration-assistant "
        f"({ACCOUNT}, ap-southeast-2)"
    )
    # "Who am I?" asks AWS again on the same MFA session: no new code.
    calls = len(window.activity.commands())
    with qtbot.waitSignal(window.ready, timeout=10_000):
        bar.who.click()
    assert not open_mfa_dialogs() and fake_sts.codes == [RIGHT_CODE]
    assert window.activity.commands()[calls:] == [
        "aws sts get-caller-identity --profile deploy --region ap-southeast-2"
    ]
    saved = Settings.load(app_paths.settings_file)
    assert (saved.connection, saved.profile, saved.region) == (
        ConnectionMode.PROFILE,
        "deploy",
        "ap-southeast-2",
    )


def test_a_wrong_mfa_code_asks_again_with_the_reason(
    deploy_chosen: MainWindow, fake_sts: FakeSts, qtbot: QtBot
) -> None:
    window, bar = deploy_chosen, deploy_chosen.connection_bar
    bar.apply.click()
    first = mfa_dialog(qtbot)
    assert not first.problem.isVisible()
    first.code.setText("000000")
    first.ok.click()
    qtbot.waitUntil(lambda: any(d is not first for d in open_mfa_dialogs()), timeout=10_000)
    again = open_mfa_dialogs()[0]
    assert again.problem.text().startswith("AWS did not accept the MFA code.")
    again.code.setText(RIGHT_CODE)
    with qtbot.waitSignal(window.ready, timeout=10_000):
        again.ok.click()
    assert fake_sts.codes == ["000000", RIGHT_CODE]
    assert window.context.connection.profile == "deploy"


def test_cancelling_the_mfa_code_keeps_the_previous_connection(
    deploy_chosen: MainWindow, fake_sts: FakeSts, app_paths: AppPaths, qtbot: QtBot
) -> None:
    window, bar = deploy_chosen, deploy_chosen.connection_bar
    with qtbot.waitSignal(window.ready, timeout=10_000):
        bar.who.click()
    assert bar.selected_profile() == "deploy"
    bar.apply.click()
    with qtbot.waitSignal(window.ready, timeout=10_000):
        mfa_dialog(qtbot).cancel.click()
    assert window.context.connection.is_sandbox and window.banner.isVisible()
    assert bar.selected_mode() is ConnectionMode.SANDBOX and bar.region.currentText() == "us-east-1"
    assert bar.account.text().startswith("Connected as ") and bar.apply.isEnabled()
    assert window.statusBar().currentMessage() == (
        "No MFA code was entered; the connection is unchanged."
    )
    assert Settings.load(app_paths.settings_file).connection is ConnectionMode.SANDBOX
    assert fake_sts.codes == []


def test_the_region_follows_the_chosen_profile(
    mfa_profiles: MfaProfiles, window: MainWindow
) -> None:
    bar = window.connection_bar
    pick_profile(bar, "ana")
    assert bar.region.currentText() == "us-west-2"
    pick_profile(bar, "deploy")
    assert bar.region.currentText() == "ap-southeast-2"
    # The user may still choose another region.
    bar.region.setCurrentText("eu-west-1")
    assert bar.region.currentText() == "eu-west-1"
    assert bar.profile.currentText() == "deploy — role+MFA, ap-southeast-2"


# The offscreen platform cannot raise a popup or grab the keyboard; the list opens anyway.
@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing the keyboard")
def test_profiles_added_while_the_app_runs_appear_when_the_list_opens(
    mfa_profiles: MfaProfiles, window: MainWindow
) -> None:
    bar = window.connection_bar
    pick_profile(bar, "ana")
    with mfa_profiles.config.open("a", encoding="utf-8") as config:
        config.write("\n[profile vault]\ncredential_process = /bin/false\nregion = eu-west-1\n")
    assert bar.profile.findData("vault") < 0
    bar.profile.showPopup()
    bar.profile.hidePopup()
    assert bar.profile.itemText(bar.profile.findData("vault")) == "vault — process, eu-west-1"
    assert bar.selected_profile() == "ana" and bar.region.currentText() == "us-west-2"


def test_a_connect_cancelled_while_the_mfa_dialog_is_open_ends_its_call(
    deploy_chosen: MainWindow, fake_sts: FakeSts, qtbot: QtBot
) -> None:
    window = deploy_chosen
    window.connection_bar.apply.click()
    mfa_dialog(qtbot)
    window.context.work.cancel(window, "connect")
    # The dialog goes, and the worker thread that waited for its code ends (the loop
    # fixture waits for every worker thread).
    qtbot.waitUntil(lambda: not open_mfa_dialogs() and not window.context.work.running())
    assert window.context.connection.is_sandbox
    assert fake_sts.codes == []
