"""The table-mapping editor: rows make valid DMS JSON, hand edits update the rows, and
invalid mappings are refused with the reason."""

from __future__ import annotations

import json

import pytest
from pytestqt.qtbot import QtBot

from core.errors import ValidationError
from core.flows.table_mapping import (
    RuleTarget,
    SelectionAction,
    SelectionRule,
    TableMapping,
    TransformationAction,
    TransformationRule,
)
from gui.wizards.table_mapping_editor import TableMappingEditor


@pytest.fixture
def editor(qtbot: QtBot) -> TableMappingEditor:
    widget = TableMappingEditor()
    qtbot.addWidget(widget)
    return widget


def _rules(editor: TableMappingEditor) -> list[dict[str, object]]:
    rules: list[dict[str, object]] = json.loads(editor.json_text.toPlainText())["rules"]
    return rules


def test_starts_with_every_table_included(editor: TableMappingEditor) -> None:
    assert _rules(editor) == [
        {
            "rule-type": "selection",
            "rule-id": "1",
            "rule-name": "1",
            "object-locator": {"schema-name": "%", "table-name": "%"},
            "rule-action": "include",
        }
    ]
    assert editor.problem == ""


def test_include_exclude_wildcard_and_rename_rows_make_the_dms_json(
    editor: TableMappingEditor,
) -> None:
    first = editor.selection_rows[0]
    first.schema.setText("books")
    exclude = editor.add_selection(SelectionRule("books", "tmp_%", SelectionAction.EXCLUDE))
    assert exclude.action.currentData() == "exclude"
    rename = editor.add_transformation(
        TransformationRule(RuleTarget.SCHEMA, TransformationAction.CONVERT_LOWERCASE, "%")
    )
    rename.schema.setText("books")
    rename.action.setCurrentIndex(rename.action.findData("rename"))
    assert rename.value.isEnabled()
    rename.value.setText("library")
    assert not rename.table.isEnabled()

    rules = _rules(editor)
    assert [rule["rule-action"] for rule in rules] == ["include", "exclude", "rename"]
    assert rules[1]["object-locator"] == {"schema-name": "books", "table-name": "tmp_%"}
    assert rules[2] == {
        "rule-type": "transformation",
        "rule-id": "3",
        "rule-name": "3",
        "rule-target": "schema",
        "object-locator": {"schema-name": "books"},
        "rule-action": "rename",
        "value": "library",
    }
    mapping = editor.mapping()
    assert mapping.selections[1] == SelectionRule("books", "tmp_%", SelectionAction.EXCLUDE)
    assert mapping.transformations[0].value == "library"

    lowercase = editor.add_transformation(
        TransformationRule(RuleTarget.TABLE, TransformationAction.CONVERT_LOWERCASE, "books")
    )
    assert not lowercase.value.isEnabled()
    assert "value" not in _rules(editor)[3]


def test_hand_edited_json_updates_the_rows(editor: TableMappingEditor) -> None:
    edited = TableMapping(
        selections=(SelectionRule("books", "author%"),),
        transformations=(
            TransformationRule(
                RuleTarget.TABLE, TransformationAction.RENAME, "books", "authors", "writers"
            ),
        ),
    )
    editor.json_text.setPlainText(edited.to_json())

    assert editor.problem == ""
    assert [row.table.text() for row in editor.selection_rows] == ["author%"]
    assert editor.transformation_rows[0].value.text() == "writers"
    assert editor.mapping() == edited


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('{"rules": [', "not valid JSON"),
        ('{"rules": []}', "selects no tables"),
        (
            json.dumps(
                {
                    "rules": [
                        {
                            "rule-type": "selection",
                            "rule-id": "1",
                            "rule-name": "1",
                            "object-locator": {"schema-name": "books", "table-name": "a%"},
                            "rule-action": "explicit",
                        }
                    ]
                }
            ),
            "cannot use the % wildcard",
        ),
    ],
)
def test_invalid_json_is_refused_with_the_reason(
    editor: TableMappingEditor, text: str, says: str
) -> None:
    editor.json_text.setPlainText(text)
    assert says in editor.problem
    assert editor.problem_label.isVisibleTo(editor)
    with pytest.raises(ValidationError) as refused:
        editor.mapping()
    assert refused.value.field == "table_mapping"


def test_invalid_rows_are_refused(editor: TableMappingEditor) -> None:
    editor.selection_rows[0].action.setCurrentIndex(
        editor.selection_rows[0].action.findData("exclude")
    )
    assert "selects no tables" in editor.problem
    with pytest.raises(ValidationError):
        editor.mapping()
    editor.selection_rows[0].action.setCurrentIndex(0)
    rename = editor.add_transformation(
        TransformationRule(RuleTarget.TABLE, TransformationAction.RENAME, "books", "authors")
    )
    assert "needs a" in editor.problem
    rename.value.setText("writers")
    assert editor.problem == ""
    assert editor.mapping().transformations[0].value == "writers"
