"""``migration-assistant tour --out DIR``: drive every wizard through the real GUI (offscreen)
against the Sandbox and save a PNG of each page. Qt is imported only when it runs."""

from __future__ import annotations

import argparse
from pathlib import Path

__all__ = ["add_parser", "run"]


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "tour",
        help="walk every wizard in the Sandbox and save screenshots",
        description="Drive every wizard through the GUI against the Sandbox, save a PNG of "
        "every page as DIR/<flow>-<NN>-<page>.png and a summary DIR/tour.json.",
    )
    parser.add_argument("--out", required=True, type=Path, metavar="DIR")
    parser.add_argument(
        "--only", action="append", default=[], metavar="FLOW", help="tour only this flow"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from gui.tours.run import run_tour  # noqa: PLC0415 - Qt loads only for this command

    return run_tour(args.out, only=args.only)
