"""The connection form of "Check source database": where the source is, which schemas, and
which kind of migration; Next connects once, so a refused login shows under its field."""

from __future__ import annotations

import logging
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from core.database import (
    SYSTEM_SCHEMAS,
    DatabaseConnectionFailed,
    DatabaseLogin,
    DatabaseSession,
    MigrationType,
)
from core.database.schema_inventory import list_schemas
from core.errors import MigrationAssistantError, ValidationError
from gui.wizards.base import FormPage
from gui.wizards.check_source.choices import ChecksSource
from gui.wizards.check_source.login_fields import LoginFields, parse_schemas

__all__ = [
    "MIGRATION_TYPE_EXPLANATIONS",
    "SchemaPicker",
    "SourceLoginPage",
    "offer_schemas",
    "server_schemas",
]

log = logging.getLogger("migration_assistant.gui")

MIGRATION_TYPE_EXPLANATIONS = {
    MigrationType.FULL_LOAD: "Copies the data once; changes made during the copy are not "
    "carried over, so stop writes to the source first.",
    MigrationType.FULL_LOAD_AND_CDC: "Copies the data, then keeps applying new changes from "
    "the binary log until you switch over: little downtime.",
    MigrationType.CDC: "Applies only new changes from the binary log, for data you have "
    "already copied another way.",
}


async def server_schemas(login: DatabaseLogin) -> list[str]:
    """The user's schemas on the server, without the system ones."""
    async with await DatabaseSession.open(login) as session:
        return sorted(await list_schemas(session) - SYSTEM_SCHEMAS)


class SchemaPicker(QWidget):
    """A comma-separated schemas line, a "List schemas" button and, once listed, a checkable
    list kept in step with the line."""

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = QLineEdit()
        self.line.setPlaceholderText(placeholder)
        self.list_button = QPushButton("List schemas")
        self.list_button.setToolTip("Connect and list the schemas this user can see")
        self.choices = QListWidget()
        self.choices.setAccessibleName("Schemas on the server")
        self.choices.setMaximumHeight(110)
        self.choices.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.line, 1)
        row.addWidget(self.list_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(row)
        column.addWidget(self.choices)
        self.choices.itemChanged.connect(self._checked_changed)
        self.line.textEdited.connect(self._typed)

    def schemas(self) -> tuple[str, ...]:
        return parse_schemas(self.line.text())

    def set_schemas(self, names: tuple[str, ...] | list[str]) -> None:
        self.line.setText(", ".join(names))
        self._typed()

    def offer(self, names: list[str]) -> None:
        """Show ``names`` as check boxes, ticking those already typed."""
        chosen = set(self.schemas())
        self.choices.blockSignals(True)
        self.choices.clear()
        for name in names:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in chosen else Qt.CheckState.Unchecked)
            self.choices.addItem(item)
        self.choices.blockSignals(False)
        self.choices.setVisible(bool(names))

    def _checked_changed(self) -> None:
        ticked = [
            self.choices.item(row).text()
            for row in range(self.choices.count())
            if self.choices.item(row).checkState() is Qt.CheckState.Checked
        ]
        offered = {self.choices.item(row).text() for row in range(self.choices.count())}
        others = [name for name in self.schemas() if name not in offered]
        self.line.setText(", ".join([*ticked, *others]))

    def _typed(self) -> None:
        chosen = set(self.schemas())
        self.choices.blockSignals(True)
        for row in range(self.choices.count()):
            item = self.choices.item(row)
            state = Qt.CheckState.Checked if item.text() in chosen else Qt.CheckState.Unchecked
            item.setCheckState(state)
        self.choices.blockSignals(False)


async def offer_schemas(
    page: FormPage[Any], fields: LoginFields, picker: SchemaPicker, connecting: QLabel
) -> None:
    """Connect with the login in ``fields`` and offer the schemas it sees in ``picker``;
    problems are shown on ``page`` next to the field they concern."""
    page.clear_errors()
    try:
        login = fields.login()
    except ValidationError as error:
        page.show_error(error)
        return
    picker.list_button.setEnabled(False)
    connecting.setText(f"Connecting to {login.host}:{login.port}…")
    try:
        names = await server_schemas(login)
    except DatabaseConnectionFailed as error:
        page.show_error(fields.refusal(error))
        return
    except MigrationAssistantError as error:
        page.show_error(error)
        return
    finally:
        connecting.clear()
        picker.list_button.setEnabled(True)
    fields.remember(login)
    picker.offer(names)
    if not names:
        page.show_error(ValidationError("schemas", "This user sees no schemas to migrate."))


C = TypeVar("C", bound=ChecksSource)


class SourceLoginPage(FormPage[C]):
    """Reads ``source_login``, ``source_schemas`` and ``migration_type`` from ``wizard.state``
    as defaults and writes them back (see ``ChecksSource``)."""

    def __init__(self) -> None:
        super().__init__(
            "source",
            "Check your source database",
            "Connect to the MySQL or MariaDB server you want to migrate. The check only reads "
            "its settings; it changes nothing.",
        )
        self.fields = LoginFields(
            self, server_hint="The name or address of the server, as this computer reaches it."
        )
        self.schema_picker = SchemaPicker("all schemas this user can see")
        self.add_field(
            "Schemas:",
            "schemas",
            self.schema_picker,
            "The databases to migrate, separated by commas. Leave empty to check all.",
        )
        self.type_buttons = QButtonGroup(self)
        types = QWidget()
        types.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        column = QVBoxLayout(types)
        column.setContentsMargins(0, 0, 0, 0)
        self.type_radios: dict[MigrationType, QRadioButton] = {}
        for migration_type, explanation in MIGRATION_TYPE_EXPLANATIONS.items():
            radio = QRadioButton(migration_type.title)
            self.type_buttons.addButton(radio)
            self.type_radios[migration_type] = radio
            note = QLabel(explanation)
            note.setObjectName("fieldHint")
            note.setWordWrap(True)
            note.setContentsMargins(24, 0, 0, 4)
            column.addWidget(radio)
            column.addWidget(note)
        self.type_radios[MigrationType.FULL_LOAD_AND_CDC].setChecked(True)
        self.add_field("Migration type:", "migration_type", types)
        self.connecting = QLabel()
        self.connecting.setObjectName("statusLabel")
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, self.connecting)
        self.schema_picker.list_button.clicked.connect(self._list_schemas)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        super().initializePage()
        state = self.flow.state
        login = state.source_login
        if login is not None and not self.fields.host.text():
            self.fields.set_login(login.host, login.port, login.user, login.password)
        if state.source_schemas and not self.schema_picker.line.text():
            self.schema_picker.set_schemas(list(state.source_schemas))
        if state.migration_type is not None:
            self.type_radios[state.migration_type].setChecked(True)

    def migration_type(self) -> MigrationType:
        for migration_type, radio in self.type_radios.items():
            if radio.isChecked():
                return migration_type
        return MigrationType.FULL_LOAD_AND_CDC

    def collect(self) -> None:
        state = self.flow.state
        state.source_login = self.fields.login()
        state.source_schemas = self.schema_picker.schemas()
        state.migration_type = self.migration_type()

    async def check(self) -> None:
        login, wanted = self.flow.state.source_login, self.flow.state.source_schemas
        assert login is not None, "collect() wrote it"
        self.connecting.setText(f"Connecting to {login.host}:{login.port}…")
        try:
            present = await server_schemas(login)
        except DatabaseConnectionFailed as error:
            raise self.fields.refusal(error) from error
        finally:
            self.connecting.clear()
        self.fields.remember(login)
        self.schema_picker.offer(present)
        unknown = [name for name in wanted if name not in present]
        if unknown:
            raise ValidationError(
                "schemas",
                f"{login.label} has no schema named {', '.join(unknown)} that this user can see.",
                "Check the spelling, or press List schemas to pick from those it has.",
            )

    def _list_schemas(self) -> None:
        if not self.flow.context.work.busy(self, "schemas"):
            self.load_choices(
                "schemas",
                offer_schemas(self, self.fields, self.schema_picker, self.connecting),
                lambda _: None,
            )
