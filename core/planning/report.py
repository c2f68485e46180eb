"""The plan report: each component's approach, reasons, transfer estimate and next step,
as Markdown (the printable page) and CSV (for a spreadsheet)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace

from core.planning.advisor import Advice, advise
from core.planning.portfolio import Entry, Portfolio
from core.planning.transfer import (
    TransferEstimate,
    TransferInputs,
    describe_transfer,
    estimate_transfer,
    format_bandwidth,
    parse_bandwidth,
)
from core.transfer.planner import parse_size

__all__ = [
    "REPORT_COLUMNS",
    "PlanReport",
    "ReportRow",
    "build_report",
    "portfolio_bytes",
    "report_csv",
    "report_markdown",
]

REPORT_COLUMNS = (
    "application",
    "component",
    "kind",
    "size",
    "os_or_engine",
    "approach",
    "reasons",
    "trade_offs",
    "days_over_network",
    "over_a_week",
    "next_step",
    "next_step_card",
    "notes",
)


@dataclass(frozen=True)
class ReportRow:
    entry: Entry
    advice: Advice
    estimate: TransferEstimate | None  # None when the component's size is not given


@dataclass(frozen=True)
class PlanReport:
    """``link`` is the transfer inputs the estimates share (its size: all the data)."""

    rows: tuple[ReportRow, ...]
    link: TransferInputs
    total: TransferEstimate


def portfolio_bytes(portfolio: Portfolio) -> int:
    """The data the portfolio lists, in bytes (components without a size count nothing)."""
    sizes = (entry.component.size for entry in portfolio.entries)
    return sum(parse_size(size, "size") for size in sizes if size.strip())


def build_report(portfolio: Portfolio, link: TransferInputs) -> PlanReport:
    """Advice and an estimate per component; raises ValidationError on a bad link."""
    rows = tuple(
        ReportRow(
            entry,
            advise(entry.component, entry.answers),
            estimate_transfer(replace(link, size=entry.component.size))
            if entry.component.size.strip()
            else None,
        )
        for entry in portfolio.entries
    )
    return PlanReport(rows, link, estimate_transfer(link))


def _paragraphs(text: str) -> list[str]:
    numbers, advice, *alternatives = text.splitlines()
    return [numbers, "", advice, *([""] if alternatives else []), *alternatives]


def _days(estimate: TransferEstimate | None) -> str:
    return "" if estimate is None else f"{estimate.days:.1f}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def report_markdown(report: PlanReport) -> str:
    link = report.link
    hours = f"{link.hours_per_day:g} hours a day"
    speed = format_bandwidth(parse_bandwidth(link.bandwidth))
    lines = [
        "# Plan the move",
        "",
        f"Link: {speed}, {link.utilization:g}% of it, {hours}.",
        "",
        "## All the data",
        "",
        *_paragraphs(describe_transfer(report.total)),
        "",
        "## Components",
        "",
        "| Application | Component | Kind | Size | OS or engine | Approach | Days over the "
        "network | Next step |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in report.rows:
        component = row.entry.component
        cells = (
            component.application,
            component.name,
            component.kind.label,
            component.size,
            component.platform,
            row.advice.title,
            _days(row.estimate),
            row.advice.next_step.title,
        )
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    for row in report.rows:
        lines += _component_section(row)
    return "\n".join(lines) + "\n"


def _component_section(row: ReportRow) -> list[str]:
    component, advice = row.entry.component, row.advice
    heading = (
        f"{component.application} / {component.name}" if component.application else (component.name)
    )
    lines = ["", f"### {heading}", "", f"**{advice.title}**", ""]
    lines += [f"- {reason}" for reason in advice.reasons]
    lines += ["", f"Trade-offs: {advice.trade_offs}", ""]
    lines.append(f"Next step: {advice.next_step.title}. {advice.next_step.detail}")
    if row.estimate is not None:
        lines += ["", f"Transfer: {row.estimate.recommendation}"]
    if component.notes:
        lines += ["", f"Notes: {component.notes}"]
    return lines


def report_csv(report: PlanReport) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=REPORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in report.rows:
        component, advice = row.entry.component, row.advice
        writer.writerow(
            {
                "application": component.application,
                "component": component.name,
                "kind": component.kind.value,
                "size": component.size,
                "os_or_engine": component.platform,
                "approach": advice.approach.value,
                "reasons": " ".join(advice.reasons),
                "trade_offs": advice.trade_offs,
                "days_over_network": _days(row.estimate),
                "over_a_week": ""
                if row.estimate is None
                else str(row.estimate.over_a_week).lower(),
                "next_step": advice.next_step.title,
                "next_step_card": advice.next_step.card,
                "notes": component.notes,
            }
        )
    return out.getvalue()
