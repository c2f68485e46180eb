"""``migration-assistant whoami [--profile NAME] [--region REGION] [--endpoint-url URL]``.

One JSON line on stdout: account, arn, region, profile and the kind of credentials (sandbox,
stored-keys, sso, role, process, static-keys, env, ...), from ``sts get-caller-identity`` as
the connection bar's "Who am I?" asks it. An SSO profile must be signed in first (from the
app or with ``aws sso login --profile NAME``); an expired sign-in is renewed when it can be.
"""

from __future__ import annotations

import argparse
import asyncio
import json

from core.aws.identity import who_am_i
from core.errors import MigrationAssistantError
from gui.commands.common import EXIT_OK, add_connection_options, fail, local_sandbox_or_door

__all__ = ["add_parser", "run"]


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "whoami",
        help="print the AWS account, ARN and kind of credentials a connection uses",
        description="Ask AWS who the connection is (sts get-caller-identity) and print one "
        "JSON line: account, arn, region, profile and credentials (sandbox, sso, role, "
        "process, static-keys, env, ...). With --endpoint-url of a running Sandbox and no "
        "--profile, it asks the Sandbox.",
    )
    add_connection_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        identity = asyncio.run(who_am_i(local_sandbox_or_door(args)))
    except (MigrationAssistantError, KeyboardInterrupt) as error:
        return fail(error)
    print(json.dumps(identity.to_json(), sort_keys=True), flush=True)
    return EXIT_OK

