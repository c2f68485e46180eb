"""The task wizard's forms: what connects to what, how to copy, and which tables. Each
writes its fields of ``wizard.state`` (``MigrationTaskChoices``); the tables page makes the
task spec from them."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from core.errors import ValidationError
from core.flows import input_checks as check
from core.flows.listings import Choice, endpoint_choices, replication_instance_choices
from core.flows.migration_task import (
    MIGRATION_TYPE_EXPLANATIONS,
    PREP_MODE_CONSEQUENCES,
    MigrationType,
    TablePrepMode,
    TaskSpec,
    validate_task_spec,
)
from core.flows.table_mapping import WILDCARD, TableMapping
from core.ledger import ResourceKind
from gui.wizards.account_choices import fill_combo
from gui.wizards.base import FormPage
from gui.wizards.migration_task.choices import MigrationTaskChoices
from gui.wizards.table_mapping_editor import TableMappingEditor

__all__ = ["ChoiceList", "HowPage", "TablesPage", "TaskBasicsPage"]

MIGRATION_TYPE_TITLES = {
    MigrationType.FULL_LOAD: "Copy the data once",
    MigrationType.FULL_LOAD_AND_CDC: "Copy the data, then keep copying changes",
    MigrationType.CDC: "Copy only changes from now on",
}
PREP_MODE_TITLES = {
    TablePrepMode.DROP_AND_CREATE: "Drop and re-create target tables",
    TablePrepMode.TRUNCATE_BEFORE_LOAD: "Empty target tables first",
    TablePrepMode.DO_NOTHING: "Leave target tables as they are",
}


class ChoiceList(QWidget):
    """Radio buttons, each with one sentence under it saying what it means."""

    def __init__(self, titles: Mapping[str, str], explanations: Mapping[str, str]) -> None:
        super().__init__()
        # Take the form's full width, so the explanations wrap at a readable width.
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        for value, title in titles.items():
            button = QRadioButton(title)
            note = QLabel(explanations[value])
            note.setObjectName("fieldHint")
            note.setWordWrap(True)
            note.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            note.setContentsMargins(22, 0, 0, 6)
            self.group.addButton(button)
            self.buttons[value] = button
            layout.addWidget(button)
            layout.addWidget(note)
        next(iter(self.buttons.values())).setChecked(True)

    def value(self) -> str:
        return next(value for value, button in self.buttons.items() if button.isChecked())

    def choose(self, value: str) -> None:
        self.buttons[value].setChecked(True)


class TaskBasicsPage(FormPage[MigrationTaskChoices]):
    """Name, description, and the instance and endpoints the task joins."""

    def __init__(self) -> None:
        super().__init__(
            "task",
            "The migration task",
            "A task copies tables from the source endpoint to the target endpoint, run by a "
            "replication instance.",
        )
        self.loaded = False
        self.source_choices: list[Choice] = []
        self.identifier = QLineEdit("books-migration")
        self.description = QLineEdit()
        self.description.setPlaceholderText("optional, e.g. Move the books database to RDS")
        self.instance = QComboBox()
        self.source = QComboBox()
        self.target = QComboBox()
        self.add_field("Task name", "identifier", self.identifier)
        self.add_field("Description", "description", self.description)
        self.add_field("Replication instance", "replication_instance", self.instance)
        self.add_field("Source endpoint", "source_endpoint", self.source, "Copied from.")
        self.add_field("Target endpoint", "target_endpoint", self.target, "Copied into.")

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        super().initializePage()
        if self.loaded:
            return
        for combo in (self.instance, self.source, self.target):
            combo.setPlaceholderText("Loading…")
        context = self.flow.context

        async def load() -> tuple[list[Choice], list[Choice], list[Choice]]:
            return await asyncio.gather(
                replication_instance_choices(context.door),
                endpoint_choices(context.door, "source"),
                endpoint_choices(context.door, "target"),
            )

        self.load_choices("choices", load(), self._show)

    def _show(self, found: tuple[list[Choice], list[Choice], list[Choice]]) -> None:
        instances, sources, targets = found
        self.source_choices = sources
        fill_combo(self.instance, instances, "No replication instance yet: create one first")
        fill_combo(self.source, sources, "No source endpoint yet: create endpoints first")
        fill_combo(self.target, targets, "No target endpoint yet: create endpoints first")
        self.loaded = True

    def collect(self) -> None:
        if not self.loaded:
            raise ValidationError("replication_instance", "Wait until the choices are listed.")
        identifier = check.validate_dms_identifier(self.identifier.text().strip(), "task")
        state = self.flow.state
        state.identifier = identifier
        state.description = self.description.text().strip()
        arns: list[str] = []
        for field, combo in (
            ("replication_instance", self.instance),
            ("source_endpoint", self.source),
            ("target_endpoint", self.target),
        ):
            if not combo.currentData():
                raise ValidationError(
                    field, f"Choose the {field.replace('_', ' ')}.", combo.placeholderText()
                )
            arns.append(str(combo.currentData()))
        state.replication_instance, state.source_endpoint, state.target_endpoint = arns

    async def check(self) -> None:
        context = self.flow.context
        state = self.flow.state
        await check.ensure_dms_name_free(context.door, "task", state.identifier)
        source = next((c for c in self.source_choices if c.arn == state.source_endpoint), None)
        state.source_database = ""
        if source is not None:
            # The database the app created the endpoint for (DMS does not keep it for MySQL).
            scope = await context.door.resolve_scope()
            made = context.ledger.find(ResourceKind.DMS_ENDPOINT, source.identifier, scope)
            state.source_database = (made.details.get("database", "") if made else "") or (
                source.extra
            )


class HowPage(FormPage[MigrationTaskChoices]):
    def __init__(self) -> None:
        super().__init__(
            "how",
            "How to copy",
            "Choose whether to copy once or keep the target in step, and what happens to "
            "tables already on the target.",
        )
        self.migration_type = ChoiceList(
            {kind.value: title for kind, title in MIGRATION_TYPE_TITLES.items()},
            {kind.value: text for kind, text in MIGRATION_TYPE_EXPLANATIONS.items()},
        )
        self.prep_mode = ChoiceList(
            {mode.value: title for mode, title in PREP_MODE_TITLES.items()},
            {mode.value: text for mode, text in PREP_MODE_CONSEQUENCES.items()},
        )
        self.start_now = QCheckBox("Start copying as soon as the task is created")
        self.start_now.setChecked(True)
        self.add_field("Migration type", "migration_type", self.migration_type)
        self.add_field("Target tables", "target_table_prep_mode", self.prep_mode)
        self.add_field("", "start", self.start_now)

    def collect(self) -> None:
        self.flow.state.migration_type = MigrationType(self.migration_type.value())
        self.flow.state.prep_mode = TablePrepMode(self.prep_mode.value())
        self.flow.state.start = self.start_now.isChecked()


class TablesPage(FormPage[MigrationTaskChoices]):
    def __init__(self) -> None:
        super().__init__(
            "tables",
            "Which tables",
            "Rules pick the tables to copy; % matches any text. The JSON on the right is what "
            "DMS receives.",
        )
        self.editor = TableMappingEditor()
        self.editor.setMinimumHeight(300)
        self._prefilled_for: str | None = None
        self.add_field("", "table_mapping", self.editor)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        super().initializePage()
        database = self.flow.state.source_database or WILDCARD
        if self._prefilled_for != database:
            self.editor.set_mapping(TableMapping.include_all(database))
            self._prefilled_for = database

    def collect(self) -> None:
        state = self.flow.state
        mapping = self.editor.mapping()
        # The how page comes first.
        assert state.migration_type is not None and state.prep_mode is not None
        state.task_spec = validate_task_spec(
            TaskSpec(
                identifier=state.identifier,
                replication_instance_arn=state.replication_instance,
                source_endpoint_arn=state.source_endpoint,
                target_endpoint_arn=state.target_endpoint,
                table_mapping=mapping,
                migration_type=state.migration_type,
                target_table_prep_mode=state.prep_mode,
                description=state.description,
            )
        )
