"""Entry point: ``migration-assistant`` opens the window; subcommands run headless.

Headless subcommands live in ``gui.commands`` and never import Qt, so they work on machines
where Qt cannot load. Only the window path (and ``tour``) create a QApplication.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import logging
import os
import pkgutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import gui.commands

__all__ = ["build_parser", "main", "process_main"]


def _command_modules() -> list[str]:
    names = [info.name for info in pkgutil.iter_modules(gui.commands.__path__)]
    return sorted(name for name in names if name != "common" and not name.startswith("_"))


def _modules_for(argv: Sequence[str] | None) -> list[str]:
    """The command modules to import: only the one ``argv`` names (a command's module is
    its name with ``_`` for ``-``), else all of them (for the overview, ``--help``)."""
    modules = _command_modules()
    if argv is not None:
        # Importing every command costs each run about 0.15 CPU-s (the database drivers,
        # the planners, the VM image checks...) before its first file.
        by_command = {module.replace("_", "-"): module for module in modules}
        named = next((by_command[word] for word in argv if word in by_command), None)
        if named is not None:
            return [named]
    return modules


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole command line, or (given ``argv``) the options and the one command it
    names."""
    parser = argparse.ArgumentParser(
        prog="migration-assistant",
        description="Move on-premises workloads to AWS by point-and-click. With no AWS account "
        "configured it opens in the Sandbox, a local simulated AWS.",
    )
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="PATH",
        help="start the app, save a PNG of the main window once it is ready, and exit",
    )
    parser.add_argument(
        "--sandbox",
        action="store_true",
        help="open in the Sandbox whatever the saved connection is",
    )
    parser.add_argument(
        "--color-scheme",
        choices=["light", "dark"],
        help="use this colour scheme instead of following the desktop's",
    )
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name in _modules_for(argv):
        module = importlib.import_module(f"gui.commands.{name}")
        module.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None, *, as_process: bool = False) -> int:
    """Runs the command ``argv`` names (``sys.argv`` when None), else opens the window.
    ``as_process``: this process is the program (its entry points), so a command ends it
    at once when done (see ``_end_process``)."""
    words = sys.argv[1:] if argv is None else argv
    args = build_parser(words).parse_args(words)
    command = getattr(args, "run", None)
    if command is not None:
        if argv is None:
            # This process is the command, and what it has loaded lives until it exits:
            # the cycle collector need not look through it at every collection again
            # (~50 ms of a no-change sync, measured). Not for a caller's own process.
            gc.freeze()
        result: int = command(args)
        if as_process:
            _end_process(result)
        return result
    from gui.app import run_app  # noqa: PLC0415 - Qt loads only for the window

    return run_app(
        screenshot=args.screenshot, force_sandbox=args.sandbox, color_scheme=args.color_scheme
    )


def process_main() -> int:
    """The ``migration-assistant`` console script."""
    return main(as_process=True)


def _end_process(code: int) -> NoReturn:
    """Ends a finished command's process without tearing down what it imported (botocore's
    models, clients, threads: 30-60 ms of a small sync, measured). Safe because the app
    survives a kill at any moment: by now everything a command writes (ledger, journals,
    sync state) is closed and synced; only the standard streams and logs wait in buffers."""
    sys.stdout.flush()
    sys.stderr.flush()
    logging.shutdown()
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main(as_process=True))
