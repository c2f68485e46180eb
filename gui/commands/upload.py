"""``migration-assistant upload FILE s3://BUCKET/KEY``: a resumable, verified upload.

Progress goes to stderr, one JSON line to stdout on success. Ctrl-C, SIGTERM or a kill -9
leave the upload and its journal in place: running the same command again resumes it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
import sys
from pathlib import Path

from core.errors import MigrationAssistantError, OperationCancelled, ValidationError
from core.events import Event, Note, Progress, StatusChanged
from core.flows.context import FlowContext
from core.flows.upload import UploadFlow, UploadInputs
from core.ledger import Ledger
from core.paths import AppPaths
from core.transfer.checksums import ChecksumChoice
from core.transfer.control import STORAGE_CLASSES, UploadControl, UploadOptions, UploadResult
from core.transfer.events import PartState, PartStateChanged, TransferEvent, UploadState
from core.transfer.journal import JournalStore
from core.transfer.planner import format_size, parse_duration, parse_rate, parse_size
from gui.commands.common import (
    EXIT_OK,
    ProgressThrottle,
    add_connection_options,
    add_retry_for_option,
    door_from_args,
    fail,
    progress_line,
    rate_and_eta,
)

__all__ = ["StderrProgress", "add_parser", "parse_s3_url", "run"]

EXIT_INTERRUPTED = 130
PROGRESS_EVERY = 1.0  # seconds between progress lines


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "upload",
        help="upload a large file to S3, resumable and verified",
        description="Upload FILE to S3 in parts, each with a checksum S3 verifies, then check "
        "the object's ETag and size against the file. If it is interrupted (Ctrl-C, SIGTERM, "
        "kill -9, network loss), run the same command again to resume. SIZE and RATE take "
        "suffixes: KB/MB/GB are powers of 1000, KiB/MiB/GiB powers of 1024.",
    )
    parser.add_argument("file", metavar="FILE", help="the file to upload")
    parser.add_argument("destination", metavar="s3://BUCKET/KEY", help="where it goes")
    parser.add_argument(
        "--part-size", metavar="SIZE", help="5MiB to 5GiB (default: automatic, at least 8MiB)"
    )
    parser.add_argument(
        "--concurrency", type=int, default=4, metavar="N", help="parts sent at once (default 4)"
    )
    parser.add_argument(
        "--checksum",
        choices=[choice.value for choice in ChecksumChoice],
        default=ChecksumChoice.CRC64NVME.value,
        help="the checksum each part carries; crc64nvme and crc32 also check the whole "
        "object against the file (default crc64nvme)",
    )
    parser.add_argument(
        "--max-bandwidth", metavar="RATE", help="limit, e.g. 10MB/s (default: no limit)"
    )
    add_retry_for_option(parser, who="the upload", then="it stops and running it again resumes it")
    parser.add_argument(
        "--storage-class",
        choices=list(STORAGE_CLASSES),
        default="",
        help="the object's S3 storage class, e.g. DEEP_ARCHIVE to archive it "
        "(default: the bucket's, usually STANDARD)",
    )
    add_connection_options(parser)
    parser.set_defaults(run=run)


def parse_s3_url(text: str, file_name: str | None = None) -> tuple[str, str]:
    """``s3://bucket/key`` -> (bucket, key). A missing key or one ending in ``/`` takes
    ``file_name`` (when given)."""
    bucket, _, key = text.removeprefix("s3://").partition("/")
    if not text.startswith("s3://") or not bucket:
        raise ValidationError(
            "destination",
            f"'{text}' is not an S3 address.",
            "Write it as s3://BUCKET/KEY, for example s3://my-bucket/backups/dump.sql.",
        )
    if (not key or key.endswith("/")) and file_name is not None:
        key += file_name
    return bucket, key


def _options(args: argparse.Namespace) -> UploadOptions:
    return UploadOptions(
        part_size=parse_size(args.part_size) if args.part_size else None,
        concurrency=args.concurrency,
        checksum=ChecksumChoice(args.checksum),
        max_bandwidth=parse_rate(args.max_bandwidth) if args.max_bandwidth else None,
        retry_for=parse_duration(args.retry_for),
        storage_class=args.storage_class,
    )


_SAID_STATES = (UploadState.WAITING_FOR_NETWORK, UploadState.COMPLETING, UploadState.VERIFYING)


class StderrProgress:
    """Turns engine events into at most one progress line a second on stderr."""

    def __init__(self) -> None:
        self.throttle = ProgressThrottle(PROGRESS_EVERY)
        self.parts = ""

    def __call__(self, event: Event | TransferEvent, /) -> None:
        if isinstance(event, Progress) and event.unit == "parts":
            self.parts = f", {event.done:.0f} of {event.total or 0:.0f} parts"
        elif isinstance(event, Progress):
            if not self.throttle.due(event):
                return
            line = f"upload: {format_size(event.done)} of {format_size(event.total or 0)}"
            if event.fraction is not None:
                line += f" ({event.fraction:.0%})"
            progress_line(line + self.parts + rate_and_eta(event))
        elif isinstance(event, Note):
            progress_line(f"upload: {event.text}")
        elif isinstance(event, StatusChanged) and event.status in _SAID_STATES:
            progress_line(f"upload: {event.meaning}")
        elif isinstance(event, PartStateChanged) and event.state is PartState.RETRYING:
            progress_line(f"upload: part {event.number}: {event.detail}")


async def _upload(args: argparse.Namespace, source: Path, bucket: str, key: str) -> UploadResult:
    control = UploadControl()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGINT, signal.SIGTERM):
        # Not on Windows: there Ctrl-C raises KeyboardInterrupt, and the journal still holds.
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(number, control.cancel)
    paths = AppPaths.default().ensure()
    # The same flow object the wizard runs.
    flow = UploadFlow(
        UploadInputs(source, bucket, key, _options(args)),
        journals=JournalStore.default(paths),
        control=control,
        transfer_sink=StderrProgress(),
    )
    return await flow.run(FlowContext(door_from_args(args), Ledger(paths.ledger_file)))


def run(args: argparse.Namespace) -> int:
    try:
        source = Path(args.file)
        bucket, key = parse_s3_url(args.destination, source.name)
        if not key:
            raise ValidationError("destination", "The S3 address has no key.")
        _options(args).validate()
        result = asyncio.run(_upload(args, source, bucket, key))
    except OperationCancelled as stopped:
        print(stopped.message, file=sys.stderr, flush=True)
        return EXIT_INTERRUPTED
    except (MigrationAssistantError, KeyboardInterrupt) as error:
        return fail(error)
    print(json.dumps(result.to_json(), sort_keys=True), flush=True)
    return EXIT_OK


def main() -> int:
    """``python -m gui.commands.upload ...``: the same as ``migration-assistant upload``."""
    parser = argparse.ArgumentParser(prog="migration-assistant")
    add_parser(parser.add_subparsers())
    args = parser.parse_args(["upload", *sys.argv[1:]])
    code: int = args.run(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
