"""``migration-assistant uploads list|abort|lifecycle``: unfinished multipart uploads.

They are billed until aborted and do not show in a bucket listing. ``list`` prints one JSON
object per line; ``abort`` deletes them (all of a key's, or one ``--upload-id``);
``lifecycle`` adds a rule so S3 aborts them after some days. Each goes through
``UnfinishedUploadsFlow``, as the Unfinished uploads page does.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from core.errors import MigrationAssistantError, NotFound, ValidationError
from core.flows.context import FlowContext
from core.flows.unfinished_uploads import (
    AbortChoice,
    UnfinishedUploadsFlow,
    UnfinishedUploadsInputs,
)
from core.ledger import Ledger
from core.paths import AppPaths
from core.transfer.journal import JournalStore
from gui.commands.common import EXIT_OK, add_connection_options, door_from_args, fail
from gui.commands.upload import parse_s3_url

__all__ = ["add_parser", "run"]


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "uploads",
        help="list or abort unfinished multipart uploads (billed until aborted)",
        description="Unfinished multipart uploads hold billed parts and are invisible in a "
        "bucket listing. List them, abort them, or add a lifecycle rule that aborts them.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="one JSON line per unfinished upload")
    listing.add_argument("bucket_url", metavar="s3://BUCKET")
    add_connection_options(listing)
    abort = actions.add_parser("abort", help="abort a key's unfinished uploads")
    abort.add_argument("key_url", metavar="s3://BUCKET/KEY")
    abort.add_argument("--upload-id", metavar="ID", help="only this upload (default: all of KEY)")
    add_connection_options(abort)
    rule = actions.add_parser(
        "lifecycle", help="add a rule aborting uploads left incomplete for DAYS days"
    )
    rule.add_argument("bucket_url", metavar="s3://BUCKET")
    rule.add_argument("--days", type=int, default=7, help="days after initiation (default 7)")
    add_connection_options(rule)
    parser.set_defaults(run=run)


def _flow(inputs: UnfinishedUploadsInputs, journals: JournalStore) -> UnfinishedUploadsFlow:
    return UnfinishedUploadsFlow(inputs, journals=journals)


async def _list(ctx: FlowContext, args: argparse.Namespace, journals: JournalStore) -> None:
    bucket, _ = parse_s3_url(args.bucket_url)
    flow = _flow(UnfinishedUploadsInputs(bucket), journals)
    for upload in await flow.listing(ctx):
        print(json.dumps(upload.to_json(), sort_keys=True), flush=True)


async def _abort(ctx: FlowContext, args: argparse.Namespace, journals: JournalStore) -> None:
    bucket, key = parse_s3_url(args.key_url)
    if not key:
        raise ValidationError(
            "destination", "Name the key whose uploads to abort: s3://BUCKET/KEY."
        )
    choice = AbortChoice(key, args.upload_id)
    result = await _flow(UnfinishedUploadsInputs(bucket, abort=(choice,)), journals).run(ctx)
    if not result.aborted:
        raise NotFound(
            f"s3://{bucket}/{key} has no unfinished upload.",
            f"List them with 'migration-assistant uploads list s3://{bucket}'.",
        )
    for aborted in result.aborted:
        line = {"bucket": bucket, "key": key, "upload_id": aborted.upload_id, "aborted": True}
        print(json.dumps(line, sort_keys=True), flush=True)


async def _lifecycle(ctx: FlowContext, args: argparse.Namespace, journals: JournalStore) -> None:
    bucket, _ = parse_s3_url(args.bucket_url)
    inputs = UnfinishedUploadsInputs(bucket, rule_days=args.days)
    result = await _flow(inputs, journals).run(ctx)
    print(json.dumps({"bucket": bucket, "rule": result.rule}, sort_keys=True), flush=True)


_ACTIONS = {"list": _list, "abort": _abort, "lifecycle": _lifecycle}


def run(args: argparse.Namespace) -> int:
    paths = AppPaths.default().ensure()
    journals = JournalStore.default(paths)
    try:
        # The flow the Unfinished uploads page uses, on this connection and the app's ledger.
        ctx = FlowContext(door_from_args(args), Ledger(paths.ledger_file), wizard="uploads")
        asyncio.run(_ACTIONS[args.action](ctx, args, journals))
    except (MigrationAssistantError, KeyboardInterrupt) as error:
        return fail(error)
    return EXIT_OK


def main() -> int:
    """``python -m gui.commands.uploads ...``: the same as ``migration-assistant uploads``."""
    parser = argparse.ArgumentParser(prog="migration-assistant")
    add_parser(parser.add_subparsers())
    args = parser.parse_args(["uploads", *sys.argv[1:]])
    code: int = args.run(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
