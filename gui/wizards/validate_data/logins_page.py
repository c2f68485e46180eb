"""The form of "Validate migrated data": the source and target logins and the schemas.

The target is prefilled from the newest RDS database in the ledger (its endpoint, port and
master user; the password from the keyring). In the Sandbox that endpoint is not a real
server, so the user types any MySQL server instead.
"""

from __future__ import annotations

import asyncio
import logging

from PySide6.QtWidgets import QLabel

from core.aws import RDS
from core.database import DatabaseConnectionFailed
from core.errors import CredentialStoreUnavailable, MigrationAssistantError, ValidationError
from core.ledger import LedgerEntry, ResourceKind
from gui.wizards.base import FormPage
from gui.wizards.check_source.login_fields import LoginFields
from gui.wizards.check_source.source_page import SchemaPicker, offer_schemas, server_schemas
from gui.wizards.validate_data.choices import ValidateDataChoices

__all__ = ["ValidateLoginsPage"]

log = logging.getLogger("migration_assistant.gui")


def _section(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("stepLabel")
    return label


class ValidateLoginsPage(FormPage[ValidateDataChoices]):
    """Reads ``source_login``, ``target_login`` and ``source_schemas`` from ``wizard.state``
    as defaults and writes them back (see ``ValidateDataChoices``)."""

    def __init__(self) -> None:
        super().__init__(
            "logins",
            "Validate migrated data",
            "Compare every table on the source with its copy on the target: row counts and "
            "contents. Both servers are only read.",
        )
        self.form.addRow(_section("<b>Source</b>: the server the data came from"))
        self.source = LoginFields(self, "source_")
        self.form.addRow(_section("<b>Target</b>: where the data was migrated to"))
        self.target_note = QLabel()
        self.target_note.setObjectName("fieldHint")
        self.target_note.setWordWrap(True)
        self.target_note.hide()
        self.form.addRow(self.target_note)
        self.target = LoginFields(
            self, "target_", server_hint="For an RDS database: its endpoint address."
        )
        self.form.addRow(_section("<b>What to compare</b>"))
        self.schema_picker = SchemaPicker("e.g. shop, crm")
        self.add_field(
            "Schemas:",
            "schemas",
            self.schema_picker,
            "The databases to compare, separated by commas; same names on both servers.",
        )
        self.connecting = QLabel()
        self.connecting.setObjectName("statusLabel")
        self.form.addRow(self.connecting)
        self.schema_picker.list_button.clicked.connect(self._list_schemas)
        self.prefilled_from: LedgerEntry | None = None

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        super().initializePage()
        state = self.flow.state
        source = state.source_login
        if source is not None and not self.source.host.text():
            self.source.set_login(source.host, source.port, source.user, source.password)
        if state.source_schemas and not self.schema_picker.line.text():
            self.schema_picker.set_schemas(list(state.source_schemas))
        target = state.target_login
        if target is not None:
            if not self.target.host.text():
                self.target.set_login(target.host, target.port, target.user, target.password)
        elif self.prefilled_from is None:
            self.load_choices("target prefill", self.prefill_target_from_ledger(), lambda _: None)

    async def prefill_target_from_ledger(self) -> None:
        """The newest RDS database this app created here: endpoint, port, master user and
        the password it saved. Quietly does nothing when there is none or AWS cannot say."""
        context = self.flow.context
        door = context.door
        try:
            if not door.connection.is_sandbox:
                await door.account_id()
            entries = [
                entry
                for entry in context.ledger.entries(door.scope)
                if entry.kind is ResourceKind.RDS_INSTANCE
                and entry.region == door.connection.region
            ]
            if not entries:
                return
            entry = max(entries, key=lambda item: item.created_at)
            found = await door.call(
                RDS.describe_db_instances, DBInstanceIdentifier=entry.resource_id
            )
        except MigrationAssistantError as error:
            log.info("no target prefill from the ledger: %s", error.plain())
            return
        instance = found["DBInstances"][0]
        endpoint = instance.get("Endpoint") or {}
        address = str(endpoint.get("Address", ""))
        if self.target.host.text():
            return  # the user already typed a target
        if not address:
            self.target_note.setText(
                f"The RDS database {entry.resource_id} this app created has no address yet "
                f"(status: {instance.get('DBInstanceStatus', 'unknown')}). Enter the target "
                "yourself, or come back once it is available."
            )
            self.target_note.show()
            return
        password = None
        name = entry.details.get("password_name", "")
        if name:
            try:
                password = context.store.get(name)
            except CredentialStoreUnavailable:
                password = None
        self.target.set_login(
            address, int(endpoint.get("Port", 3306)), str(instance.get("MasterUsername", ""))
        )
        if password:
            self.target.password.setText(password)
        self.prefilled_from = entry
        note = f"Filled in from the RDS database {entry.resource_id} this app created."
        if door.connection.is_sandbox:
            note += (
                " In the Sandbox that address is not a real server: type the address of any "
                "MySQL or MariaDB server to rehearse."
            )
        self.target_note.setText(note)
        self.target_note.show()

    def collect(self) -> None:
        state = self.flow.state
        source = self.source.login()
        target = self.target.login()
        schemas = self.schema_picker.schemas()
        if not schemas:
            raise ValidationError(
                "schemas",
                "Enter at least one schema to compare.",
                "Press List schemas to pick from the source's schemas.",
            )
        if (source.host, source.port) == (target.host, target.port):
            raise ValidationError(
                "target_host",
                "The target is the same server as the source.",
                "Enter the server the data was migrated to.",
            )
        state.source_login = source
        state.target_login = target
        state.source_schemas = schemas

    async def check(self) -> None:
        state = self.flow.state
        source, target = state.source_login, state.target_login
        assert source is not None and target is not None, "collect() wrote them"
        self.connecting.setText("Connecting to both servers…")
        try:
            results = await asyncio.gather(
                server_schemas(source), server_schemas(target), return_exceptions=True
            )
        finally:
            self.connecting.clear()
        source_schemas, target_schemas = results
        for fields, result in ((self.source, source_schemas), (self.target, target_schemas)):
            if isinstance(result, DatabaseConnectionFailed):
                raise fields.refusal(result) from result
            if isinstance(result, BaseException):
                raise result
        assert isinstance(source_schemas, list)
        self.source.remember(source)
        self.target.remember(target)
        unknown = [name for name in state.source_schemas if name not in source_schemas]
        if unknown:
            raise ValidationError(
                "schemas",
                f"The source has no schema named {', '.join(unknown)} that this user can see.",
                "Check the spelling, or press List schemas to pick from those it has.",
            )

    def _list_schemas(self) -> None:
        if not self.flow.context.work.busy(self, "schemas"):
            self.load_choices(
                "schemas",
                offer_schemas(self, self.source, self.schema_picker, self.connecting),
                lambda _: None,
            )
