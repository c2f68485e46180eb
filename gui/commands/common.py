"""What every headless command shares: connection options, the door, plain failure output."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Callable
from typing import Any, TextIO, TypeVar
from urllib.parse import urlparse

from core.aws import AwsDoor, Connection
from core.aws.connection import configured_region
from core.aws.sso_login import require_signed_in
from core.credentials import KeyringStore
from core.errors import MigrationAssistantError
from core.events import Progress
from core.settings import ConnectionMode, RetryMode

__all__ = [
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_USAGE",
    "ProgressThrottle",
    "add_connection_options",
    "connection_from_args",
    "door_from_args",
    "fail",
    "local_sandbox_or_door",
    "progress_line",
    "rate_and_eta",
    "report_and_exit",
]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

DEFAULT_COMMAND_REGION = "us-east-1"


def add_connection_options(parser: argparse.ArgumentParser) -> None:
    """--endpoint-url, --profile, --region, --retry-mode: the same meaning as for ``aws``."""
    group = parser.add_argument_group("connection")
    group.add_argument(
        "--endpoint-url", help="S3/AWS endpoint, e.g. a Sandbox URL (http://127.0.0.1:PORT)"
    )
    group.add_argument(
        "--profile", default="", help="AWS profile from your AWS config (SSO and roles work)"
    )
    group.add_argument("--region", default=None, help="AWS region, e.g. eu-west-1")
    group.add_argument(
        "--retry-mode", choices=[mode.value for mode in RetryMode], default=RetryMode.STANDARD.value
    )


def connection_from_args(args: argparse.Namespace) -> Connection:
    """A profile (or boto3's default credential chain) pointed where the options say."""
    region = args.region or configured_region(args.profile) or DEFAULT_COMMAND_REGION
    return Connection(
        mode=ConnectionMode.PROFILE,
        region=region,
        profile=args.profile or "",
        endpoint_url=args.endpoint_url or None,
        retry_mode=RetryMode(args.retry_mode),
    )


def door_from_args(args: argparse.Namespace) -> AwsDoor:
    """The door for the options. An SSO profile must be signed in (an expired token with a
    refresh token is renewed); otherwise this raises "sign in from the app or with aws sso
    login", the one sign-in rule every command shares with the app."""
    connection = connection_from_args(args)
    require_signed_in(connection)
    return AwsDoor(connection, store=KeyringStore())


_LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def local_sandbox_or_door(args: argparse.Namespace) -> AwsDoor:
    """With ``--endpoint-url`` on this machine (a running Sandbox) and no ``--profile``,
    connect as the app's Sandbox does (its keys, its ledger scope); else ``door_from_args``."""
    host = urlparse(args.endpoint_url or "").hostname
    if host in _LOCAL_HOSTS and not args.profile:
        region = connection_from_args(args).region
        return AwsDoor(
            Connection(mode=ConnectionMode.SANDBOX, region=region, endpoint_url=args.endpoint_url)
        )
    return door_from_args(args)


def fail(error: BaseException, stream: TextIO | None = None) -> int:
    """Print the plain sentence (and fix) as the last stderr line; return the exit code."""
    stream = stream or sys.stderr
    if isinstance(error, MigrationAssistantError):
        logging.getLogger("migration_assistant").debug("details: %s", error.details)
        print(error.plain(), file=stream, flush=True)
        return EXIT_FAILED
    if isinstance(error, KeyboardInterrupt):
        print("Stopped by the user.", file=stream, flush=True)
        return 130
    print(f"Unexpected problem: {type(error).__name__}: {error}", file=stream, flush=True)
    return EXIT_FAILED


def progress_line(text: str, stream: TextIO | None = None) -> None:
    """One progress line on stderr (commands keep stdout for results)."""
    print(text, file=stream or sys.stderr, flush=True)


def rate_and_eta(event: Progress) -> str:
    """ ", 12.3 MB/s, 40 s left" for a byte progress event ('' parts it lacks)."""
    if not event.rate:
        return ""
    text = f", {event.rate / 1e6:.1f} MB/s"
    if event.eta_seconds is not None:
        text += f", {event.eta_seconds:.0f} s left"
    return text


class ProgressThrottle:
    """At most one progress line per ``every`` seconds, and always the last one."""

    def __init__(self, every: float = 1.0) -> None:
        self.every = every
        self.last_line = 0.0

    def due(self, event: Progress) -> bool:
        now = time.monotonic()
        finished = event.total is not None and event.done >= event.total
        if now - self.last_line < self.every and not finished:
            return False
        self.last_line = now
        return True


R = TypeVar("R")


def report_and_exit(
    args: argparse.Namespace,
    produce: Callable[[], R],
    *,
    to_json: Callable[[R], dict[str, Any]],
    print_text: Callable[[R], None],
    problem: Callable[[R], str | None],
) -> int:
    """The tail every report command shares: run ``produce``; print the report as JSON
    (``--json``) or text; exit 0, 1 with the ``problem`` sentence, or 2 when the input was
    bad or nothing could be reached."""
    try:
        report = produce()
    except MigrationAssistantError as error:
        if args.json:
            print(json.dumps({"error": error.message, "fix": error.fix}, indent=2))
        fail(error)
        return EXIT_USAGE
    except KeyboardInterrupt as interrupt:
        return fail(interrupt)
    if args.json:
        print(json.dumps(to_json(report), indent=2, ensure_ascii=False))
    else:
        print_text(report)
    sentence = problem(report)
    if sentence:
        progress_line(sentence)
        return EXIT_FAILED
    return EXIT_OK
