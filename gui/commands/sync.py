"""``migration-assistant sync SOURCE DEST``: a folder and an S3 prefix made the same.

One of SOURCE and DEST is ``s3://BUCKET[/PREFIX]``, the other a local folder. Progress goes
to stderr; with ``--json`` stdout gets one JSON object per path (``action``, ``path``,
``key``, ``bytes``, ``reason``, ``error`` when it failed, ``kept_bytes`` when an interrupted
download was carried on), then a ``summary`` line.
Exit 0 when nothing failed, 1 when a file failed, 2 on bad input.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
import sys
from pathlib import Path
from typing import Any

from core.errors import MigrationAssistantError, OperationCancelled, ValidationError
from core.events import Event, Note, Progress, StatusChanged
from core.flows.context import FlowContext
from core.flows.folder_sync import (
    COMPARE_STEP,
    FolderSyncFlow,
    FolderSyncInputs,
    FolderSyncResult,
)
from core.ledger import Ledger
from core.paths import AppPaths
from core.sync.events import FileBytes, InFlight, ItemDone, SyncEvent
from core.sync.items import Action, CompareMode, Direction
from core.sync.meter import FILES_STEP, SYNC_STEP
from core.sync.rules import FilterRule
from core.transfer import JournalStore, TransferEvent, UploadControl, format_size
from core.transfer.planner import parse_duration
from gui.commands.common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    ProgressThrottle,
    add_connection_options,
    add_retry_for_option,
    door_from_args,
    fail,
    progress_line,
    rate_and_eta,
)

__all__ = ["add_parser", "run"]

EXIT_INTERRUPTED = 130
PROGRESS_EVERY = 1.0  # seconds between progress lines


class _Rule(argparse.Action):
    """--exclude and --include append to one list, so their order is kept."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        rules = list(getattr(namespace, "rules", None) or [])
        rules.append(FilterRule(str(values), include=option_string == "--include"))
        namespace.rules = rules


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "sync",
        help="make an S3 prefix match a folder, or a folder match an S3 prefix",
        description="Compare SOURCE and DEST and copy what differs, verified, each file's "
        "time kept. One of them is s3://BUCKET[/PREFIX], the other a local folder. Rules "
        "work as in .gitignore, in the order given: the last one matching a path decides, "
        "and an excluded folder is not read at all (to keep only JPEGs: --exclude '*' "
        "--include '*/' --include '*.jpg'). Run with --dry-run first to see every action "
        "and its reason.",
    )
    parser.add_argument("source", metavar="SOURCE", help="a folder or s3://BUCKET[/PREFIX]")
    parser.add_argument("destination", metavar="DEST", help="a folder or s3://BUCKET[/PREFIX]")
    parser.add_argument("--dry-run", action="store_true", help="show the plan, change nothing")
    parser.add_argument(
        "--delete", action="store_true", help="also delete what only DEST has (as listed)"
    )
    parser.add_argument("--exclude", action=_Rule, metavar="PATTERN", help="leave paths out")
    parser.add_argument("--include", action=_Rule, metavar="PATTERN", help="bring paths back")
    parser.add_argument(
        "--compare",
        choices=[mode.value for mode in CompareMode],
        default=CompareMode.SIZE_MTIME.value,
        help="size-mtime (default): size and modification time; checksum: the contents "
        "(the object's CRC64NVME or MD5 ETag against the file's bytes)",
    )
    parser.add_argument(
        "--follow-symlinks",
        action="store_true",
        help="sync what symbolic links point to (default: skip them, with a note)",
    )
    parser.add_argument(
        "--concurrency", type=int, default=8, metavar="N", help="files at once (default 8)"
    )
    add_retry_for_option(
        parser,
        who="a file",
        then="it is listed as failed and running the sync again carries on",
    )
    parser.add_argument("--json", action="store_true", help="one JSON line per path on stdout")
    add_connection_options(parser)
    parser.set_defaults(run=run, rules=None)


def _inputs(args: argparse.Namespace) -> FolderSyncInputs:
    source, destination = str(args.source), str(args.destination)
    if source.startswith("s3://") == destination.startswith("s3://"):
        raise ValidationError(
            "destination",
            "One of SOURCE and DEST must be s3://BUCKET[/PREFIX] and the other a folder.",
            "For example: migration-assistant sync ./site s3://my-bucket/site",
        )
    direction = Direction.UP if destination.startswith("s3://") else Direction.DOWN
    url, folder = (destination, source) if direction is Direction.UP else (source, destination)
    bucket, _, prefix = url.removeprefix("s3://").partition("/")
    return FolderSyncInputs(
        folder=Path(folder),
        bucket=bucket,
        prefix=prefix,
        direction=direction,
        compare=CompareMode(args.compare),
        delete=args.delete,
        dry_run=args.dry_run,
        rules=tuple(args.rules or ()),
        follow_symlinks=args.follow_symlinks,
        concurrency=args.concurrency,
        retry_for=parse_duration(args.retry_for),
    )


class _Output:
    """Per-path lines on stdout, progress lines on stderr (at most one a second)."""

    def __init__(self, inputs: FolderSyncInputs, as_json: bool) -> None:
        self.inputs = inputs
        self.as_json = as_json
        self.throttle = ProgressThrottle(PROGRESS_EVERY)
        self.files = ""
        self.largest: FileBytes | None = None  # the largest file under way at the last tick

    def __call__(self, event: Event | TransferEvent | SyncEvent, /) -> None:
        if isinstance(event, ItemDone):
            if self.largest is not None and event.item.rel == self.largest.rel:
                self.largest = None
            self._item(event)
        elif isinstance(event, InFlight):
            self.largest = event.largest()
        elif isinstance(event, Progress):
            self._progress(event)
        elif isinstance(event, Note):
            progress_line(f"sync: {event.text}")
        elif isinstance(event, StatusChanged) and event.previous is not None:
            # Waiting for the network and back: the start ("running") says nothing new.
            progress_line(f"sync: {event.status}. {event.meaning}")

    def _item(self, done: ItemDone) -> None:
        item = done.item
        if self.as_json:
            line = item.to_json(self.inputs.folder)
            if done.error:
                line["error"] = done.error
            if done.kept:
                line["kept_bytes"] = done.kept  # an interrupted download's, not fetched again
            print(json.dumps(line, ensure_ascii=False), flush=True)
        elif done.error or item.reason.is_failure:
            progress_line(f"sync: failed: {item.rel}: {done.error or item.detail}")
        elif item.action is not Action.SKIP:
            print(f"{item.action.value}: {item.rel} ({item.reason.value})", flush=True)

    def _progress(self, event: Progress) -> None:
        if event.step == FILES_STEP:
            if event.total is None:  # the walk still decides what the sync holds
                self.files = f"{event.done:,.0f} paths (still comparing)"
            else:
                self.files = f"{event.done:,.0f} of {event.total:,.0f} paths"
            return
        if not self.throttle.due(event):
            return
        if event.step == COMPARE_STEP:
            progress_line(f"sync: compared {event.done:,.0f} paths")
        elif event.step == SYNC_STEP:
            moved = format_size(event.done)
            if event.total is not None:
                moved = f"{moved} of {format_size(event.total)}"
            large = self.largest
            under_way = f"; under way: {large.rel} ({large.moved})" if large else ""
            progress_line(f"sync: {self.files}, {moved}{rate_and_eta(event)}{under_way}")


async def _sync(args: argparse.Namespace, flow: FolderSyncFlow) -> FolderSyncResult:
    loop = asyncio.get_running_loop()
    for number in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(number, flow.control.cancel)
    paths = AppPaths.default().ensure()
    ctx = FlowContext(
        door_from_args(args),
        Ledger(paths.ledger_file),
        sink=_Output(flow.inputs, args.json),
        wizard="folder-sync",
    )
    # Each path is done as soon as it is decided (the transfers overlap the rest of the walk).
    result = await flow.run(ctx)
    versioning = result.versioning or "never enabled"
    progress_line(f"sync: versioning of {flow.inputs.bucket}: {versioning}")
    return result


def _say(result: FolderSyncResult, as_json: bool) -> None:
    if as_json:
        print(json.dumps({"summary": result.summary()}), flush=True)
        return
    done = "would be " if result.dry_run else ""
    print(
        f"{result.uploaded} {done}uploaded, {result.downloaded} {done}downloaded, "
        f"{result.deleted} {done}deleted, {result.skipped} unchanged or skipped, "
        f"{result.failed} failed; {format_size(result.bytes)}.",
        flush=True,
    )


def run(args: argparse.Namespace) -> int:
    try:
        inputs = _inputs(args)
    except ValidationError as error:
        fail(error)
        return EXIT_USAGE
    output = _Output(inputs, args.json)
    paths = AppPaths.default().ensure()
    flow = FolderSyncFlow(
        inputs,
        control=UploadControl(),
        sync_sink=output,
        journals=JournalStore.default(paths),
        paths=paths,
    )
    problems = flow.problems()
    if problems:
        for field, message in problems.items():
            progress_line(f"sync: {field}: {message}")
        return EXIT_USAGE
    try:
        result = asyncio.run(_sync(args, flow))
    except OperationCancelled as stopped:
        print(stopped.message, file=sys.stderr, flush=True)
        return EXIT_INTERRUPTED
    except ValidationError as error:
        fail(error)
        return EXIT_USAGE
    except (MigrationAssistantError, KeyboardInterrupt) as error:
        return fail(error)
    _say(result, args.json)
    if result.failed:
        progress_line(f"sync: {result.failed} path(s) failed; see the lines above.")
        return EXIT_FAILED
    return EXIT_OK
