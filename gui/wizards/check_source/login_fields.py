"""The fields of one MySQL/MariaDB login on a form page, shared by the check and validation
pages: server, port, user and password, with the password kept only in the credential store
(under ``password_name(user, host, port)``) once a connection with it succeeded."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QSizePolicy, QSpinBox, QWidget

from core.database import (
    ConnectFailure,
    DatabaseConnectionFailed,
    DatabaseLogin,
    save_password,
    saved_password,
)
from core.errors import CredentialStoreUnavailable, ValidationError
from core.flows.input_checks import validate_server_name
from gui.wizards.base import FlowWizard, FormPage

__all__ = ["MYSQL_PORT", "LoginFields", "parse_schemas"]

log = logging.getLogger("migration_assistant.gui")

MYSQL_PORT = 3306
_PORT_HINT = "MySQL and MariaDB use 3306."

# Which field a connection failure is about, so its message shows under that field.
_FIELD_OF_FAILURE = {
    ConnectFailure.BAD_LOGIN: "password",
    ConnectFailure.HOST_NOT_ALLOWED: "user",
    ConnectFailure.NOT_MYSQL: "port",
    ConnectFailure.UNKNOWN_DATABASE: "user",
}


def _left_aligned(widget: QWidget) -> QWidget:
    """``widget`` at its own width in a row as wide as the form (so its hint is not squeezed)."""
    row = QWidget()
    row.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(widget)
    layout.addStretch(1)
    return row


def parse_schemas(text: str) -> tuple[str, ...]:
    """``"shop, crm,,shop"`` -> ``("shop", "crm")``: trimmed, empty parts and repeats dropped."""
    names = [part.strip().strip("`") for part in text.replace(";", ",").split(",")]
    return tuple(dict.fromkeys(name for name in names if name))


class LoginFields:
    """Server, port, user and password rows on ``page``; field names start with ``prefix``.

    A saved password is filled in when the server and user are known and the password field
    is empty. ``remember()`` saves it after a successful connection.
    """

    def __init__(self, page: FormPage[Any], prefix: str = "", server_hint: str = "") -> None:
        self.page = page
        self.prefix = prefix
        self.host = QLineEdit()
        self.host.setPlaceholderText("db1.example.com or 192.0.2.10")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(MYSQL_PORT)
        self.port.setMaximumWidth(120)
        self.user = QLineEdit()
        self.user.setPlaceholderText("a user that may read the data, e.g. dms")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        for widget, name in (
            (self.host, "host"),
            (self.port, "port"),
            (self.user, "user"),
            (self.password, "password"),
        ):
            widget.setObjectName(f"{prefix}{name}")
        page.add_field("Server:", self.field("host"), self.host, server_hint)
        page.add_field("Port:", self.field("port"), _left_aligned(self.port), _PORT_HINT)
        page.add_field("User:", self.field("user"), self.user)
        page.add_field(
            "Password:",
            self.field("password"),
            self.password,
            "Kept only in your system keyring, never in a file.",
        )
        # The saved password is per login: server, port and user.
        self.host.editingFinished.connect(self.fill_saved_password)
        self.port.editingFinished.connect(self.fill_saved_password)
        self.user.editingFinished.connect(self.fill_saved_password)

    def field(self, name: str) -> str:
        return f"{self.prefix}{name}"

    def _store_owner(self) -> FlowWizard[Any] | None:
        wizard = self.page.wizard()
        return wizard if isinstance(wizard, FlowWizard) else None

    def set_login(self, host: str, port: int, user: str, password: str | None = None) -> None:
        """Fill the fields (the password from the store when not given)."""
        self.host.setText(host)
        self.port.setValue(port)
        self.user.setText(user)
        if password is not None:
            self.password.setText(password)
        else:
            self.fill_saved_password()

    def fill_saved_password(self) -> None:
        host, user = self.host.text().strip(), self.user.text().strip()
        wizard = self._store_owner()
        if self.password.text() or not host or not user or wizard is None:
            return
        try:
            saved = saved_password(wizard.context.store, user, host, self.port.value())
        except CredentialStoreUnavailable:
            return  # nothing saved can be read; the user types it
        if saved:
            self.password.setText(saved)

    def login(self) -> DatabaseLogin:
        """The login as typed; raises ValidationError naming the field."""
        host = validate_server_name(self.host.text(), self.field("host"))
        user = self.user.text().strip()
        if not user:
            raise ValidationError(self.field("user"), "Enter the database user name.")
        return DatabaseLogin(host, user, self.password.text(), port=self.port.value())

    def remember(self, login: DatabaseLogin) -> None:
        """Save the password that just worked, so the commands and next visits find it."""
        wizard = self._store_owner()
        if wizard is None:
            return
        try:
            save_password(wizard.context.store, login.user, login.host, login.port, login.password)
        except CredentialStoreUnavailable as error:
            log.warning("database password not saved: %s", error.plain())

    def refusal(self, error: DatabaseConnectionFailed) -> ValidationError:
        """The connection failure as a message under the field it is about."""
        field = self.field(_FIELD_OF_FAILURE.get(error.reason, "host"))
        return ValidationError(field, error.message, error.fix)
