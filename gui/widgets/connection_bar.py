"""The connection bar: Sandbox, an AWS profile, or stored keys; the region; who we are."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from core.aws import Connection
from core.settings import ConnectionMode

__all__ = ["ConnectionBar"]

_MODE_LABELS = {
    ConnectionMode.SANDBOX: "Sandbox (simulated AWS)",
    ConnectionMode.PROFILE: "AWS profile",
    ConnectionMode.KEYS: "Stored access keys",
}


class ConnectionBar(QWidget):
    """Choose where the app works. Emits ``switch_requested`` when the user applies a choice.

    Signals:
        switch_requested(object, str, str): mode, region, profile.
        credentials_requested(): the user wants to enter access keys.
        identity_requested(): the user asked "who am I?".
    """

    switch_requested = Signal(object, str, str)
    credentials_requested = Signal()
    identity_requested = Signal()

    def __init__(
        self, profiles: list[str], regions: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("connectionBar")
        self.mode = QComboBox()
        for mode, label in _MODE_LABELS.items():
            self.mode.addItem(label, mode)
        self.profile = QComboBox()
        self.profile.addItems(profiles)
        self.profile.setPlaceholderText("no profiles found" if not profiles else "choose…")
        self.profile.setMinimumContentsLength(12)
        self.region = QComboBox()
        self.region.setEditable(True)
        self.region.addItems(regions)
        self.keys = QPushButton("Access keys…")
        self.apply = QPushButton("Connect")
        self.apply.setObjectName("primaryButton")
        self.who = QPushButton("Who am I?")
        self.who.setToolTip("aws sts get-caller-identity")
        self.account = QLabel()
        self.account.setObjectName("accountLabel")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        self.profile_label = QLabel("Profile")
        layout.addWidget(QLabel("Connect to"))
        layout.addWidget(self.mode)
        layout.addWidget(self.profile_label)
        layout.addWidget(self.profile)
        layout.addWidget(QLabel("Region"))
        layout.addWidget(self.region)
        layout.addWidget(self.keys)
        layout.addWidget(self.apply)
        layout.addStretch(1)
        layout.addWidget(self.account)
        layout.addWidget(self.who)
        self.mode.currentIndexChanged.connect(self._update_enabled)
        self.keys.clicked.connect(self.credentials_requested)
        self.who.clicked.connect(self.identity_requested)
        self.apply.clicked.connect(self._request_switch)
        self._update_enabled()

    def selected_mode(self) -> ConnectionMode:
        # Qt hands item data back as a plain str.
        return ConnectionMode(self.mode.currentData())

    def _update_enabled(self) -> None:
        mode = self.selected_mode()
        self.profile.setVisible(mode is ConnectionMode.PROFILE)
        self.profile_label.setVisible(mode is ConnectionMode.PROFILE)
        self.keys.setVisible(mode is ConnectionMode.KEYS)

    def _request_switch(self) -> None:
        self.switch_requested.emit(
            self.selected_mode(), self.region.currentText().strip(), self.profile.currentText()
        )

    def show_connection(self, connection: Connection) -> None:
        """A new connection: its choices selected, its account not known yet."""
        self.select(connection)
        self.account.setText("")

    def select(self, connection: Connection) -> None:
        """Put the choices back to ``connection`` (a switch that did not happen)."""
        self.mode.setCurrentIndex(self.mode.findData(connection.mode))
        self.region.setCurrentText(connection.region)
        if connection.profile:
            self.profile.setCurrentText(connection.profile)

    def show_account(self, account_id: str) -> None:
        self.account.setText(f"Account <b>{account_id}</b>" if account_id else "")
