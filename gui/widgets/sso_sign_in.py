"""Sign in to IAM Identity Center (SSO) from the app, as ``aws sso login`` does.

The dialog says which account and role the profile uses, shows the page to open and the
code to approve there, and waits (showing for how long) while ``core.aws.sso_login`` polls.
The token lands in the AWS CLI's cache, so the CLI and the app share the sign-in.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.aws import Clock, Connection
from core.aws.sso import SsoProfile
from core.aws.sso_login import DeviceCode, SsoLogin
from core.errors import MigrationAssistantError
from gui.tasks import BackgroundWork
from gui.widgets.fonts import monospace
from gui.widgets.labels import duration

__all__ = ["SsoSignInDialog"]

SIGN_IN_JOB = "sign-in"


class SsoSignInDialog(QDialog):
    """Attributes:
        profile: the SSO profile signing in.
        code: the device code being shown (None before AWS answered, or after a failure).
        error: the last failure, shown with "Sign in again" (None while all is well).
        who, status, url, user_code, cli: the labels (tests and screen readers read them).
        open_browser, copy_code, retry, cancel: the buttons.

    Signals:
        signed_in(): the token is cached; the dialog then closes with accept().
    """

    signed_in = Signal()

    def __init__(
        self,
        profile: SsoProfile,
        work: BackgroundWork,
        connection: Connection | None = None,
        parent: QWidget | None = None,
        *,
        clock: Clock | None = None,
        reason: str = "",
    ) -> None:
        """``reason``: why a sign-in is needed (TokenState.meaning), said first."""
        super().__init__(parent)
        self.setObjectName("ssoSignInDialog")
        self.setWindowTitle(f"Sign in to AWS: profile {profile.profile}")
        self.profile = profile
        self.code: DeviceCode | None = None
        self.error: MigrationAssistantError | None = None
        self._work = work
        self._login = SsoLogin(profile, connection, clock=clock)
        self._shown_at = 0.0

        self.who = self._label(f"{reason} {profile.describe()}".strip(), "Account and role")
        self.steps = self._label(
            "Open the page below in your browser, check that it shows the same code, and "
            "approve the sign-in. The app connects as soon as you have approved.",
            "What to do",
        )
        self.url = self._label("", "Sign-in page")
        self.url.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.user_code = self._label("", "Code to approve")
        monospace(self.user_code)
        self.user_code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # The style sheet sets every widget's size; the code must stand out from it.
        self.user_code.setStyleSheet("font-size: 18pt; font-weight: 600;")
        self.code_box = QWidget()
        form = QFormLayout(self.code_box)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Page", self.url)
        form.addRow("Code", self.user_code)
        self.cli = self._label(
            f"The same sign-in from a terminal: {profile.login_command()}", "Command line"
        )
        self.cli.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = self._label("Asking AWS for a sign-in code…", "Sign-in status")
        self.status.setObjectName("signInStatus")

        self.open_browser = self._button("Open browser", "Open the sign-in page in your browser")
        self.copy_code = self._button("Copy code", "Copy the code to the clipboard")
        self.retry = self._button("Sign in again", "Start a new sign-in with a new code")
        self.cancel = self._button("Cancel", "Stop waiting and do not sign in")
        self.open_browser.setObjectName("primaryButton")
        self.open_browser.clicked.connect(self.open_page)
        self.copy_code.clicked.connect(self.copy)
        self.retry.clicked.connect(self.start)
        self.cancel.clicked.connect(self.reject)

        buttons = QHBoxLayout()
        for button in (self.open_browser, self.copy_code, self.retry):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel)
        layout = QVBoxLayout(self)
        for part in (self.who, self.steps, self.code_box, self.status, self.cli):
            layout.addWidget(part)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)
        self.retry.hide()

        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._show_waiting)
        self.finished.connect(lambda _: self._stop())
        self._show_code_controls(False)

    def _label(self, text: str, name: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setAccessibleName(name)
        return label

    def _button(self, text: str, description: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text)
        button.setAccessibleDescription(description)
        return button

    # -- the sign-in ---------------------------------------------------------------------

    def start(self) -> None:
        """Ask AWS for a code and wait for the approval (again, after a failure)."""
        self.error = None
        self.code = None
        self.retry.hide()
        self._show_code_controls(False)
        self.status.setText("Asking AWS for a sign-in code…")
        self._work.start(
            self._login.sign_in(self._show_code),
            owner=self,
            name=f"sign in with profile {self.profile.profile}",
            key=SIGN_IN_JOB,
            on_result=lambda _: self._signed_in(),
            on_error=self._failed,
        )

    def _show_code(self, code: DeviceCode) -> None:
        self.code = code
        self._shown_at = time.monotonic()
        self.url.setText(code.verification_uri)
        self.user_code.setText(code.user_code)
        self._show_code_controls(True)
        self._show_waiting()
        self._ticker.start()

    def _show_waiting(self) -> None:
        if self.code is None:
            return
        waited = time.monotonic() - self._shown_at
        left = self.code.expires_in - waited
        self.status.setText(
            f"Waiting for you to approve in the browser… {duration(max(0.0, waited))} "
            f"(the code is good for {duration(max(0.0, left))} more)"
        )

    def _signed_in(self) -> None:
        self._ticker.stop()
        self.status.setText("Signed in.")
        self.signed_in.emit()
        self.accept()

    def _failed(self, error: MigrationAssistantError) -> None:
        self._ticker.stop()
        self.error = error
        self.code = None
        self._show_code_controls(False)
        self.status.setText(error.plain())
        self.retry.show()

    def _show_code_controls(self, visible: bool) -> None:
        for widget in (self.steps, self.code_box, self.open_browser, self.copy_code):
            widget.setVisible(visible)

    def _stop(self) -> None:
        """Closed (signed in, Cancel, Esc): no more polling."""
        self._ticker.stop()
        self._work.cancel(self, SIGN_IN_JOB)

    # -- buttons -------------------------------------------------------------------------

    def open_page(self) -> None:
        """The page with the code filled in, so the user only has to approve."""
        if self.code is not None:
            QDesktopServices.openUrl(QUrl(self.code.verification_uri_complete))

    def copy(self) -> None:
        if self.code is not None:
            QGuiApplication.clipboard().setText(self.code.user_code)
