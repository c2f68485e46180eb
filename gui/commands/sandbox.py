"""``migration-assistant sandbox [--pace SECONDS]``: the Sandbox alone, for scripts and tests."""

from __future__ import annotations

import argparse
import sys

__all__ = ["add_parser", "run"]


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "sandbox",
        help="run the local simulated AWS and print its endpoint URL",
        description="Start the Sandbox (a local simulated AWS on 127.0.0.1), print its "
        "endpoint URL as the first line, and serve until interrupted.",
    )
    parser.add_argument(
        "--pace",
        type=float,
        default=1.0,
        metavar="SECONDS",
        help="seconds each lifecycle stage lasts (0: instant); default 1",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.pace < 0:
        print("The pace must be zero or more seconds.", file=sys.stderr)
        return 2
    from core.sandbox.serve import serve  # noqa: PLC0415 - starts moto only when asked

    return serve(args.pace, sys.stdout)
