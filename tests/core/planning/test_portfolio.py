"""The portfolio: CSV round trip, local save, bad rows refused by row; the plan report."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from core.errors import ValidationError
from core.paths import AppPaths
from core.planning.advisor import Answers, Downtime, Driver
from core.planning.components import Component, ComponentKind
from core.planning.portfolio import (
    CSV_COLUMNS,
    Entry,
    Portfolio,
    load_portfolio,
    portfolio_file,
    portfolio_from_csv,
    portfolio_to_csv,
    save_portfolio,
)
from core.planning.report import REPORT_COLUMNS, build_report, report_csv, report_markdown
from core.planning.transfer import TransferInputs

ESTATE = Portfolio(
    (
        Entry(
            Component(
                "Shop", "orders", ComponentKind.DATABASE, "50GB", "MySQL 8.0", "peak, in May"
            ),
            Answers(has_source_and_people=True, drivers=frozenset({Driver.LESS_MANAGEMENT})),
        ),
        Entry(
            Component("Shop", "storefront", ComponentKind.APP_CODE, notes='says "hi", | pipes'),
            Answers(
                has_source_and_people=True,
                drivers=frozenset({Driver.DEVOPS, Driver.GLOBAL_REACH}),
                downtime=Downtime.DAYS,
            ),
        ),
        Entry(
            Component("Payroll", "payroll-vm", ComponentKind.VM, "2TiB", "Windows Server 2016"),
            Answers(tied_to_platform=True, depends_on_on_prem=True, downtime=Downtime.NONE),
        ),
        Entry(
            Component("Archive", "old-scans", ComponentKind.FILE_SHARE, "68TB"),
            Answers(still_used=False),
        ),
    )
)


def test_the_csv_round_trip_keeps_every_field() -> None:
    text = portfolio_to_csv(ESTATE)

    assert text.splitlines()[0] == ",".join(CSV_COLUMNS)
    assert portfolio_from_csv(text) == ESTATE


def test_the_portfolio_is_saved_in_the_apps_data_folder(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path / "config", tmp_path / "data", tmp_path / "logs")
    path = portfolio_file(paths)

    assert load_portfolio(path) == Portfolio()
    save_portfolio(ESTATE, path)
    assert path.parent == paths.data_dir
    assert load_portfolio(path) == ESTATE


def test_a_spreadsheet_with_only_the_required_columns_gets_the_defaults() -> None:
    portfolio = portfolio_from_csv("\ufeffcomponent,kind\nfiles,File share\n")

    assert portfolio.entries == (Entry(Component("", "files", ComponentKind.FILE_SHARE)),)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name,kind\nx,vm\n", "The CSV has no component column."),
        (
            "component,kind\nx,box\n",
            "Row 1, kind: 'box' is not one of the choices. Use one of: vm, database, file share, "
            "app code.",
        ),
        ("component,kind,size\nx,vm,1GB\ny,vm,huge\n", "Row 2: 'huge' is not a size."),
        (
            "component,kind,drivers\nx,vm,cost; fun\n",
            "Row 1, drivers: 'fun' is not one of the choices.",
        ),
        (
            "component,kind,still_used\nx,vm,maybe\n",
            "Row 1, still_used: 'maybe' is not one of the choices.",
        ),
        ("component,kind\n,vm\n", "Row 1: The component has no name."),
    ],
)
def test_bad_rows_are_refused_naming_the_row(text: str, message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        portfolio_from_csv(text)

    assert refused.value.plain().startswith(message)


def test_the_report_has_each_components_approach_estimate_and_next_step() -> None:
    report = build_report(ESTATE, TransferInputs("70.102TB", "1Gbps"))

    rows = list(csv.DictReader(io.StringIO(report_csv(report))))
    assert tuple(rows[0]) == REPORT_COLUMNS
    assert [(row["component"], row["approach"], row["next_step_card"]) for row in rows] == [
        ("orders", "redeploy", "migrate-mysql"),
        ("storefront", "refactor", ""),
        ("payroll-vm", "lift-and-shift", ""),
        ("old-scans", "retire", "upload"),
    ]
    assert rows[3]["days_over_network"] == "9.0"
    assert rows[3]["over_a_week"] == "true"
    assert rows[1]["days_over_network"] == ""
    assert "Application Migration Service" in rows[2]["next_step"]
    assert report.total.over_a_week


def test_the_markdown_report_is_a_table_then_a_section_per_component() -> None:
    markdown = report_markdown(build_report(ESTATE, TransferInputs("70TB", "1Gbps")))

    assert markdown.startswith("# Plan the move\n\nLink: 1 Gbps, 70% of it, 24 hours a day.")
    assert "70 TB over 1 Gbps at 70%: 9.3 days" in markdown
    assert (
        "| Shop | orders | Database | 50GB | MySQL 8.0 | Redeploy on a managed platform" in markdown
    )
    assert 'Notes: says "hi", | pipes' in markdown
    assert "### Payroll / payroll-vm" in markdown
    assert "stay on-premises" in markdown
