"""``migration-assistant resources list|teardown``: what the app created, and removing it.

``list`` prints one JSON object per ledger resource of the connection (its account or the
Sandbox, and its region) with the live status. ``teardown --yes`` deletes them in
dependency order (task, endpoints, replication instance, RDS instance, the 3306 rule,
subnet and security groups; IAM roles only with ``--include-iam-roles``), prints one JSON
line per resource, and exits non-zero if any could not be deleted.

Both go through ``core.flows.resources`` (``list_resources``, ``ResourcesFlow``), as the
Resources page does; without ``--yes``, teardown shows the calls it would make.

With ``--endpoint-url`` on this machine (a running Sandbox) and no ``--profile``, the
command connects as the app's Sandbox does, so it sees the resources the app filed there.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from core.credentials import KeyringStore
from core.errors import MigrationAssistantError, ValidationError
from core.flows.context import FlowContext
from core.flows.resources import ResourcesFlow, list_resources
from core.flows.shape import render_plan
from core.flows.teardown import TeardownOptions, TeardownSummary
from core.ledger import Ledger
from core.paths import AppPaths
from gui.commands.common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    add_connection_options,
    fail,
    local_sandbox_or_door,
    print_event,
    progress_line,
)

__all__ = ["add_parser", "run"]


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "resources",
        help="list or tear down the AWS resources the app created",
        description="Everything the app created is kept in a local ledger. List it with live "
        "status, or delete it all in dependency order.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="one JSON line per resource, with live status")
    listing.add_argument(
        "--include-deleted", action="store_true", help="also show resources already deleted"
    )
    add_connection_options(listing)
    remove = actions.add_parser("teardown", help="delete every listed resource")
    remove.add_argument("--yes", action="store_true", help="confirm: really delete them")
    remove.add_argument(
        "--include-iam-roles",
        action="store_true",
        help="also delete the DMS IAM roles the app created (other DMS work may use them)",
    )
    remove.add_argument(
        "--final-snapshot",
        action="store_true",
        help="keep a final snapshot of each RDS instance (billed as backup storage)",
    )
    remove.add_argument(
        "--include-vm-images",
        action="store_true",
        help="also delete the disk images uploaded for VM imports (your data)",
    )
    add_connection_options(remove)
    parser.set_defaults(run=run)


async def _list(ctx: FlowContext, include_deleted: bool) -> None:
    for listed in await list_resources(ctx, include_deleted=include_deleted):
        line = listed.entry.to_json()
        line["status"] = listed.status
        print(json.dumps(line, sort_keys=True), flush=True)


def _print_summary(summary: TeardownSummary) -> None:
    for result, items in (
        ("deleted", summary.deleted),
        ("failed", summary.failed),
        ("kept", summary.skipped),
    ):
        for item in items:
            line = {
                "kind": item.entry.kind.value,
                "resource_id": item.entry.resource_id,
                "result": result,
                "message": item.message,
            }
            print(json.dumps(line, sort_keys=True), flush=True)


async def _teardown(ctx: FlowContext, args: argparse.Namespace, paths: AppPaths) -> TeardownSummary:
    options = TeardownOptions(
        include_iam_roles=args.include_iam_roles,
        final_snapshot=args.final_snapshot,
        include_vm_images=args.include_vm_images,
    )
    # The flow the Resources page tears down with; a locked keyring only costs a note.
    flow = await ResourcesFlow.for_connection(ctx, options, store=KeyringStore(), paths=paths)
    entries = flow.inputs.entries
    if not entries:
        progress_line("Nothing to delete: the ledger lists no resources for this connection.")
        return TeardownSummary()
    if not args.yes:
        for entry in entries:
            progress_line(f"Would delete {entry.kind.value} {entry.resource_id}")
        progress_line("with these calls, in order:")
        for command in render_plan(ctx.door, flow.plan()):
            progress_line(command)
        raise ValidationError(
            "yes",
            f"Nothing was deleted: {len(entries)} resources are listed.",
            "Run again with --yes to delete them.",
        )
    return await flow.run(ctx)


def run(args: argparse.Namespace) -> int:
    paths = AppPaths.default().ensure()
    try:
        door = local_sandbox_or_door(args)
        ctx = FlowContext(door, Ledger(paths.ledger_file), sink=print_event, wizard="resources")
        if args.action == "list":
            asyncio.run(_list(ctx, args.include_deleted))
            return EXIT_OK
        summary = asyncio.run(_teardown(ctx, args, paths))
    except ValidationError as error:
        fail(error)
        return EXIT_USAGE
    except (MigrationAssistantError, KeyboardInterrupt) as error:
        return fail(error)
    _print_summary(summary)
    if summary.failed:
        progress_line(
            f"Could not delete {len(summary.failed)} of "
            f"{len(summary.failed) + len(summary.deleted)} resources; see the lines above."
        )
        return EXIT_FAILED
    if summary.deleted:
        progress_line(f"Deleted {len(summary.deleted)} resources.")
    return EXIT_OK


def main() -> int:
    """``python -m gui.commands.resources ...``: the same as ``migration-assistant resources``."""
    parser = argparse.ArgumentParser(prog="migration-assistant")
    add_parser(parser.add_subparsers())
    args = parser.parse_args(["resources", *sys.argv[1:]])
    code: int = args.run(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
