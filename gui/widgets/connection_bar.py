"""The connection bar: Sandbox, an AWS profile, or stored keys; the region; who we are.

Connecting is a visible state here: "Connecting to …" with a busy indicator and Connect
disabled, then "Connected as ARN (account, region)" or the plain error with Retry."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.aws import Connection
from core.aws.door import CallerIdentity
from core.aws.profiles import ProfileInfo
from core.errors import MigrationAssistantError
from core.settings import ConnectionMode
from gui.widgets.labels import duration

__all__ = ["ConnectionBar", "ProfileCombo", "connected_text"]

W = TypeVar("W", bound=QWidget)

_MODE_LABELS = {
    ConnectionMode.SANDBOX: "Sandbox (simulated AWS)",
    ConnectionMode.PROFILE: "AWS profile",
    ConnectionMode.KEYS: "Stored access keys",
}


def connected_text(identity: CallerIdentity, connection: Connection) -> str:
    return f"Connected as {identity.arn} ({identity.account}, {connection.region})"


class ProfileCombo(QComboBox):
    """Profiles, read again each time the list opens (profiles added meanwhile appear)."""

    opening = Signal()

    def showPopup(self) -> None:  # noqa: N802 - Qt's name
        self.opening.emit()
        super().showPopup()


class ConnectionBar(QWidget):
    """Choose where the app works. Emits ``switch_requested`` when the user applies a choice.

    Signals:
        switch_requested(object, str, str): mode, region, profile.
        retry_requested(): connect again to what failed.
        sandbox_requested(): the user gave up on a failing connection for the Sandbox.
        credentials_requested(): the user wants to enter access keys.
        identity_requested(): the user asked "who am I?".
    """

    switch_requested = Signal(object, str, str)
    retry_requested = Signal()
    sandbox_requested = Signal()
    credentials_requested = Signal()
    identity_requested = Signal()

    def __init__(
        self,
        read_profiles: Callable[[], list[ProfileInfo]],
        regions: list[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("connectionBar")
        self._read_profiles = read_profiles
        self._profile_regions: dict[str, str] = {}
        # Set while the bar itself changes the profile (a restore, a re-read): the region
        # follows only the user's picks.
        self._quiet = False
        self.mode = _named(QComboBox(), "connection-mode", "Connect to")
        for mode, label in _MODE_LABELS.items():
            self.mode.addItem(label, mode)
        # Whole names when there is room; narrower only in an 800-pixel window.
        self.mode.setMinimumWidth(self.mode.minimumSizeHint().width() * 3 // 4)
        self.profile = _named(ProfileCombo(), "connection-profile", "AWS profile")
        self.profile.setMinimumContentsLength(14)  # an 800-pixel window fits the bar
        self.region = _named(QComboBox(), "connection-region", "Region")
        self.region.setEditable(True)
        # Room for the longest names (ap-southeast-2) when a profile sets one.
        self.region.setMinimumContentsLength(13)
        self.region.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.region.addItems(regions)
        self.keys = _named(QPushButton("Access keys…"), "access-keys-button", "Access keys")
        self.apply = _named(QPushButton("&Connect"), "connect-button", "Connect")
        self.who = _named(QPushButton("Who am I?"), "who-am-i-button", "Who am I?")
        self.who.setToolTip("aws sts get-caller-identity")
        self.busy = _named(QProgressBar(), "connection-busy", "Connecting")
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(60)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.account = _named(QLabel(), "account-label", "Connection status")
        # While connecting the status counts the seconds (tests give a fake clock).
        self.clock: Callable[[], float] = time.monotonic
        self._connecting, self._connecting_since = "", 0.0
        self._ticker = QTimer(self)
        self._ticker.setObjectName("connecting-ticker")
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._show_waited)
        self.account.setWordWrap(True)
        self.retry = _named(QPushButton("Retry"), "retry-button", "Retry connecting")
        self.retry.hide()
        self.use_sandbox = _named(
            QPushButton("Use the Sandbox"), "use-sandbox-button", "Use the Sandbox instead"
        )
        self.use_sandbox.hide()
        self._arrange()
        self.mode.currentIndexChanged.connect(self._update_enabled)
        self.profile.opening.connect(self.reload_profiles)
        self.profile.currentIndexChanged.connect(self._profile_picked)
        self.keys.clicked.connect(self.credentials_requested)
        self.who.clicked.connect(self.identity_requested)
        self.apply.clicked.connect(self._request_switch)
        self.retry.clicked.connect(self.retry_requested)
        self.use_sandbox.clicked.connect(self.sandbox_requested)
        self.reload_profiles()
        self._update_enabled()

    def _arrange(self) -> None:
        rows = QVBoxLayout(self)
        rows.setContentsMargins(8, 6, 8, 6)
        rows.setSpacing(4)
        layout = QHBoxLayout()
        self.profile_label = QLabel("Profile")
        self.profile_label.setBuddy(self.profile)
        connect_to = QLabel("Connect to")
        connect_to.setBuddy(self.mode)
        region_label = QLabel("Region")
        region_label.setBuddy(self.region)
        widgets: list[QWidget] = [connect_to, self.mode, self.profile_label, self.profile]
        widgets += [region_label, self.region, self.apply, self.busy]
        for widget in widgets:
            layout.addWidget(widget)
        layout.addStretch(1)
        # Who it is connected as, and the keys, on a row of their own: the bar fits 800 pixels.
        status_row = QHBoxLayout()
        for widget in [self.account, self.retry, self.use_sandbox, self.keys, self.who]:
            status_row.addWidget(widget, 1 if widget is self.account else 0)
        rows.addLayout(layout)
        rows.addLayout(status_row)

    # -- choices -------------------------------------------------------------------------

    def selected_mode(self) -> ConnectionMode:
        # Qt hands item data back as a plain str.
        return ConnectionMode(self.mode.currentData())

    def selected_profile(self) -> str:
        name = self.profile.currentData()
        return str(name) if name else ""

    def reload_profiles(self) -> None:
        """Read the profiles again, keeping the chosen one selected if it is still there."""
        chosen = self.selected_profile()
        profiles = self._read_profiles()
        self._profile_regions = {info.name: info.region for info in profiles}
        self._quiet = True
        try:
            self.profile.clear()
            for info in profiles:
                self.profile.addItem(info.describe(), info.name)
            self.profile.setCurrentIndex(self.profile.findData(chosen) if chosen else -1)
        finally:
            self._quiet = False
        self.profile.setPlaceholderText("no profiles found" if not profiles else "choose…")

    def _profile_picked(self) -> None:
        region = self._profile_regions.get(self.selected_profile(), "")
        if region and not self._quiet:
            self.region.setCurrentText(region)

    def _update_enabled(self) -> None:
        mode = self.selected_mode()
        self.profile.setVisible(mode is ConnectionMode.PROFILE)
        self.profile_label.setVisible(mode is ConnectionMode.PROFILE)
        self.keys.setVisible(mode is ConnectionMode.KEYS)

    def _request_switch(self) -> None:
        self.switch_requested.emit(
            self.selected_mode(), self.region.currentText().strip(), self.selected_profile()
        )

    def select(self, connection: Connection) -> None:
        """Put the choices back to ``connection`` (a switch that did not happen)."""
        self._quiet = True
        try:
            self.mode.setCurrentIndex(self.mode.findData(connection.mode))
            self.region.setCurrentText(connection.region)
            if connection.profile:
                index = self.profile.findData(connection.profile)
                if index < 0:
                    self.reload_profiles()
                    index = self.profile.findData(connection.profile)
                self.profile.setCurrentIndex(index)
        finally:
            self._quiet = False

    # -- the connection's state ----------------------------------------------------------

    def show_connection(self, connection: Connection) -> None:
        """A new connection: its choices selected, its identity not known yet."""
        self.select(connection)
        self._show_state("")

    def show_connecting(self, connection: Connection) -> None:
        self._connecting = f"Connecting to {connection.label()} in {connection.region}…"
        self._connecting_since = self.clock()
        self._show_state(self._connecting, busy=True)
        self._ticker.start()

    def _show_waited(self) -> None:
        # A silent network can take ~30 s per call: the seconds show it is still trying.
        waited = duration(self.clock() - self._connecting_since)
        self.account.setText(f"{self._connecting} {waited}")

    def show_connected(self, identity: CallerIdentity, connection: Connection) -> None:
        self._show_state(connected_text(identity, connection))

    def show_failed(self, connection: Connection, error: MigrationAssistantError) -> None:
        self._show_state(
            f"Could not connect to {connection.label()}: {error.plain()}",
            failed=True,
            sandbox_offered=not connection.is_sandbox,
        )
        self.account.setToolTip(error.details)

    def _show_state(
        self, text: str, *, busy: bool = False, failed: bool = False, sandbox_offered: bool = False
    ) -> None:
        self._ticker.stop()
        self.account.setText(text)
        self.account.setToolTip("")
        self.busy.setVisible(busy)
        self.apply.setEnabled(not busy)
        self.who.setEnabled(not busy)
        self.retry.setVisible(failed)
        self.use_sandbox.setVisible(failed and sandbox_offered)


def _named(widget: W, object_name: str, accessible_name: str) -> W:
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible_name)
    return widget
