"""``migration-assistant vm-import FILE --bucket BUCKET``: a VM's disk image to an AMI.

Checks the image on this computer, makes sure of the bucket and the ``vmimport`` role,
uploads the image (resumable), runs ``import-image`` and waits for it, with progress on
stderr. The result is one JSON line with ``--json`` (else a few plain lines): exit 0 when
the AMI is ready, 1 when the import failed (its cause and fix said), 2 on bad input.
Stopping the command leaves the import running; the same command again follows it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

from core.errors import MigrationAssistantError, ValidationError
from core.events import Event, Progress
from core.flows.context import FlowContext
from core.flows.vm_import import BOOT_MODES, LICENSE_TYPES, VmImportFlow, VmImportInputs
from core.flows.vm_import_task import VmImportResult
from core.ledger import Ledger
from core.paths import AppPaths
from core.transfer.journal import JournalStore
from core.vm_image import PREPARATION, DiskFormat
from gui.commands.common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    add_connection_options,
    connection_from_args,
    fail,
    local_sandbox_or_door,
    print_event,
    progress_line,
)
from gui.commands.upload import StderrProgress

__all__ = ["add_parser", "run"]

EXIT_INTERRUPTED = 130


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "vm-import",
        help="import a virtual machine's disk image (OVA, VMDK, VHD, VHDX, raw) as an AMI",
        description="Check FILE, upload it to BUCKET (resumable), import it with VM "
        "Import/Export and wait for the AMI. The IAM role vmimport is created when missing. "
        "Running the same command again follows the import already started.",
    )
    parser.add_argument("file", metavar="FILE", help="the exported disk image or OVA")
    parser.add_argument("--bucket", required=True, help="S3 bucket in the import's region")
    parser.add_argument("--key", default="", help="its name in the bucket (default: FILE's name)")
    parser.add_argument(
        "--format",
        choices=[choice.value for choice in DiskFormat],
        help="the image's format (default: found from the file; raw must be chosen)",
    )
    parser.add_argument("--description", default="", help="the AMI's description")
    parser.add_argument("--boot-mode", choices=[mode for mode in BOOT_MODES if mode], default="")
    parser.add_argument(
        "--license-type", choices=[kind for kind in LICENSE_TYPES if kind], default=""
    )
    parser.add_argument("--kms-key-id", default="", help="encrypt the snapshots with this key")
    parser.add_argument(
        "--update-role",
        action="store_true",
        help="allow adding BUCKET to an existing vmimport role that cannot read it",
    )
    parser.add_argument(
        "--poll-interval",
        type=float,
        default=15.0,
        metavar="SECONDS",
        help="seconds before the first look at the import task (default 15; it grows to 60)",
    )
    parser.add_argument("--json", action="store_true", help="print the result as one JSON line")
    add_connection_options(parser)
    parser.set_defaults(run=run)


class _ImportProgress:
    """Notes and status changes as lines; the import's percent when it moves."""

    def __init__(self) -> None:
        self.percent = -1.0

    def __call__(self, event: Event, /) -> None:
        if isinstance(event, Progress) and event.unit == "%":
            if event.done != self.percent:
                self.percent = event.done
                progress_line(f"import: {event.done:.0f}%")
        else:
            print_event(event)


def _flow(args: argparse.Namespace) -> VmImportFlow:
    inputs = VmImportInputs(
        Path(args.file),
        args.bucket,
        region=connection_from_args(args).region,
        key=args.key,
        format=DiskFormat(args.format) if args.format else None,
        description=args.description,
        boot_mode=args.boot_mode,
        license_type=args.license_type,
        kms_key_id=args.kms_key_id,
        update_role=args.update_role,
    )
    paths = AppPaths.default().ensure()
    return VmImportFlow(
        inputs,
        journals=JournalStore.default(paths),
        transfer_sink=StderrProgress(),
        first_delay=max(0.0, args.poll_interval),
    )


async def _import(args: argparse.Namespace, flow: VmImportFlow) -> VmImportResult:
    paths = AppPaths.default().ensure()
    ctx = FlowContext(
        local_sandbox_or_door(args),
        Ledger(paths.ledger_file),
        sink=_ImportProgress(),
        wizard="vm-import",
    )
    return await flow.run(ctx)


def _print_result(result: VmImportResult, as_json: bool) -> None:
    if as_json:
        print(json.dumps(result.to_json(), sort_keys=True), flush=True)
        return
    print(f"Import {result.import_task_id}: {result.status}.")
    if result.completed:
        print(f"AMI {result.image_id}, snapshots {', '.join(result.snapshot_ids)}.")
        print(f"Launch an instance from it: {result.launch}")
    elif result.failure is not None:
        for line in result.other_route:
            print(line)


def _refuse(error: ValidationError, as_json: bool) -> int:
    if as_json:
        print(json.dumps({"error": error.message, "fix": error.fix}), flush=True)
    fail(error)
    return EXIT_USAGE


def run(args: argparse.Namespace) -> int:
    flow = _flow(args)
    try:
        report = flow.check()  # its refusal keeps the message and the fix apart
    except ValidationError as refused:
        return _refuse(refused, args.json)
    problems = flow.problems()
    if problems:
        field, message = next(iter(problems.items()))
        return _refuse(ValidationError(field, message), args.json)
    progress_line(report.summary())
    checklist = "; ".join(item.label for item in PREPARATION)
    progress_line(f"Check that the VM was prepared before its export: {checklist}.")
    try:
        result = asyncio.run(_import(args, flow))
    except ValidationError as refused:
        return _refuse(refused, args.json)
    except KeyboardInterrupt:
        progress_line(
            "Stopped waiting. The import goes on in AWS: run the same command again to follow "
            "it, or cancel it with aws ec2 cancel-import-task."
        )
        return EXIT_INTERRUPTED
    except MigrationAssistantError as error:
        return fail(error)
    _print_result(result, args.json)
    if result.failure is not None:
        progress_line(result.failure.plain())
        return EXIT_FAILED
    return EXIT_OK


def main() -> int:
    """``python -m gui.commands.vm_import ...``: the same as ``migration-assistant vm-import``."""
    parser = argparse.ArgumentParser(prog="migration-assistant")
    add_parser(parser.add_subparsers())
    args = parser.parse_args(["vm-import", *sys.argv[1:]])
    code: int = args.run(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
