"""The first two pages of "Create the target database": what to create, and its size.

State written (``wizard.state``, a ``TargetDatabaseChoices``):
    template (Template), spec (DatabaseSpec, completed by later pages), master_password
    and password_confirmation (str, in memory only until the creation stores the password
    in the credential store; None again once it succeeded).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QCheckBox, QLineEdit, QSpinBox

from core.aws import AwsDoor
from core.errors import ValidationError
from core.flows import input_checks as check
from core.flows.offerings import EngineVersion, list_engine_versions, list_instance_classes
from core.flows.target_database import TEMPLATES, DatabaseSpec, Template
from gui.wizards.account_choices import ChoiceBox, offered, widen
from gui.wizards.base import FormPage
from gui.wizards.target_database.choices import TargetDatabaseChoices

__all__ = ["DatabaseSettingsPage", "ServerSizePage", "engine_versions", "instance_classes"]

_TEMPLATE_LABELS = {
    Template.FREE_TIER: "Free tier",
    Template.DEV_TEST: "Dev/test",
    Template.PRODUCTION: "Production",
}


async def engine_versions(door: AwsDoor) -> list[EngineVersion]:
    return await offered(door, "mysql-versions", lambda: list_engine_versions(door))


async def instance_classes(door: AwsDoor, engine: str, version: str) -> list[str]:
    return await offered(
        door, ("db-classes", engine, version), lambda: list_instance_classes(door, engine, version)
    )


class DatabaseSettingsPage(FormPage[TargetDatabaseChoices]):
    """Template, engine version, names and the master password."""

    def __init__(self) -> None:
        super().__init__(
            "database",
            "Create the target database",
            "Amazon RDS will run MySQL for you. Choose a name and a password; the rest has "
            "sensible defaults.",
        )
        self.template = ChoiceBox()
        self.template.set_choices(
            [
                (f"{_TEMPLATE_LABELS[template]}: {defaults.explanation}", template.value)
                for template, defaults in TEMPLATES.items()
            ]
        )
        self.engine_version = ChoiceBox()
        self.identifier = QLineEdit()
        self.identifier.setPlaceholderText("e.g. books-db")
        self.database_name = QLineEdit()
        self.database_name.setPlaceholderText("e.g. books (optional)")
        self.master_username = QLineEdit("admin")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirmation = QLineEdit()
        self.confirmation.setEchoMode(QLineEdit.EchoMode.Password)
        self.add_field(
            "Template", "template", self.template, "Fills in size, storage and backups for you."
        )
        self.add_field(
            "MySQL version",
            "engine_version",
            self.engine_version,
            "The versions this account offers; the default one is preselected.",
        )
        self.add_field(
            "DB instance identifier",
            "identifier",
            self.identifier,
            "Letters, digits and hyphens, starting with a letter. It becomes part of the "
            "database's address.",
        )
        self.add_field(
            "Initial database",
            "database_name",
            self.database_name,
            "A database created inside MySQL for you; leave empty to create none.",
        )
        self.add_field("Master user", "master_username", self.master_username)
        self.add_field(
            "Master password",
            "master_password",
            self.password,
            'At least 8 characters; not /, ", @ or a space. It is kept in your system '
            "keyring, never in a file.",
        )
        self.add_field("Confirm password", "password_confirmation", self.confirmation)

    @property
    def choices_ready(self) -> bool:
        return bool(self.engine_version.count()) and not self.loading_choices

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        super().initializePage()
        if not self.engine_version.count():
            self.load_choices(
                "versions", list_engine_versions(self.flow.context.door), self._show_versions
            )

    def _show_versions(self, versions: list[EngineVersion]) -> None:
        default = next((v.version for v in versions if v.is_default), "")
        self.engine_version.set_choices(
            [(f"{v.version} (default)" if v.is_default else v.version, v.version) for v in versions]
            or [("The default version", "")],
            preferred=default,
        )

    def collect(self) -> None:
        identifier = check.validate_db_instance_identifier(self.identifier.text())
        database_name = check.validate_database_name(self.database_name.text().strip())
        username = check.validate_master_username(self.master_username.text().strip())
        password = self.password.text()
        check.validate_master_password(password, self.confirmation.text())
        # Qt keeps item data as plain strings.
        template = Template(self.template.value())
        state = self.flow.state
        state.template = template
        state.spec = DatabaseSpec.from_template(
            template,
            identifier,
            database_name=database_name,
            master_username=username,
        )
        state.master_password = password
        state.password_confirmation = self.confirmation.text()

    async def check(self) -> None:
        await self.choices_loaded()
        spec = self.flow.state.spec
        assert spec is not None, "collect() made it"
        self.flow.state.spec = replace(spec, engine_version=str(self.engine_version.value() or ""))
        await check.ensure_db_identifier_free(self.flow.context.door, spec.identifier)


class ServerSizePage(FormPage[TargetDatabaseChoices]):
    """Instance class and storage, preset from the template."""

    def __init__(self) -> None:
        super().__init__(
            "server",
            "Choose the server size",
            "The template chose these for you; change them only if you know you need more.",
        )
        self.instance_class = ChoiceBox()
        self.storage_type = ChoiceBox()
        self.storage_type.set_choices(
            [
                ("gp3: general purpose SSD, current generation", "gp3"),
                ("gp2: general purpose SSD, previous generation (free tier)", "gp2"),
            ]
        )
        self.storage = widen(QSpinBox())
        self.storage.setRange(0, 100_000)
        self.storage.setSuffix(" GiB")
        self.multi_az = widen(QCheckBox("Keep a standby copy in a second Availability Zone"))
        self.add_field(
            "Instance class",
            "instance_class",
            self.instance_class,
            "Only the classes this region offers for the chosen MySQL version.",
        )
        self.add_field("Storage type", "storage_type", self.storage_type)
        self.add_field(
            "Storage",
            "storage",
            self.storage,
            "20 GiB minimum. Storage autoscaling stays off, so the bill cannot grow by itself.",
        )
        self.add_field(
            "Standby",
            "multi_az",
            self.multi_az,
            "Survives a zone outage, and doubles the cost of the server.",
        )
        self._template: Template | None = None
        self._loaded_for: tuple[str, str] | None = None

    @property
    def choices_ready(self) -> bool:
        return bool(self.instance_class.count()) and not self.loading_choices

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        super().initializePage()
        state = self.flow.state
        spec, template = state.spec, state.template
        assert spec is not None and template is not None, "the database page comes first"
        defaults = TEMPLATES[template]
        if template is not self._template:
            self._template = template
            self.storage_type.select_value(defaults.storage_type)
            self.storage.setValue(defaults.allocated_storage)
            self.multi_az.setChecked(defaults.multi_az)
            self.instance_class.clear()
        wanted = (spec.engine, spec.engine_version)
        if wanted != self._loaded_for or not self.instance_class.count():
            self._loaded_for = wanted

            def show(classes: list[str]) -> None:
                self.instance_class.set_choices(
                    [(name, name) for name in classes], preferred=defaults.instance_class
                )

            self.load_choices(
                "classes",
                instance_classes(self.flow.context.door, spec.engine, spec.engine_version),
                show,
            )

    def collect(self) -> None:
        storage_type = str(self.storage_type.value())
        gib = check.validate_allocated_storage(self.storage.value(), storage_type)
        spec = self.flow.state.spec
        assert spec is not None, "the database page comes first"
        self.flow.state.spec = replace(
            spec,
            allocated_storage=gib,
            storage_type=storage_type,
            multi_az=self.multi_az.isChecked(),
        )

    async def check(self) -> None:
        await self.choices_loaded()
        instance_class = self.instance_class.value()
        if not instance_class:
            raise ValidationError("instance_class", "Choose an instance class.")
        spec = self.flow.state.spec
        assert spec is not None, "the database page comes first"
        await check.ensure_instance_class_offered(
            self.flow.context.door, spec.engine, spec.engine_version, str(instance_class)
        )
        self.flow.state.spec = replace(spec, instance_class=str(instance_class))
