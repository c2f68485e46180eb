"""What every headless command shares: connection options, the door, plain failure output."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import TextIO

from core.aws import AwsDoor, Connection
from core.aws.connection import configured_region
from core.credentials import KeyringStore
from core.errors import MigrationAssistantError
from core.settings import ConnectionMode, RetryMode

__all__ = [
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_USAGE",
    "add_connection_options",
    "connection_from_args",
    "door_from_args",
    "fail",
    "progress_line",
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
    return AwsDoor(connection_from_args(args), store=KeyringStore())


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
