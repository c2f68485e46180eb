"""``migration-assistant plan transfer --size SIZE --bandwidth RATE``: how long the data
takes over the network, and what to do instead when that is more than a week.

Nothing is sent and no AWS call is made: it is the arithmetic of the "Plan the move" card
(``core/planning/transfer.py``), printed as text or, with ``--json``, as one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio

from core.errors import ValidationError
from core.flows.context import SinkContext
from core.flows.plan_the_move import (
    PlanTheMoveFlow,
    PlanTheMoveInputs,
    PlanTheMoveResult,
    measured_upload_rate,
)
from core.planning.transfer import (
    TransferEstimate,
    TransferInputs,
    describe_transfer,
    parse_percent,
)
from core.transfer.planner import parse_duration
from gui.commands.common import report_and_exit

__all__ = ["add_parser", "run_transfer"]

_OPTION_OF = {
    "transfer.size": "--size",
    "transfer.bandwidth": "--bandwidth",
    "transfer.utilization": "--utilization",
    "transfer.hours_per_day": "--hours-per-day",
}


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "plan",
        help="plan the move: how long the data takes over the network",
        description="Plan the move before making anything (no AWS call).",
    )
    plans = parser.add_subparsers(title="what to plan", required=True)
    transfer = plans.add_parser(
        "transfer",
        help="days over the network, and the alternatives when it is more than a week",
        description="Estimate how long SIZE of data takes over a link of RATE, using "
        "PERCENT of it for H hours a day. More than a week: the alternatives (DataSync, the "
        "AWS Data Transfer Terminal, a partner's device, Direct Connect) with their "
        "trade-offs. SIZE takes the upload command's suffixes (KB/MB/GB/TB powers of 1000, "
        "KiB/MiB/GiB/TiB powers of 1024); RATE is bits (1Gbps, 500Mbps) or bytes (100MB/s).",
    )
    transfer.add_argument("--size", required=True, metavar="SIZE", help="e.g. 70TB or 500GiB")
    transfer.add_argument(
        "--bandwidth", required=True, metavar="RATE", help="e.g. 1Gbps, 500Mbps, 100MB/s"
    )
    transfer.add_argument(
        "--utilization",
        default="70",
        metavar="PERCENT",
        help="share of the link the transfer may use (default 70)",
    )
    transfer.add_argument(
        "--hours-per-day",
        default="24",
        metavar="H",
        help="hours a day the link may be used (default 24)",
    )
    transfer.add_argument("--json", action="store_true", help="print one JSON object")
    transfer.set_defaults(run=run_transfer)


def _hours(text: str) -> float:
    # "8", "8h" and "480m" all mean eight hours: the upload command's duration words.
    seconds = parse_duration(text if text.strip()[-1:].isalpha() else f"{text}h", "hours_per_day")
    return seconds / 3600


def _estimate(args: argparse.Namespace) -> TransferEstimate:
    try:
        inputs = TransferInputs(
            size=args.size,
            bandwidth=args.bandwidth,
            utilization=parse_percent(args.utilization, "transfer.utilization"),
            hours_per_day=_hours(args.hours_per_day),
            measured_rate=measured_upload_rate(),
        )
    except ValidationError as error:
        field = error.field if error.field.startswith("transfer.") else f"transfer.{error.field}"
        raise ValidationError(field, f"{_OPTION_OF[field]}: {error.message}", error.fix) from error
    flow = PlanTheMoveFlow(PlanTheMoveInputs(inputs))
    problems = flow.problems()
    if problems:
        lines = [f"{_OPTION_OF[field]}: {text}" for field, text in problems.items()]
        raise ValidationError(next(iter(problems)), "\n".join(lines))
    result: PlanTheMoveResult = asyncio.run(flow.run(SinkContext()))
    return result.transfer


def run_transfer(args: argparse.Namespace) -> int:
    return report_and_exit(
        args,
        lambda: _estimate(args),
        to_json=TransferEstimate.to_json,
        print_text=lambda estimate: print(describe_transfer(estimate)),
        problem=lambda _estimate: None,
    )
