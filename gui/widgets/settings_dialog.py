"""Edit > Settings…: how AWS calls reach the network (proxy, CA bundle, connect timeout)."""

from __future__ import annotations

import os

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from core.network import MAX_CONNECT_TIMEOUT, NetworkSettings, ProxyMode, describe_system_proxy
from gui.widgets.field_form import FieldForm

__all__ = ["SettingsDialog"]


class SettingsDialog(QDialog):
    """The network settings, checked next to their fields when saved.

    Attributes:
        proxy_modes: ProxyMode -> its radio button.
        proxy_url, ca_bundle, choose_bundle, connect_timeout: the other controls.
        fields: the form, with a message line under each field.

    Signals:
        saved(object): the NetworkSettings the user saved (all of them valid).
    """

    saved = Signal(object)

    def __init__(self, network: NetworkSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setObjectName("settingsDialog")
        self.fields = FieldForm()
        self.proxy_modes: dict[ProxyMode, QRadioButton] = {}
        group = QButtonGroup(self)
        choices = QVBoxLayout()
        for mode in ProxyMode:
            button = QRadioButton(mode.label)
            button.setObjectName(f"proxy-{mode.value}")
            button.setAccessibleName(f"Proxy: {mode.label.rstrip(':')}")
            group.addButton(button)
            choices.addWidget(button)
            self.proxy_modes[mode] = button
        self.proxy_url = QLineEdit(network.proxy_url)
        self.proxy_url.setObjectName("proxy-url")
        self.proxy_url.setAccessibleName("Proxy address")
        self.proxy_url.setPlaceholderText("http://proxy.example.com:3128")
        choices.addWidget(self.proxy_url)
        self.proxy_modes[network.proxy].setChecked(True)
        group.buttonToggled.connect(self._enable_url)
        self._enable_url()
        self.fields.add_field("Proxy", "proxy_url", choices, describe_system_proxy(os.environ))

        self.ca_bundle = QLineEdit(network.ca_bundle)
        self.ca_bundle.setObjectName("ca-bundle")
        self.ca_bundle.setAccessibleName("CA bundle file")
        self.ca_bundle.setPlaceholderText("None: AWS_CA_BUNDLE, or the usual certificates")
        self.choose_bundle = QPushButton("Choose…")
        self.choose_bundle.setObjectName("choose-ca-bundle")
        self.choose_bundle.setAccessibleName("Choose the CA bundle file")
        self.choose_bundle.clicked.connect(self.choose_ca_bundle)
        bundle_row = QHBoxLayout()
        bundle_row.addWidget(self.ca_bundle, 1)
        bundle_row.addWidget(self.choose_bundle)
        self.fields.add_field(
            "CA bundle",
            "ca_bundle",
            bundle_row,
            "Only behind a proxy that inspects TLS: the PEM file of its certificate "
            "authority, from your IT department.",
        )

        self.connect_timeout = QDoubleSpinBox()
        self.connect_timeout.setObjectName("connect-timeout")
        self.connect_timeout.setRange(0, MAX_CONNECT_TIMEOUT)
        self.connect_timeout.setDecimals(0)
        self.connect_timeout.setSuffix(" s")
        self.connect_timeout.setValue(network.connect_timeout)
        self.fields.add_field(
            "Connect timeout",
            "connect_timeout",
            self.connect_timeout,
            "How long to wait for a connection to AWS before trying again.",
        )

        intro = QLabel(
            "How the app reaches AWS. These apply to the next AWS call, here and in the "
            "migration-assistant commands (which also take --proxy, --ca-bundle and "
            "--connect-timeout). The Sandbox never goes through a proxy."
        )
        intro.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(self.fields)
        layout.addWidget(buttons)

    def _enable_url(self) -> None:
        self.proxy_url.setEnabled(self.proxy_modes[ProxyMode.MANUAL].isChecked())

    def network(self) -> NetworkSettings:
        """What the controls say now (not checked)."""
        mode = next(mode for mode, button in self.proxy_modes.items() if button.isChecked())
        return NetworkSettings(
            proxy=mode,
            proxy_url=self.proxy_url.text().strip(),
            ca_bundle=self.ca_bundle.text().strip(),
            connect_timeout=self.connect_timeout.value(),
        )

    def choose_ca_bundle(self) -> QFileDialog:
        picker = QFileDialog(self, "Choose the CA bundle (PEM)")
        picker.setObjectName("ca-bundle-picker")
        picker.setFileMode(QFileDialog.FileMode.ExistingFile)
        picker.setNameFilters(["Certificates (*.pem *.crt *.cer)", "All files (*)"])
        picker.fileSelected.connect(self.ca_bundle.setText)
        picker.open()
        return picker

    def save(self) -> None:
        network = self.network()
        problems = network.problems()
        self.fields.show_problems(problems)
        if problems:
            return
        self.saved.emit(network.cleaned())
        self.accept()
