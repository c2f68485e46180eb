"""The portfolio: every component of every application, with its questionnaire answers.

Saved as JSON in the app's data folder (``portfolio_file``), and imported or exported as CSV
with one row per component, so an estate listed in a spreadsheet comes in as it is.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import ValidationError
from core.fileio import atomic_write_json, read_json
from core.paths import AppPaths
from core.planning.advisor import Answers, Downtime, Driver
from core.planning.components import Component, ComponentKind
from core.transfer.planner import parse_size

__all__ = [
    "CSV_COLUMNS",
    "Entry",
    "Portfolio",
    "load_portfolio",
    "portfolio_file",
    "portfolio_from_csv",
    "portfolio_to_csv",
    "save_portfolio",
]

PORTFOLIO_VERSION = 1
CSV_COLUMNS = (
    "application",
    "component",
    "kind",
    "size",
    "os_or_engine",
    "notes",
    "has_source_and_people",
    "tied_to_licences_os_hardware",
    "depends_on_on_prem",
    "saas_does_the_job",
    "still_used",
    "drivers",
    "downtime",
)
_QUESTIONS = (
    ("has_source_and_people", "has_source_and_people"),
    ("tied_to_licences_os_hardware", "tied_to_platform"),
    ("depends_on_on_prem", "depends_on_on_prem"),
    ("saas_does_the_job", "saas_does_the_job"),
    ("still_used", "still_used"),
)
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0", ""}


@dataclass(frozen=True)
class Entry:
    component: Component
    answers: Answers = field(default_factory=Answers)


@dataclass(frozen=True)
class Portfolio:
    entries: tuple[Entry, ...] = ()

    def problems(self) -> dict[str, str]:
        """``row N.field`` -> message, N counting from 1 as a spreadsheet's data rows."""
        found: dict[str, str] = {}
        for number, entry in enumerate(self.entries, start=1):
            try:
                _check(entry.component)
            except ValidationError as error:
                found[f"row {number}.{error.field}"] = f"Row {number}: {error.plain()}"
        return found


def _check(component: Component) -> None:
    if not component.name.strip():
        raise ValidationError("component", "The component has no name.", "Name it, e.g. orders-db.")
    if component.size.strip():
        try:
            parse_size(component.size, "size")
        except ValidationError as error:
            raise ValidationError(
                "size", f"'{component.size}' is not a size.", "Write it as 500GB or 2TiB."
            ) from error


def portfolio_file(paths: AppPaths) -> Path:
    return paths.data_dir / "portfolio.json"


def _row(entry: Entry) -> dict[str, str]:
    component, answers = entry.component, entry.answers
    row = {
        "application": component.application,
        "component": component.name,
        "kind": component.kind.value,
        "size": component.size,
        "os_or_engine": component.platform,
        "notes": component.notes,
        "drivers": "; ".join(sorted(driver.value for driver in answers.drivers)),
        "downtime": answers.downtime.value,
    }
    for column, attribute in _QUESTIONS:
        row[column] = "yes" if getattr(answers, attribute) else "no"
    return row


def _choice(value: str, number: int, column: str, allowed: Iterable[str]) -> str:
    cleaned = value.strip().lower()
    choices = list(allowed)
    if cleaned not in choices:
        raise ValidationError(
            f"row {number}.{column}",
            f"Row {number}, {column}: '{value.strip()}' is not one of the choices.",
            f"Use one of: {', '.join(choices)}.",
        )
    return cleaned


def _entry(row: Mapping[str, str | None], number: int) -> Entry:
    def cell(column: str, default: str = "") -> str:
        return (row.get(column) or default).strip()

    flags = {}
    for column, attribute in _QUESTIONS:
        answer = _choice(
            cell(column, "yes" if column == "still_used" else "no"), number, column, [*_YES, *_NO]
        )
        flags[attribute] = answer in _YES
    drivers = frozenset(
        Driver(_choice(word, number, "drivers", [driver.value for driver in Driver]))
        for word in cell("drivers").split(";")
        if word.strip()
    )
    downtime = Downtime(
        _choice(cell("downtime", "hours"), number, "downtime", [item.value for item in Downtime])
    )
    kind = ComponentKind(
        _choice(cell("kind"), number, "kind", [item.value for item in ComponentKind])
    )
    component = Component(
        cell("application"),
        cell("component"),
        kind,
        cell("size"),
        cell("os_or_engine"),
        cell("notes"),
    )
    return Entry(component, Answers(**flags, drivers=drivers, downtime=downtime))


def portfolio_to_csv(portfolio: Portfolio) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(_row(entry) for entry in portfolio.entries)
    return out.getvalue()


def portfolio_from_csv(text: str) -> Portfolio:
    """The portfolio in a CSV with a header row (``CSV_COLUMNS``; only ``component`` and
    ``kind`` are required, the others default). Raises ValidationError naming the row."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))  # a spreadsheet's BOM
    missing = {"component", "kind"} - set(reader.fieldnames or ())
    if missing:
        raise ValidationError(
            "csv",
            f"The CSV has no {' or '.join(sorted(missing))} column.",
            f"Its first row names the columns: {', '.join(CSV_COLUMNS)}.",
        )
    portfolio = Portfolio(tuple(_entry(row, number) for number, row in enumerate(reader, 1)))
    problems = portfolio.problems()
    if problems:
        field_name, message = next(iter(problems.items()))
        raise ValidationError(field_name, message)
    return portfolio


def save_portfolio(portfolio: Portfolio, path: Path) -> None:
    rows = [_row(entry) for entry in portfolio.entries]
    atomic_write_json(path, {"version": PORTFOLIO_VERSION, "components": rows})


def load_portfolio(path: Path) -> Portfolio:
    """The saved portfolio, or an empty one when none was saved yet."""
    data = read_json(path, {"components": []})
    rows = data.get("components", [])
    return Portfolio(tuple(_entry(row, number) for number, row in enumerate(rows, 1)))
