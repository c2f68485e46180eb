"""The table-mapping editor: rows of selection and transformation rules, and the DMS JSON
they make, shown live and editable by hand. Either side updates the other when valid."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core.errors import ValidationError
from core.flows.table_mapping import (
    WILDCARD,
    RuleTarget,
    SelectionAction,
    SelectionRule,
    TableMapping,
    TransformationAction,
    TransformationRule,
)
from gui.wizards.base import monospace

__all__ = ["SelectionRow", "TableMappingEditor", "TransformationRow"]

_SELECTION_ACTIONS: dict[str, str] = {
    SelectionAction.INCLUDE: "Include",
    SelectionAction.EXCLUDE: "Exclude",
    SelectionAction.EXPLICIT: "Include exactly (no %)",
}
_TRANSFORMATION_ACTIONS: dict[str, str] = {
    TransformationAction.RENAME: "Rename to",
    TransformationAction.CONVERT_LOWERCASE: "Make lowercase",
    TransformationAction.CONVERT_UPPERCASE: "Make uppercase",
    TransformationAction.ADD_PREFIX: "Add prefix",
    TransformationAction.REMOVE_PREFIX: "Remove prefix",
    TransformationAction.ADD_SUFFIX: "Add suffix",
    TransformationAction.REMOVE_SUFFIX: "Remove suffix",
}
_TARGETS: dict[str, str] = {RuleTarget.TABLE: "Table", RuleTarget.SCHEMA: "Schema (database)"}


def _combo(choices: dict[str, str], current: str, name: str) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(name)
    for value, label in choices.items():
        box.addItem(label, value)
    box.setCurrentIndex(max(0, box.findData(current)))
    return box


def _name_edit(text: str, placeholder: str, name: str) -> QLineEdit:
    edit = QLineEdit(text)
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    return edit


class SelectionRow(QWidget):
    """Include/exclude, schema pattern, table pattern. Signals: changed(), remove()."""

    changed = Signal()
    remove = Signal()

    def __init__(self, rule: SelectionRule) -> None:
        super().__init__()
        self.action = _combo(_SELECTION_ACTIONS, rule.action.value, "Include or exclude")
        self.schema = _name_edit(rule.schema, "schema, e.g. books or %", "Schema pattern")
        self.table = _name_edit(rule.table, "table, e.g. author% or %", "Table pattern")
        delete = QPushButton("Remove")
        delete.setAccessibleName("Remove this selection rule")
        delete.clicked.connect(self.remove)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.action)
        layout.addWidget(QLabel("schema"))
        layout.addWidget(self.schema, 1)
        layout.addWidget(QLabel("table"))
        layout.addWidget(self.table, 1)
        layout.addWidget(delete)
        self.action.currentIndexChanged.connect(self.changed)
        self.schema.textChanged.connect(self.changed)
        self.table.textChanged.connect(self.changed)

    def rule(self) -> SelectionRule:
        return SelectionRule(
            schema=self.schema.text().strip(),
            table=self.table.text().strip() or WILDCARD,
            action=SelectionAction(self.action.currentData()),
        )


class TransformationRow(QWidget):
    """Schema or table, action, which ones (patterns), new name or text."""

    changed = Signal()
    remove = Signal()

    def __init__(self, rule: TransformationRule) -> None:
        super().__init__()
        self.target = _combo(_TARGETS, rule.target.value, "Rename a schema or a table")
        self.schema = _name_edit(rule.schema, "schema", "Schema pattern")
        self.table = _name_edit(rule.table, "table", "Table pattern")
        self.action = _combo(_TRANSFORMATION_ACTIONS, rule.action.value, "Transformation")
        self.value = _name_edit(rule.value, "new name or text", "New name or text")
        delete = QPushButton("Remove")
        delete.setAccessibleName("Remove this transformation rule")
        delete.clicked.connect(self.remove)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.target)
        layout.addWidget(self.schema, 1)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.action)
        layout.addWidget(self.value, 1)
        layout.addWidget(delete)
        for combo in (self.target, self.action):
            combo.currentIndexChanged.connect(self._enable)
            combo.currentIndexChanged.connect(self.changed)
        for edit in (self.schema, self.table, self.value):
            edit.textChanged.connect(self.changed)
        self._enable()

    def _enable(self) -> None:
        self.table.setEnabled(self.target.currentData() == RuleTarget.TABLE.value)
        self.value.setEnabled(TransformationAction(self.action.currentData()).needs_value)

    def rule(self) -> TransformationRule:
        action = TransformationAction(self.action.currentData())
        return TransformationRule(
            target=RuleTarget(self.target.currentData()),
            action=action,
            schema=self.schema.text().strip(),
            table=self.table.text().strip() or WILDCARD,
            value=self.value.text().strip() if action.needs_value else "",
        )


class TableMappingEditor(QWidget):
    """Rule rows above, the JSON below. ``mapping()`` gives the valid model or raises
    ValidationError (field ``table_mapping``) without any AWS call.

    Attributes:
        json_text: the DMS JSON, regenerated from the rows; hand edits update the rows.
        problem: why the current rows or JSON are refused ('' when valid).

    Signals:
        mapping_changed(): the rows or the JSON changed.
    """

    mapping_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.selection_rows: list[SelectionRow] = []
        self.transformation_rows: list[TransformationRow] = []
        self._syncing = False
        self._json_edited = False

        self._selections = QVBoxLayout()
        self._transformations = QVBoxLayout()
        add_selection = QPushButton("Add a selection rule")
        add_selection.clicked.connect(lambda: self.add_selection(SelectionRule("%")))
        add_transformation = QPushButton("Add a transformation rule")
        add_transformation.clicked.connect(
            lambda: self.add_transformation(
                TransformationRule(RuleTarget.TABLE, TransformationAction.CONVERT_LOWERCASE, "%")
            )
        )
        selections = QGroupBox("Which tables to copy (% matches any text)")
        column = QVBoxLayout(selections)
        column.addLayout(self._selections)
        column.addWidget(add_selection)
        transformations = QGroupBox("Names on the target (optional)")
        column = QVBoxLayout(transformations)
        column.addLayout(self._transformations)
        column.addWidget(add_transformation)
        rules = QWidget()
        rules_layout = QVBoxLayout(rules)
        rules_layout.setContentsMargins(0, 0, 0, 0)
        rules_layout.addWidget(selections)
        rules_layout.addWidget(transformations)
        rules_layout.addStretch(1)

        self.json_text = QPlainTextEdit()
        self.json_text.setObjectName("tableMappingJson")
        self.json_text.setAccessibleName("Table mapping JSON")
        monospace(self.json_text)
        json_box = QGroupBox("The table mapping DMS receives (you may edit it here)")
        column = QVBoxLayout(json_box)
        column.addWidget(self.json_text)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("fieldError")
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        splitter = QSplitter()
        splitter.addWidget(rules)
        splitter.addWidget(json_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.problem_label)
        self.json_text.textChanged.connect(self._json_changed)
        self.set_mapping(TableMapping.include_all(WILDCARD))

    @property
    def problem(self) -> str:
        return self.problem_label.text()

    # -- rows ----------------------------------------------------------------------------

    def add_selection(self, rule: SelectionRule) -> SelectionRow:
        row = SelectionRow(rule)
        row.changed.connect(self._rows_changed)
        row.remove.connect(lambda: self._remove(row))
        self.selection_rows.append(row)
        self._selections.addWidget(row)
        self._rows_changed()
        return row

    def add_transformation(self, rule: TransformationRule) -> TransformationRow:
        row = TransformationRow(rule)
        row.changed.connect(self._rows_changed)
        row.remove.connect(lambda: self._remove(row))
        self.transformation_rows.append(row)
        self._transformations.addWidget(row)
        self._rows_changed()
        return row

    def _remove(self, row: QWidget) -> None:
        if isinstance(row, SelectionRow):
            self.selection_rows.remove(row)
        elif isinstance(row, TransformationRow):
            self.transformation_rows.remove(row)
        row.setParent(None)
        row.deleteLater()
        self._rows_changed()

    def _clear_rows(self) -> None:
        for row in (*self.selection_rows, *self.transformation_rows):
            row.setParent(None)
            row.deleteLater()
        self.selection_rows = []
        self.transformation_rows = []

    def rows_mapping(self) -> TableMapping:
        return TableMapping(
            tuple(row.rule() for row in self.selection_rows),
            tuple(row.rule() for row in self.transformation_rows),
        )

    # -- both ways -----------------------------------------------------------------------

    def set_mapping(self, mapping: TableMapping) -> None:
        self._syncing = True
        try:
            self._clear_rows()
            for selection in mapping.selections:
                self.add_selection(selection)
            for transformation in mapping.transformations:
                self.add_transformation(transformation)
        finally:
            self._syncing = False
        self._rows_changed()

    def _rows_changed(self) -> None:
        if self._syncing:
            return
        self._json_edited = False
        try:
            text = self.rows_mapping().to_json()
        except ValidationError as error:
            self._show_problem(error)
        else:
            self._show_problem(None)
            self._syncing = True
            try:
                self.json_text.setPlainText(text)
            finally:
                self._syncing = False
        self.mapping_changed.emit()

    def _json_changed(self) -> None:
        if self._syncing:
            return
        self._json_edited = True
        try:
            mapping = TableMapping.from_json(self.json_text.toPlainText())
        except ValidationError as error:
            self._show_problem(error)
        else:
            self._show_problem(None)
            self._syncing = True
            try:
                self._clear_rows()
                for selection in mapping.selections:
                    self.add_selection(selection)
                for transformation in mapping.transformations:
                    self.add_transformation(transformation)
            finally:
                self._syncing = False
        self.mapping_changed.emit()

    def _show_problem(self, error: ValidationError | None) -> None:
        self.problem_label.setText(error.plain() if error else "")
        self.problem_label.setVisible(error is not None)

    def mapping(self) -> TableMapping:
        """The valid mapping (from the JSON if it was edited last, else from the rows)."""
        if self._json_edited:
            return TableMapping.from_json(self.json_text.toPlainText())
        mapping = self.rows_mapping()
        mapping.to_document()  # raises ValidationError for an invalid one
        return mapping
