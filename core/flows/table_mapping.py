"""DMS table mappings: the editor's rows <-> the JSON document DMS takes.

Selection rules pick tables (include, exclude, or explicit names; ``%`` is a wildcard),
transformation rules rename or change the case of a schema or table on the target. Parsing
refuses what DMS would refuse, before any AWS call, with the rule it concerns.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from core.errors import ValidationError

__all__ = [
    "RuleTarget",
    "SelectionAction",
    "SelectionRule",
    "TableMapping",
    "TransformationAction",
    "TransformationRule",
]

FIELD = "table_mapping"
WILDCARD = "%"
_SELECTION_KEYS = {"rule-type", "rule-id", "rule-name", "object-locator", "rule-action"}
_TRANSFORMATION_KEYS = _SELECTION_KEYS | {"rule-target", "value", "old-value"}
_MAX_NAME = 128


class SelectionAction(enum.StrEnum):
    INCLUDE = "include"
    EXCLUDE = "exclude"
    # Names one table exactly; DMS refuses wildcards in it.
    EXPLICIT = "explicit"


class RuleTarget(enum.StrEnum):
    SCHEMA = "schema"
    TABLE = "table"


class TransformationAction(enum.StrEnum):
    RENAME = "rename"
    CONVERT_LOWERCASE = "convert-lowercase"
    CONVERT_UPPERCASE = "convert-uppercase"
    ADD_PREFIX = "add-prefix"
    REMOVE_PREFIX = "remove-prefix"
    ADD_SUFFIX = "add-suffix"
    REMOVE_SUFFIX = "remove-suffix"

    @property
    def needs_value(self) -> bool:
        return self not in (self.CONVERT_LOWERCASE, self.CONVERT_UPPERCASE)


@dataclass(frozen=True)
class SelectionRule:
    """Tables matching ``schema``.``table`` (``%`` matches anything) are included or excluded."""

    schema: str
    table: str = WILDCARD
    action: SelectionAction = SelectionAction.INCLUDE


@dataclass(frozen=True)
class TransformationRule:
    """Changes the name of matching schemas or tables on the target.

    For a schema rule ``table`` is ignored. ``value`` is the new name (rename) or the
    prefix/suffix; empty for case changes.
    """

    target: RuleTarget
    action: TransformationAction
    schema: str
    table: str = WILDCARD
    value: str = ""


@dataclass(frozen=True)
class TableMapping:
    """The editor's model. ``to_document`` numbers rules in order: selections first."""

    selections: tuple[SelectionRule, ...] = ()
    transformations: tuple[TransformationRule, ...] = ()

    @classmethod
    def include_all(cls, schema: str) -> TableMapping:
        return cls(selections=(SelectionRule(schema),))

    def to_document(self) -> dict[str, Any]:
        """The DMS document (validated: raises ValidationError for an invalid model)."""
        rules: list[dict[str, Any]] = []
        for selection in self.selections:
            number = str(len(rules) + 1)
            rules.append(
                {
                    "rule-type": "selection",
                    "rule-id": number,
                    "rule-name": number,
                    "object-locator": {
                        "schema-name": selection.schema,
                        "table-name": selection.table,
                    },
                    "rule-action": selection.action.value,
                }
            )
        for transformation in self.transformations:
            number = str(len(rules) + 1)
            locator = {"schema-name": transformation.schema}
            if transformation.target is RuleTarget.TABLE:
                locator["table-name"] = transformation.table
            rule: dict[str, Any] = {
                "rule-type": "transformation",
                "rule-id": number,
                "rule-name": number,
                "rule-target": transformation.target.value,
                "object-locator": locator,
                "rule-action": transformation.action.value,
            }
            if transformation.action.needs_value:
                rule["value"] = transformation.value
            rules.append(rule)
        document = {"rules": rules}
        TableMapping.from_document(document)  # the same checks as for hand-edited JSON
        return document

    def to_json(self) -> str:
        """The JSON text for the preview and for ``--table-mappings``."""
        return json.dumps(self.to_document(), indent=2)

    @classmethod
    def from_json(cls, text: str) -> TableMapping:
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValidationError(
                FIELD,
                f"The table mapping is not valid JSON (line {error.lineno}, column {error.colno}: "
                f"{error.msg}).",
                "Fix the JSON, or rebuild it from the rule rows.",
            ) from error
        return cls.from_document(document)

    @classmethod
    def from_document(cls, document: Any) -> TableMapping:
        """The model for a DMS document; ValidationError names the first problem found."""
        if not isinstance(document, Mapping) or not isinstance(document.get("rules"), list):
            raise _refuse('The table mapping must be an object with a "rules" list.')
        rules = document["rules"]
        if set(document) - {"rules"}:
            raise _refuse(
                f"Unknown top-level keys: {', '.join(sorted(set(document) - {'rules'}))}."
            )
        seen_ids: set[str] = set()
        seen_names: set[str] = set()
        selections: list[SelectionRule] = []
        transformations: list[TransformationRule] = []
        for position, rule in enumerate(rules, start=1):
            if not isinstance(rule, Mapping):
                raise _refuse(f"Rule {position} is not an object.")
            label = f"Rule {position}"
            rule_id, rule_name = _identity(rule, label)
            if rule_id in seen_ids:
                raise _refuse(f'{label} repeats rule-id "{rule_id}"; each rule needs its own.')
            if rule_name in seen_names:
                raise _refuse(f'{label} repeats rule-name "{rule_name}"; each rule needs its own.')
            seen_ids.add(rule_id)
            seen_names.add(rule_name)
            kind = rule.get("rule-type")
            if kind == "selection":
                selections.append(_selection(rule, label))
            elif kind == "transformation":
                transformations.append(_transformation(rule, label))
            else:
                raise _refuse(
                    f'{label} has rule-type "{kind}"; use "selection" or "transformation".'
                )
        if not any(item.action is not SelectionAction.EXCLUDE for item in selections):
            raise _refuse(
                "The table mapping selects no tables.",
                "Add at least one selection rule that includes a schema and table (% for all).",
            )
        return cls(tuple(selections), tuple(transformations))


def _refuse(
    message: str, fix: str = "Correct the rule, or rebuild it from the rule rows."
) -> ValidationError:
    return ValidationError(FIELD, message, fix)


def _identity(rule: Mapping[str, Any], label: str) -> tuple[str, str]:
    rule_id = rule.get("rule-id")
    if isinstance(rule_id, int) and not isinstance(rule_id, bool):
        rule_id = str(rule_id)
    if not isinstance(rule_id, str) or not rule_id.isdigit():
        raise _refuse(f'{label} needs a numeric "rule-id" (for example "1").')
    rule_name = rule.get("rule-name")
    if not isinstance(rule_name, str) or not rule_name.strip():
        raise _refuse(f'{label} needs a "rule-name".')
    return rule_id, rule_name


def _name(locator: Mapping[str, Any], key: str, label: str, *, wildcard: bool) -> str:
    value = locator.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _refuse(f'{label} needs an "object-locator" with a "{key}" (use % for any).')
    if len(value) > _MAX_NAME:
        raise _refuse(f"{label}: the {key} is longer than {_MAX_NAME} characters.")
    if not wildcard and WILDCARD in value:
        raise _refuse(f"{label}: an explicit rule names one table; it cannot use the % wildcard.")
    return value


def _locator(rule: Mapping[str, Any], label: str) -> Mapping[str, Any]:
    locator = rule.get("object-locator")
    if not isinstance(locator, Mapping):
        raise _refuse(f'{label} needs an "object-locator" with "schema-name" and "table-name".')
    return locator


def _selection(rule: Mapping[str, Any], label: str) -> SelectionRule:
    if "filters" in rule:
        raise _refuse(
            f"{label} has column filters, which this editor does not support.",
            "Remove the filters, or create the task in the AWS console to use them.",
        )
    unknown = set(rule) - _SELECTION_KEYS
    if unknown:
        raise _refuse(f"{label} has keys DMS does not know here: {', '.join(sorted(unknown))}.")
    try:
        action = SelectionAction(str(rule.get("rule-action")))
    except ValueError:
        raise _refuse(
            f'{label} has rule-action "{rule.get("rule-action")}"; a selection rule uses '
            '"include", "exclude" or "explicit".'
        ) from None
    locator = _locator(rule, label)
    wildcard = action is not SelectionAction.EXPLICIT
    return SelectionRule(
        schema=_name(locator, "schema-name", label, wildcard=wildcard),
        table=_name(locator, "table-name", label, wildcard=wildcard),
        action=action,
    )


def _transformation(rule: Mapping[str, Any], label: str) -> TransformationRule:
    unknown = set(rule) - _TRANSFORMATION_KEYS
    if unknown:
        raise _refuse(f"{label} has keys DMS does not know here: {', '.join(sorted(unknown))}.")
    try:
        target = RuleTarget(str(rule.get("rule-target")))
    except ValueError:
        raise _refuse(
            f'{label} has rule-target "{rule.get("rule-target")}"; this editor transforms a '
            '"schema" or a "table".'
        ) from None
    try:
        action = TransformationAction(str(rule.get("rule-action")))
    except ValueError:
        choices = ", ".join(f'"{item.value}"' for item in TransformationAction)
        raise _refuse(
            f'{label} has rule-action "{rule.get("rule-action")}"; use one of {choices}.'
        ) from None
    locator = _locator(rule, label)
    schema = _name(locator, "schema-name", label, wildcard=True)
    table = WILDCARD
    if target is RuleTarget.TABLE:
        table = _name(locator, "table-name", label, wildcard=True)
    value = rule.get("value", "")
    if action.needs_value:
        if not isinstance(value, str) or not value.strip():
            raise _refuse(f'{label} ({action.value}) needs a "value": the new name or text.')
        if len(value) > _MAX_NAME:
            raise _refuse(f"{label}: the value is longer than {_MAX_NAME} characters.")
        if action is TransformationAction.RENAME and WILDCARD in value:
            raise _refuse(f"{label}: a new name cannot contain the % wildcard.")
    else:
        value = ""
    return TransformationRule(target, action, schema, table, value)
