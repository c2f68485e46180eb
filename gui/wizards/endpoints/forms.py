"""The two endpoint forms: the on-prem source, and the target picked from the account's RDS
instances (prefilled) or typed by hand. Passwords go to the credential store only, under
the names core.database.passwords gives (a login's is the same in every flow).

State written (``EndpointsChoices``): source; target and target_database."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox

from core.database import password_name, rds_password_name, save_password
from core.errors import ValidationError
from core.flows import input_checks as check
from core.flows.endpoints import (
    EndpointSpec,
    EndpointType,
    RdsTarget,
    SslMode,
    endpoint_password,
    list_rds_targets,
    validate_endpoint_spec,
)
from gui.wizards.base import FormPage
from gui.wizards.endpoints.choices import EndpointsChoices

__all__ = ["SSL_CHOICES", "SourceEndpointPage", "TargetEndpointPage", "source_password_name"]

SSL_CHOICES = {
    SslMode.NONE: "No encryption (the server has no TLS)",
    SslMode.REQUIRE: "Encrypt, do not check the certificate",
    SslMode.VERIFY_CA: "Encrypt and check the certificate authority",
    SslMode.VERIFY_FULL: "Encrypt and check the certificate and server name",
}
ENGINE_CHOICES = {"mysql": "MySQL", "mariadb": "MariaDB"}
MANUAL = "manual"


def source_password_name(server: str, user: str, port: int = 3306) -> str:
    """The login's name from core (``password_name``). Only gui/tours/migration_task.py still
    calls this; new code calls ``core.database.password_name`` itself."""
    return password_name(user, server, port)


def _combo(choices: dict[str, str]) -> QComboBox:
    box = QComboBox()
    for value, label in choices.items():
        box.addItem(label, value)
    return box


def _port() -> QSpinBox:
    port = QSpinBox()
    port.setRange(1, 65535)
    port.setValue(3306)
    return port


def _password() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class SourceEndpointPage(FormPage[EndpointsChoices]):
    """The on-prem MySQL or MariaDB server DMS reads from."""

    def __init__(self, name: str = "source") -> None:
        super().__init__(
            name,
            "Your source database",
            "The MySQL or MariaDB server on your side that AWS DMS copies from.",
        )
        self.identifier = QLineEdit("source-mysql")
        self.engine = _combo(ENGINE_CHOICES)
        self.server = QLineEdit()
        self.server.setPlaceholderText("db1.example.com or 203.0.113.10")
        self.port = _port()
        self.database = QLineEdit()
        self.database.setPlaceholderText("optional, e.g. books")
        self.user = QLineEdit("dms_user")
        self.password = _password()
        self.ssl = _combo({mode.value: label for mode, label in SSL_CHOICES.items()})
        self.extra = QLineEdit()
        self.extra.setPlaceholderText("optional, e.g. parallelLoadThreads=4")
        self.add_field("Endpoint name", "identifier", self.identifier, "How DMS names it.")
        self.add_field("Engine", "engine", self.engine)
        self.add_field(
            "Server",
            "server_name",
            self.server,
            "The address AWS can reach your server at: a public DNS name or IP address.",
        )
        self.add_field("Port", "port", self.port)
        self.add_field(
            "Database",
            "database_name",
            self.database,
            "The database you will migrate: the migration task's table rules start from it.",
        )
        self.add_field("User", "username", self.user, "A MySQL user DMS logs in as.")
        self.add_field(
            "Password",
            "password",
            self.password,
            "Kept in your system keyring, nowhere else. Leave empty to use the one already "
            "saved for this user and server.",
        )
        self.add_field("Encryption (SSL)", "ssl_mode", self.ssl)
        self.add_field(
            "Extra connection attributes",
            "extra_connection_attributes",
            self.extra,
            "Advanced DMS settings as name=value;name=value. Leave empty if unsure.",
        )

    def collect(self) -> None:
        spec = validate_endpoint_spec(
            EndpointSpec(
                identifier=self.identifier.text().strip(),
                endpoint_type=EndpointType.SOURCE,
                server_name=self.server.text().strip(),
                username=self.user.text().strip(),
                engine=str(self.engine.currentData()),
                port=self.port.value(),
                database_name=self.database.text().strip(),
                ssl_mode=SslMode(self.ssl.currentData()),
                extra_connection_attributes=self.extra.text().strip(),
            )
        )
        store = self.flow.context.store
        if self.password.text():
            save_password(store, spec.username, spec.server_name, spec.port, self.password.text())
        elif not endpoint_password(store, spec):
            raise ValidationError(
                "password", "Enter the password of the database user.", "It stays in the keyring."
            )
        self.flow.state.source = spec

    async def check(self) -> None:
        spec = self.flow.state.source
        assert spec is not None, "collect() made it"
        await check.ensure_dms_name_free(self.flow.context.door, "endpoint", spec.identifier)


class TargetEndpointPage(FormPage[EndpointsChoices]):
    """The database DMS writes to: one of the account's RDS instances, or typed by hand."""

    def __init__(self) -> None:
        super().__init__(
            "target",
            "The target database in AWS",
            "Pick your RDS database: its address, port and user are filled in for you.",
        )
        self.targets: list[RdsTarget] = []
        self.loaded = False
        self.database = QComboBox()
        self.identifier = QLineEdit()
        self.engine = _combo(ENGINE_CHOICES)
        self.server = QLineEdit()
        self.port = _port()
        self.user = QLineEdit("admin")
        self.password = _password()
        self.add_field("Database", "database", self.database)
        self.add_field("Endpoint name", "identifier", self.identifier)
        self.add_field("Engine", "engine", self.engine)
        self.add_field("Server", "server_name", self.server)
        self.add_field("Port", "port", self.port)
        self.add_field("User", "username", self.user)
        self.add_field(
            "Password",
            "password",
            self.password,
            "Leave empty for an RDS database this app created, or a user whose password "
            "is saved: it is in the keyring already.",
        )
        self.database.currentIndexChanged.connect(self._prefill)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        super().initializePage()
        if self.loaded:
            return
        self.database.setPlaceholderText("Loading your RDS databases…")
        self.load_choices("databases", list_rds_targets(self.flow.context.door), self._show_targets)

    def _show_targets(self, targets: list[RdsTarget]) -> None:
        self.targets = targets
        self.database.blockSignals(True)
        self.database.clear()
        for target in targets:
            self.database.addItem(
                f"{target.identifier} ({target.engine}, {target.status})", target.identifier
            )
        self.database.addItem("Another database (type its details)", MANUAL)
        self.database.blockSignals(False)
        self.database.setCurrentIndex(0)
        self._prefill()
        self.loaded = True

    def _prefill(self) -> None:
        chosen = self.database.currentData()
        target = next((t for t in self.targets if t.identifier == chosen), None)
        for widget in (self.server, self.port, self.user, self.engine):
            widget.setEnabled(target is None)
        if target is None:
            if not self.identifier.text():
                self.identifier.setText("target-mysql")
            return
        self.identifier.setText(f"target-{target.identifier}")
        self.server.setText(target.address)
        self.port.setValue(target.port)
        self.user.setText(target.master_username)
        self.engine.setCurrentIndex(max(0, self.engine.findData(target.engine)))

    def collect(self) -> None:
        if not self.loaded:
            raise ValidationError("database", "Wait until your databases are listed.")
        chosen = str(self.database.currentData())
        self.flow.state.target_database = "" if chosen == MANUAL else chosen
        spec = validate_endpoint_spec(
            EndpointSpec(
                identifier=self.identifier.text().strip(),
                endpoint_type=EndpointType.TARGET,
                server_name=self.server.text().strip(),
                username=self.user.text().strip(),
                engine=str(self.engine.currentData()),
                port=self.port.value(),
            )
        )
        self.flow.state.target = spec

    async def check(self) -> None:
        context = self.flow.context
        spec, database = self.flow.state.target, self.flow.state.target_database
        assert spec is not None, "collect() made it"
        password = self.password.text()
        if password:
            # A typed password is the login's (the spec names it already), so the checks and
            # commands that log in as this user find it too.
            save_password(context.store, spec.username, spec.server_name, spec.port, password)
        elif database:
            # The master password the database flow saved; endpoint_password falls back to
            # the login's.
            scope = await context.flow_context("endpoints").scope()
            spec = replace(spec, password_name=rds_password_name(scope, database))
        if not endpoint_password(context.store, spec):
            if database:
                raise ValidationError(
                    "password",
                    f"No password is saved for {database}.",
                    "Enter the master password you chose when creating it.",
                )
            raise ValidationError("password", "Enter the password of the target database user.")
        self.flow.state.target = spec
        await check.ensure_dms_name_free(context.door, "endpoint", spec.identifier)
