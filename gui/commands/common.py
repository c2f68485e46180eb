"""What every headless command shares: connection options, the door, plain failure output."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Callable
from typing import Any, TextIO, TypeVar

from core.aws import AwsDoor, CallRecord, CallState, Connection
from core.aws.connection import configured_region
from core.aws.sso_login import require_signed_in
from core.credentials import KeyringStore
from core.errors import MigrationAssistantError, ValidationError
from core.events import Event, Note, Progress, StatusChanged
from core.network import NetworkSettings, ProxyMode, is_local_endpoint
from core.paths import AppPaths
from core.settings import ConnectionMode, RetryMode, Settings

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
    "network_from_args",
    "print_event",
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
    # Unset, these three are what the app's Edit > Settings… saved (the same machine, the
    # same network); the app's defaults are botocore's own ways, as for the aws command.
    group.add_argument(
        "--proxy",
        metavar="URL|system|none",
        help="proxy for AWS calls: http://HOST:PORT; 'system' follows HTTPS_PROXY and "
        "NO_PROXY as the aws command does; 'none'. Default: the app's Edit > Settings",
    )
    group.add_argument(
        "--ca-bundle",
        metavar="FILE",
        help="PEM file of the certificate authority of a proxy that inspects TLS. Default: "
        "the app's Edit > Settings, else AWS_CA_BUNDLE",
    )
    group.add_argument(
        "--connect-timeout",
        type=float,
        metavar="SECONDS",
        help="how long to wait for a connection to AWS. Default: the app's Edit > Settings "
        "(5 s unless changed there)",
    )


_OPTION_OF = {
    "proxy_url": "--proxy",
    "ca_bundle": "--ca-bundle",
    "connect_timeout": "--connect-timeout",
}


def add_retry_for_option(parser: argparse.ArgumentParser, *, who: str, then: str) -> None:
    """``--retry-for DURATION`` (read with ``parse_duration``): how long ``who`` keeps trying
    while nothing answers; ``then`` says what happens after that."""
    parser.add_argument(
        "--retry-for",
        metavar="DURATION",
        default="15m",
        help=f"how long {who} keeps trying while the network is down, e.g. 90s, 15m, 2h "
        f"(default 15m); then {then}",
    )


def network_from_args(args: argparse.Namespace) -> NetworkSettings:
    """The options over the app's saved network settings; raises ValidationError naming
    the option of the first value that cannot work."""
    saved = Settings.load(AppPaths.default().settings_file).network
    proxy: str | None = getattr(args, "proxy", None)
    mode, url = saved.proxy, saved.proxy_url
    if proxy is not None:
        named = proxy.strip().lower()
        mode = ProxyMode(named) if named in (ProxyMode.SYSTEM, ProxyMode.NONE) else ProxyMode.MANUAL
        url = proxy if mode is ProxyMode.MANUAL else ""
    ca_bundle: str | None = getattr(args, "ca_bundle", None)
    timeout: float | None = getattr(args, "connect_timeout", None)
    network = NetworkSettings(
        mode,
        url,
        saved.ca_bundle if ca_bundle is None else ca_bundle,
        saved.connect_timeout if timeout is None else timeout,
    )
    for field, message in network.problems().items():
        raise ValidationError(field, f"{_OPTION_OF[field]}: {message}")
    return network.cleaned()


def connection_from_args(args: argparse.Namespace) -> Connection:
    """A profile (or boto3's default credential chain) pointed where the options say."""
    region = args.region or configured_region(args.profile) or DEFAULT_COMMAND_REGION
    return Connection(
        mode=ConnectionMode.PROFILE,
        region=region,
        profile=args.profile or "",
        endpoint_url=args.endpoint_url or None,
        retry_mode=RetryMode(args.retry_mode),
        network=network_from_args(args),
    )


def _say_waiting(record: CallRecord) -> None:
    if record.state is CallState.RUNNING and record.waiting:
        progress_line(record.waiting)


def door_from_args(args: argparse.Namespace) -> AwsDoor:
    """The door for the options, telling on stderr when a call still waits for AWS. An SSO
    profile must be signed in (an expired token with a refresh token is renewed); otherwise
    this raises "sign in from the app or with aws sso login", the one sign-in rule every
    command shares with the app."""
    connection = connection_from_args(args)
    require_signed_in(connection)
    return _telling_waits(AwsDoor(connection, store=KeyringStore()))


def _telling_waits(door: AwsDoor) -> AwsDoor:
    door.add_listener(_say_waiting)
    return door


def local_sandbox_or_door(args: argparse.Namespace) -> AwsDoor:
    """With ``--endpoint-url`` on this machine (a running Sandbox) and no ``--profile``,
    connect as the app's Sandbox does (its keys, its ledger scope); else ``door_from_args``."""
    if is_local_endpoint(args.endpoint_url) and not args.profile:
        region = connection_from_args(args).region
        sandbox = Connection(
            mode=ConnectionMode.SANDBOX, region=region, endpoint_url=args.endpoint_url
        )
        return _telling_waits(AwsDoor(sandbox))
    return door_from_args(args)


def print_event(event: Event) -> None:
    """A flow's notes and status changes as progress lines."""
    if isinstance(event, Note):
        progress_line(event.text)
    elif isinstance(event, StatusChanged):
        meaning = f": {event.meaning}" if event.meaning else ""
        progress_line(f"{event.subject} is {event.status}{meaning}")


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
