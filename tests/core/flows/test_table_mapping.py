"""The table-mapping editor's model produces valid DMS JSON and refuses invalid mappings."""

from __future__ import annotations

import json
from typing import Any

import pytest

from core.errors import ValidationError
from core.flows.input_checks import validate_table_mapping
from core.flows.table_mapping import (
    RuleTarget,
    SelectionAction,
    SelectionRule,
    TableMapping,
    TransformationAction,
    TransformationRule,
)


def test_include_with_wildcard_and_exclude() -> None:
    mapping = TableMapping(
        selections=(
            SelectionRule("books", "%"),
            SelectionRule("books", "audit_%", SelectionAction.EXCLUDE),
        )
    )
    document = json.loads(mapping.to_json())
    assert document == {
        "rules": [
            {
                "rule-type": "selection",
                "rule-id": "1",
                "rule-name": "1",
                "object-locator": {"schema-name": "books", "table-name": "%"},
                "rule-action": "include",
            },
            {
                "rule-type": "selection",
                "rule-id": "2",
                "rule-name": "2",
                "object-locator": {"schema-name": "books", "table-name": "audit_%"},
                "rule-action": "exclude",
            },
        ]
    }


def test_rename_table_and_lowercase_schema() -> None:
    mapping = TableMapping(
        selections=(SelectionRule("Books", "authors"),),
        transformations=(
            TransformationRule(
                RuleTarget.TABLE, TransformationAction.RENAME, "Books", "authors", "writers"
            ),
            TransformationRule(RuleTarget.SCHEMA, TransformationAction.CONVERT_LOWERCASE, "%"),
        ),
    )
    rules = mapping.to_document()["rules"]
    assert rules[1] == {
        "rule-type": "transformation",
        "rule-id": "2",
        "rule-name": "2",
        "rule-target": "table",
        "object-locator": {"schema-name": "Books", "table-name": "authors"},
        "rule-action": "rename",
        "value": "writers",
    }
    assert rules[2]["rule-target"] == "schema"
    assert rules[2]["object-locator"] == {"schema-name": "%"}
    assert "value" not in rules[2]


def test_json_round_trips_through_the_model() -> None:
    mapping = TableMapping(
        selections=(SelectionRule("books", "authors", SelectionAction.EXPLICIT),),
        transformations=(
            TransformationRule(RuleTarget.TABLE, TransformationAction.CONVERT_LOWERCASE, "books"),
        ),
    )
    assert validate_table_mapping(mapping.to_json()) == mapping
    assert TableMapping.from_document(mapping.to_document()) == mapping


def test_accepts_numeric_rule_ids_as_dms_does() -> None:
    document = {
        "rules": [
            {
                "rule-type": "selection",
                "rule-id": 1,
                "rule-name": "all-books",
                "object-locator": {"schema-name": "books", "table-name": "%"},
                "rule-action": "include",
            }
        ]
    }
    assert validate_table_mapping(document) == TableMapping.include_all("books")


def _selection(**changes: Any) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "rule-type": "selection",
        "rule-id": "1",
        "rule-name": "1",
        "object-locator": {"schema-name": "books", "table-name": "%"},
        "rule-action": "include",
    }
    rule.update(changes)
    return {key: value for key, value in rule.items() if value is not None}


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        ("{not json", "not valid JSON"),
        ("[]", '"rules" list'),
        ('{"rules": []}', "selects no tables"),
        (json.dumps({"rules": [_selection(**{"rule-type": "filter"})]}), "rule-type"),
        (json.dumps({"rules": [_selection(**{"rule-id": "one"})]}), "numeric"),
        (json.dumps({"rules": [_selection(**{"rule-name": ""})]}), "rule-name"),
        (json.dumps({"rules": [_selection(**{"rule-action": "copy"})]}), "rule-action"),
        (json.dumps({"rules": [_selection(**{"object-locator": None})]}), "object-locator"),
        (
            json.dumps({"rules": [_selection(**{"object-locator": {"schema-name": "books"}})]}),
            "table-name",
        ),
        (
            json.dumps({"rules": [_selection(**{"rule-action": "explicit"})]}),
            "cannot use the % wildcard",
        ),
        (json.dumps({"rules": [_selection(**{"rule-action": "exclude"})]}), "selects no tables"),
        (
            json.dumps({"rules": [_selection(), _selection(**{"rule-name": "2"})]}),
            "repeats rule-id",
        ),
        (json.dumps({"rules": [_selection(filters=[])]}), "filters"),
        (json.dumps({"rules": [_selection(colour="red")]}), "colour"),
    ],
)
def test_refuses_invalid_mappings(document: str, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason) as caught:
        validate_table_mapping(document)
    assert caught.value.field == "table_mapping"


def _transformation(**changes: Any) -> str:
    rule: dict[str, Any] = {
        "rule-type": "transformation",
        "rule-id": "2",
        "rule-name": "2",
        "rule-target": "table",
        "object-locator": {"schema-name": "books", "table-name": "authors"},
        "rule-action": "rename",
        "value": "writers",
    }
    rule.update(changes)
    rule = {key: value for key, value in rule.items() if value is not None}
    return json.dumps({"rules": [_selection(), rule]})


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        (_transformation(value=None), 'needs a "value"'),
        (_transformation(value="new%"), "cannot contain the % wildcard"),
        (_transformation(**{"rule-target": "column"}), "rule-target"),
        (_transformation(**{"rule-action": "explode"}), "rule-action"),
        (
            _transformation(**{"object-locator": {"schema-name": "books"}}),
            "table-name",
        ),
    ],
)
def test_refuses_invalid_transformations(document: str, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason):
        validate_table_mapping(document)


def test_the_model_refuses_to_render_an_invalid_mapping() -> None:
    with pytest.raises(ValidationError, match="selects no tables"):
        TableMapping(selections=(SelectionRule("books", "%", SelectionAction.EXCLUDE),)).to_json()
