"""``migration-assistant uploads list|abort|lifecycle``: unfinished multipart uploads.

They are billed until aborted and do not show in a bucket listing. ``list`` prints one JSON
object per line; ``abort`` deletes them (all of a key's, or one ``--upload-id``);
``lifecycle`` adds a rule so S3 aborts them after some days.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from core.errors import MigrationAssistantError, NotFound, ValidationError
from core.ledger import Ledger
from core.paths import AppPaths
from core.transfer.journal import JournalStore
from core.transfer.unfinished_uploads import (
    abort_unfinished,
    list_unfinished,
    set_abort_incomplete_rule,
)
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


async def _list(args: argparse.Namespace, journals: JournalStore) -> None:
    bucket, _ = parse_s3_url(args.bucket_url)
    for upload in await list_unfinished(door_from_args(args), bucket, journals):
        print(json.dumps(upload.to_json(), sort_keys=True), flush=True)


async def _abort(args: argparse.Namespace, journals: JournalStore, ledger: Ledger) -> None:
    bucket, key = parse_s3_url(args.key_url)
    if not key:
        raise ValidationError(
            "destination", "Name the key whose uploads to abort: s3://BUCKET/KEY."
        )
    door = door_from_args(args)
    aborted = await abort_unfinished(
        door, bucket, key, journals, upload_id=args.upload_id, ledger=ledger
    )
    if not aborted:
        raise NotFound(
            f"s3://{bucket}/{key} has no unfinished upload.",
            f"List them with 'migration-assistant uploads list s3://{bucket}'.",
        )
    for upload_id in aborted:
        line = {"bucket": bucket, "key": key, "upload_id": upload_id, "aborted": True}
        print(json.dumps(line, sort_keys=True), flush=True)


async def _lifecycle(args: argparse.Namespace) -> None:
    bucket, _ = parse_s3_url(args.bucket_url)
    rule = await set_abort_incomplete_rule(door_from_args(args), bucket, args.days)
    print(json.dumps({"bucket": bucket, "rule": rule}, sort_keys=True), flush=True)


def run(args: argparse.Namespace) -> int:
    paths = AppPaths.default().ensure()
    journals = JournalStore.default(paths)
    try:
        if args.action == "list":
            asyncio.run(_list(args, journals))
        elif args.action == "abort":
            asyncio.run(_abort(args, journals, Ledger(paths.ledger_file)))
        else:
            asyncio.run(_lifecycle(args))
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
