"""Connecting through an SSO profile signs in from the window, against the fake SSO service
(tests/fixtures/fake_sso.py) with the Sandbox standing in for STS. The sign-in waits on a
QuickClock (20 ms of real time per poll interval); the tests wait on conditions."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from core.aws import SANDBOX_ACCOUNT_ID
from core.aws.sso import read_token, sso_profile
from core.settings import ConnectionMode
from gui import sign_in
from gui.main_window import MainWindow
from gui.widgets.sso_sign_in import SsoSignInDialog
from tests.fixtures.fake_sso import ROLE_NAME, QuickClock, SsoHome, point_sts_at, sign_in_now

WAIT_MS = 15_000


@pytest.fixture
def sso_window(
    sso_home: SsoHome, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> MainWindow:
    """The window (its profile list read with the SSO profiles in place), STS in the Sandbox."""
    assert window.context.sandbox is not None
    point_sts_at(monkeypatch, window.context.sandbox)
    monkeypatch.setattr(sign_in, "sign_in_clock", QuickClock)
    return window


def _connect(window: MainWindow, profile: str = "sso-dev") -> None:
    bar = window.connection_bar
    bar.mode.setCurrentIndex(bar.mode.findData(ConnectionMode.PROFILE))
    bar.profile.setCurrentIndex(bar.profile.findData(profile))
    assert bar.selected_profile() == profile
    bar.apply.click()


def _dialog(window: MainWindow) -> SsoSignInDialog | None:
    shown = [d for d in window.findChildren(SsoSignInDialog) if d.isVisible()]
    return shown[0] if shown else None


def _wait_for_code(qtbot: QtBot, window: MainWindow) -> SsoSignInDialog:
    qtbot.waitUntil(lambda: _dialog(window) is not None, timeout=WAIT_MS)
    dialog = _dialog(window)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.code is not None, timeout=WAIT_MS)
    return dialog


def _connected(window: MainWindow) -> bool:
    return SANDBOX_ACCOUNT_ID in window.connection_bar.account.text()


def test_connecting_opens_the_sign_in_and_connects_once_approved(
    sso_window: MainWindow, sso_home: SsoHome, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", opened.append)
    _connect(sso_window)
    dialog = _wait_for_code(qtbot, sso_window)
    assert dialog.code is not None
    code = dialog.code.user_code

    assert f"account {SANDBOX_ACCOUNT_ID} as role {ROLE_NAME}" in dialog.who.text()
    assert dialog.user_code.text() == code
    assert dialog.cli.text().endswith("aws sso login --profile sso-dev")
    assert dialog.url.text() == dialog.code.verification_uri
    # Polled and told "pending" at least once: the dialog says it waits for the browser.
    qtbot.waitUntil(lambda: "CreateToken:device_code" in sso_home.service.calls)
    assert dialog.status.text().startswith("Waiting for you to approve in the browser… 0:0")
    dialog.copy_code.click()
    assert QGuiApplication.clipboard().text() == code
    dialog.open_browser.click()
    assert [url.toString() for url in opened] == [dialog.code.verification_uri_complete]
    for control in (dialog.open_browser, dialog.copy_code, dialog.cancel, dialog.user_code):
        assert control.accessibleName()

    sso_home.service.approve()

    qtbot.waitUntil(lambda: _connected(sso_window), timeout=WAIT_MS)
    assert _dialog(sso_window) is None
    profile = sso_profile("sso-dev")
    assert profile is not None
    token = json.loads(profile.cache_file().read_text())
    assert token["startUrl"] == profile.start_url and token["refreshToken"]
    assert sso_home.service.calls[-1] == "GetRoleCredentials"
    qtbot.waitUntil(lambda: not sso_window.context.work.running(), timeout=WAIT_MS)


def test_a_denied_or_expired_sign_in_says_so_and_signs_in_again(
    sso_window: MainWindow, sso_home: SsoHome, qtbot: QtBot
) -> None:
    _connect(sso_window)
    dialog = _wait_for_code(qtbot, sso_window)
    for settle, message in (
        (sso_home.service.deny, "The sign-in was denied in the browser."),
        (
            sso_home.service.expire,
            "The sign-in code expired before it was approved in the browser.",
        ),
    ):
        shown = dialog.code

        settle()

        qtbot.waitUntil(dialog.retry.isVisible, timeout=WAIT_MS)
        assert dialog.status.text().startswith(message)
        assert "Sign in again" in dialog.status.text()
        assert not dialog.user_code.isVisible()
        dialog.retry.click()
        qtbot.waitUntil(lambda: dialog.code not in (None, shown), timeout=WAIT_MS)  # noqa: B023
    sso_home.service.approve()
    qtbot.waitUntil(lambda: _connected(sso_window), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not sso_window.context.work.running(), timeout=WAIT_MS)


def test_cancel_stops_waiting_and_says_how_to_sign_in_later(
    sso_window: MainWindow, sso_home: SsoHome, qtbot: QtBot
) -> None:
    _connect(sso_window)
    dialog = _wait_for_code(qtbot, sso_window)

    with qtbot.waitSignal(sso_window.ready, timeout=WAIT_MS):
        dialog.cancel.click()

    qtbot.waitUntil(lambda: not sso_window.context.work.running(), timeout=WAIT_MS)
    assert _dialog(sso_window) is None
    assert not _connected(sso_window)
    assert not [box for box in sso_window.findChildren(QMessageBox) if box.isVisible()]
    assert sso_window.statusBar().currentMessage() == (
        "Not signed in to profile sso-dev. Press Connect to sign in, or run "
        "aws sso login --profile sso-dev."
    )
    profile = sso_profile("sso-dev")
    assert profile is not None and read_token(profile) is None


def test_an_expired_token_with_a_refresh_token_connects_without_the_dialog(
    sso_window: MainWindow, sso_home: SsoHome, qtbot: QtBot
) -> None:
    sign_in_now(sso_home, expired=True)

    _connect(sso_window)

    qtbot.waitUntil(lambda: _connected(sso_window), timeout=WAIT_MS)
    assert sso_window.findChildren(SsoSignInDialog) == []
    assert "CreateToken:refresh_token" in sso_home.service.calls
    qtbot.waitUntil(lambda: not sso_window.context.work.running(), timeout=WAIT_MS)
