"""The guided migration's form pages: start or continue, the source, the target, and the
DMS choices. Every page starts filled with the scenario's defaults (or the saved run's
choices), so the user types only the server, names if they like, and passwords. Each page
replaces ``wizard.state.guided`` (``MigrateMysqlChoices``) with its fields changed."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
)

from core.database import DatabaseLogin, rds_password_name, save_password, saved_password
from core.database import MigrationType as PreflightMigrationType
from core.errors import ValidationError
from core.flows import input_checks as check
from core.flows.endpoints import endpoint_password, validate_endpoint_spec
from core.flows.migrate_mysql import GuidedProgress, GuidedStep
from core.flows.migrate_mysql_choices import GuidedChoices, load_choices
from core.flows.migration_task import (
    MIGRATION_TYPE_EXPLANATIONS,
    PREP_MODE_CONSEQUENCES,
)
from core.flows.target_database import TEMPLATES, Template
from core.ledger import ResourceKind
from gui.wizards.base import FlowWizard, FormPage
from gui.wizards.endpoints.forms import ENGINE_CHOICES, SSL_CHOICES
from gui.wizards.migrate_mysql.choices import MigrateMysqlChoices
from gui.wizards.migration_task.forms import MIGRATION_TYPE_TITLES, PREP_MODE_TITLES, ChoiceList

__all__ = ["STEP_TITLES", "DmsPage", "IntroPage", "SourcePage", "TargetPage"]

WIZARD = "migrate-mysql"
STEP_TITLES: dict[GuidedStep, str] = {
    GuidedStep.PREREQUISITES: "IAM roles DMS needs",
    GuidedStep.DATABASE: "Target database in Amazon RDS",
    GuidedStep.REPLICATION_INSTANCE: "DMS replication instance",
    GuidedStep.NETWORK: "Network access on port 3306",
    GuidedStep.SOURCE_ENDPOINT: "Source endpoint (your server)",
    GuidedStep.TARGET_ENDPOINT: "Target endpoint (the RDS database)",
    GuidedStep.CONNECTION_TESTS: "Connection tests",
    GuidedStep.TASK: "Migration task",
    GuidedStep.RUN: "Copy the data until Load complete",
}


def _password() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def _combo(choices: dict[str, str], current: str) -> QComboBox:
    box = QComboBox()
    for value, label in choices.items():
        box.addItem(label, value)
    box.setCurrentIndex(max(0, box.findData(current)))
    return box


def known_scope(wizard: FlowWizard[MigrateMysqlChoices]) -> str:
    """The scope the intro page found, else the door's."""
    scope = wizard.state.scope
    return scope if scope is not None else wizard.context.door.scope


def database_created(wizard: FlowWizard[MigrateMysqlChoices], identifier: str) -> bool:
    scope = known_scope(wizard)
    return wizard.context.ledger.find(ResourceKind.RDS_INSTANCE, identifier, scope) is not None


class IntroPage(FormPage[MigrateMysqlChoices]):
    """What will happen; when a saved run exists, Continue (the default) or Start over."""

    def __init__(self) -> None:
        super().__init__(
            "intro",
            "Migrate a MySQL database",
            "Copy a MySQL or MariaDB database from your server into Amazon RDS with AWS DMS.",
        )
        steps = "".join(f"<li>{title}</li>" for title in STEP_TITLES.values())
        self.explanation = QLabel(
            f"The app does these steps for you, in order:<ol>{steps}</ol>"
            "You answer a few questions first and see every AWS command before anything is "
            "created. Progress is saved: if the app is closed, it continues where it stopped."
        )
        self.explanation.setWordWrap(True)
        self.form.addRow(self.explanation)
        self.saved_label = QLabel()
        self.saved_label.setWordWrap(True)
        self.continue_run = QRadioButton("Continue where it stopped (nothing is created twice)")
        self.start_over = QRadioButton("Start over with new choices")
        self.continue_run.setChecked(True)
        for widget in (self.saved_label, self.continue_run, self.start_over):
            self.form.addRow(widget)
            widget.hide()
        self.checked = False
        self.saved: GuidedChoices | None = None
        self.progress: GuidedProgress | None = None

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        super().initializePage()
        self.checked = False
        self.load_choices("saved progress", self._find_saved(), lambda _: None)

    async def _find_saved(self) -> None:
        context = self.flow.context
        ctx = context.flow_context(WIZARD)
        scope, region = await ctx.scope(), ctx.region
        self.flow.state.scope, self.flow.state.region = scope, region
        self.progress = GuidedProgress.for_connection(context.paths, scope, region)
        saved = load_choices(context.paths, scope, region)
        next_step = self.progress.next_step
        self.saved = saved if saved is not None and self.progress.path.exists() else None
        if self.saved is not None:
            where = (
                f"before “{STEP_TITLES[next_step]}”"
                if next_step is not None
                else "after Load complete"
            )
            self.saved_label.setText(
                f"<b>A migration of {self.saved.database} into "
                f"{self.saved.target_identifier} was started earlier and stopped {where}.</b>"
            )
        for widget in (self.saved_label, self.continue_run, self.start_over):
            widget.setVisible(self.saved is not None)
        self.checked = True

    @property
    def continuing(self) -> bool:
        return self.saved is not None and self.continue_run.isChecked()

    def collect(self) -> None:
        if not self.checked:
            raise ValidationError("page", "One moment: looking for a saved migration.")
        state = self.flow.state
        state.continuing = self.continuing
        if self.continuing:
            assert self.saved is not None
            state.guided = self.saved
            state.db_password = ""
            return
        if self.saved is not None and self.progress is not None:
            self.progress.forget()
        state.guided = GuidedChoices()

    def passwords_known(self) -> bool:
        """Both passwords are in the store (or no longer needed): skip to the review."""
        choices = self.flow.state.guided
        store = self.flow.context.store
        scope = self.flow.state.scope or ""
        source = bool(
            saved_password(store, choices.source_user, choices.source_server, choices.source_port)
        )
        target = database_created(self.flow, choices.target_identifier) or bool(
            store.get(rds_password_name(scope, choices.target_identifier))
        )
        return source and target

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        if self.continuing and self.passwords_known():
            for page_id in self.flow.pageIds():
                page = self.flow.page(page_id)
                if page is not None and page.objectName() == "review":
                    return page_id
        return super().nextId()


def page_id_named(wizard: FlowWizard[MigrateMysqlChoices], name: str) -> int:
    for page_id in wizard.pageIds():
        page = wizard.page(page_id)
        if page is not None and page.objectName() == name:
            return page_id
    raise KeyError(name)


class SourcePage(FormPage[MigrateMysqlChoices]):
    def __init__(self) -> None:
        super().__init__(
            "source",
            "Your MySQL server",
            "Where the data is now. AWS DMS connects to it over the internet.",
        )
        self.server = QLineEdit()
        self.server.setPlaceholderText("db1.example.com or 203.0.113.10")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.database = QLineEdit()
        self.user = QLineEdit()
        self.password = _password()
        self.engine = _combo(ENGINE_CHOICES, "mysql")
        self.ssl = _combo({mode.value: text for mode, text in SSL_CHOICES.items()}, "none")
        self.add_field("Server", "server_name", self.server, "Its public DNS name or IP address.")
        self.add_field("Port", "port", self.port)
        self.add_field("Database", "database_name", self.database, "The database to copy.")
        self.add_field("User", "username", self.user, "A MySQL user DMS logs in as.")
        self.add_field(
            "Password", "password", self.password, "Kept in your system keyring, nowhere else."
        )
        self.add_field("Engine", "engine", self.engine)
        self.add_field("Encryption (SSL)", "ssl_mode", self.ssl)
        self.check_first = QCheckBox("Check this server from this computer first")
        self.add_field(
            "Before anything is created",
            "check_first",
            self.check_first,
            "Reads its binary log settings, grants and tables (nothing is changed) and says "
            "exactly what to fix, before you pay for anything in AWS.",
        )

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        super().initializePage()
        # In the Sandbox the source server is imaginary unless you point it at a real one.
        self.check_first.setChecked(not self.flow.context.connection.is_sandbox)
        choices = self.flow.state.guided
        self.server.setText(choices.source_server)
        self.port.setValue(choices.source_port)
        self.database.setText(choices.database)
        self.user.setText(choices.source_user)
        self.engine.setCurrentIndex(max(0, self.engine.findData(choices.source_engine)))
        self.ssl.setCurrentIndex(max(0, self.ssl.findData(choices.ssl_mode)))

    def collect(self) -> None:
        check.validate_database_name(self.database.text().strip(), "database_name")
        state = self.flow.state
        choices = state.guided = dataclasses.replace(
            state.guided,
            source_server=self.server.text().strip(),
            source_port=self.port.value(),
            database=self.database.text().strip(),
            source_user=self.user.text().strip(),
            source_engine=str(self.engine.currentData()),
            ssl_mode=str(self.ssl.currentData()),
        )
        spec = validate_endpoint_spec(choices.inputs().source)
        if not choices.database:
            raise ValidationError("database_name", "Enter the name of the database to copy.")
        store = self.flow.context.store
        if self.password.text():
            save_password(store, spec.username, spec.server_name, spec.port, self.password.text())
        password = self.password.text() or endpoint_password(store, spec)
        if not password:
            raise ValidationError("password", "Enter the password of the database user.")
        if self.check_first.isChecked():
            # What the "Check source database" pages read (gui.wizards.check_source).
            state.source_login = DatabaseLogin(
                choices.source_server,
                choices.source_user,
                password,
                port=choices.source_port,
            )
            state.source_schemas = (choices.database,)
            state.migration_type = PreflightMigrationType(choices.migration_type)

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        if self.check_first.isChecked():
            return super().nextId()
        return page_id_named(self.flow, "target")


class TargetPage(FormPage[MigrateMysqlChoices]):
    def __init__(self) -> None:
        super().__init__(
            "target",
            "The new database in AWS",
            "An Amazon RDS MySQL database is created for the data. Choose its name and "
            "administrator password.",
        )
        self.identifier = QLineEdit()
        self.master_user = QLineEdit()
        self.password = _password()
        self.confirmation = _password()
        self.template = _combo(
            {
                template.value: f"{template.value}: {TEMPLATES[template].explanation}"
                for template in Template
            },
            Template.FREE_TIER.value,
        )
        self.add_field("Database name in AWS", "identifier", self.identifier)
        self.add_field("Administrator user", "master_username", self.master_user)
        self.add_field(
            "Administrator password",
            "password",
            self.password,
            'At least 8 characters; no /, ", @ or spaces. Kept in your system keyring.',
        )
        self.add_field("Password again", "confirmation", self.confirmation)
        self.add_field("Size", "template", self.template)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        super().initializePage()
        choices = self.flow.state.guided
        self.identifier.setText(choices.target_identifier)
        self.master_user.setText(choices.master_user)
        self.template.setCurrentIndex(max(0, self.template.findData(choices.template)))

    def collect(self) -> None:
        state = self.flow.state
        choices = state.guided = dataclasses.replace(
            state.guided,
            target_identifier=check.validate_db_instance_identifier(self.identifier.text()),
            master_user=check.validate_master_username(self.master_user.text().strip()),
            template=str(self.template.currentData()),
        )
        state.db_password = ""
        if database_created(self.flow, choices.target_identifier):
            return  # made by an earlier run: its password is no longer needed
        check.validate_master_password(self.password.text(), self.confirmation.text())
        state.db_password = self.password.text()

    async def check(self) -> None:
        choices = self.flow.state.guided
        if not database_created(self.flow, choices.target_identifier):
            await check.ensure_db_identifier_free(self.flow.context.door, choices.target_identifier)


class DmsPage(FormPage[MigrateMysqlChoices]):
    def __init__(self) -> None:
        super().__init__(
            "dms",
            "How to copy",
            "Names for the DMS resources, and how the copy runs. The defaults fit most cases.",
        )
        self.replication = QLineEdit()
        self.task = QLineEdit()
        self.tables = QLineEdit()
        self.migration_type = ChoiceList(
            {kind.value: title for kind, title in MIGRATION_TYPE_TITLES.items()},
            {kind.value: text for kind, text in MIGRATION_TYPE_EXPLANATIONS.items()},
        )
        self.prep_mode = ChoiceList(
            {mode.value: title for mode, title in PREP_MODE_TITLES.items()},
            {mode.value: text for mode, text in PREP_MODE_CONSEQUENCES.items()},
        )
        self.add_field("Replication instance", "replication_instance", self.replication)
        self.add_field("Migration task", "task", self.task)
        self.add_field("Tables", "table_mapping", self.tables, "% copies every table.")
        self.add_field("Migration type", "migration_type", self.migration_type)
        self.add_field("Target tables", "target_table_prep_mode", self.prep_mode)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        super().initializePage()
        choices = self.flow.state.guided
        self.replication.setText(choices.replication_identifier)
        self.task.setText(choices.task_identifier)
        self.tables.setText(choices.tables)
        self.migration_type.choose(choices.migration_type)
        self.prep_mode.choose(choices.prep_mode)

    def collect(self) -> None:
        state = self.flow.state
        choices = state.guided = dataclasses.replace(
            state.guided,
            replication_identifier=check.validate_dms_identifier(
                self.replication.text().strip(), "replication_instance", "replication_instance"
            ),
            task_identifier=check.validate_dms_identifier(self.task.text().strip(), "task", "task"),
            tables=self.tables.text().strip() or "%",
            migration_type=self.migration_type.value(),
            prep_mode=self.prep_mode.value(),
        )
        choices.inputs().table_mapping.to_document()  # raises ValidationError when invalid

    async def check(self) -> None:
        choices = self.flow.state.guided
        ledger, door = self.flow.context.ledger, self.flow.context.door
        scope = known_scope(self.flow)
        for kind, dms_kind, identifier, field in (
            (
                ResourceKind.REPLICATION_INSTANCE,
                "replication_instance",
                choices.replication_identifier,
                "replication_instance",
            ),
            (ResourceKind.REPLICATION_TASK, "task", choices.task_identifier, "task"),
        ):
            if ledger.find(kind, identifier, scope) is None:
                await check.ensure_dms_name_free(door, dms_kind, identifier, field)
