"""Every AWS call the app makes goes through ``AwsDoor``.

It runs the call off the event loop, logs its CLI form and outcome (never a secret), maps
failures to our errors, and tells listeners (the activity panel) as calls start and end.
"""

from __future__ import annotations

import asyncio
import enum
import itertools
import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, ParamSpec, TypeVar, cast

import boto3

from core.aws.calls import STS, AwsCall, aws_call, operation
from core.aws.cli import render_cli
from core.aws.connection import Connection, make_session
from core.aws.error_mapping import map_aws_error
from core.credentials import CredentialStore
from core.errors import MigrationAssistantError, NotFound

__all__ = ["AwsDoor", "CallListener", "CallRecord", "CallState"]

log = logging.getLogger("migration_assistant.aws")

P = ParamSpec("P")
R = TypeVar("R")


class CallState(enum.StrEnum):
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    # AWS answered that the thing does not exist: often the answer a check wanted
    # ("is this name free?"), so it is shown as an answer, not as an error.
    NOT_FOUND = "not found"
    FAILED = "failed"


@dataclass(frozen=True)
class CallRecord:
    """One AWS call as the activity panel and the log show it."""

    number: int
    service: str
    operation: str
    cli: str
    started_at: datetime
    state: CallState = CallState.RUNNING
    duration: float | None = None
    result: str = ""
    error: MigrationAssistantError | None = field(default=None, compare=False)


CallListener = Callable[[CallRecord], None]


def _summarise(response: Mapping[str, Any]) -> str:
    """A short 'what came back' for the activity panel: status code and top-level keys."""
    status = response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    keys = [key for key in response if key != "ResponseMetadata"]
    shown = ", ".join(keys[:4]) + (", ..." if len(keys) > 4 else "")
    return f"HTTP {status}" + (f": {shown}" if shown else "")


class AwsDoor:
    """The gateway to one AWS connection. Thread-safe; clients are created once per service.

    Attributes:
        connection: where calls go.
        records: the calls made so far, oldest first (kept for the activity panel).
    """

    def __init__(
        self,
        connection: Connection,
        store: CredentialStore | None = None,
        session: boto3.Session | None = None,
    ) -> None:
        self.connection = connection
        self._store = store
        self._session = session
        self._clients: dict[str, Any] = {}
        self._lock = threading.Lock()
        self._numbers = itertools.count(1)
        self._listeners: list[CallListener] = []
        self._account_id: str | None = None
        self._records: dict[int, CallRecord] = {}

    # -- clients -------------------------------------------------------------------------

    def session(self) -> boto3.Session:
        with self._lock:
            if self._session is None:
                self._session = make_session(self.connection, self._store)
            return self._session

    def client(self, service: str) -> Any:
        """The boto3 client for ``service``; for code that must stream (S3 parts)."""
        session = self.session()
        with self._lock:
            if service not in self._clients:
                self._clients[service] = session.client(
                    service,  # type: ignore[call-overload]
                    endpoint_url=self.connection.endpoint_url,
                    config=self.connection.botocore_config(),
                )
            return self._clients[service]

    @property
    def records(self) -> list[CallRecord]:
        """The calls made so far, oldest first, each in its latest state."""
        with self._lock:
            return list(self._records.values())

    # -- listeners -----------------------------------------------------------------------

    def add_listener(self, listener: CallListener) -> None:
        self._listeners.append(listener)

    def remove_listener(self, listener: CallListener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _publish(self, record: CallRecord) -> None:
        with self._lock:
            self._records[record.number] = record
        for listener in list(self._listeners):
            listener(record)

    # -- calls ---------------------------------------------------------------------------

    def cli(self, call: AwsCall[Any]) -> str:
        """``call`` as the ``aws`` command that does the same on this connection."""
        connection = self.connection
        return render_cli(
            call.service,
            call.name,
            call.params,
            region=connection.region,
            profile=connection.profile or None,
            endpoint_url=connection.endpoint_url,
            hints=call.hints,
        )

    def run_sync(self, call: AwsCall[R]) -> R:
        """Make ``call`` in this thread. Raises our MigrationAssistantError on failure."""
        cli = self.cli(call)
        record = CallRecord(next(self._numbers), call.service, call.name, cli, datetime.now(UTC))
        self._publish(record)
        started = time.monotonic()
        try:
            method = getattr(self.client(call.service), call.name)
            response: dict[str, Any] = method(**call.params)
        except Exception as error:
            # "s3api upload-part": from the aws command (a part's dd command comes before it).
            mapped = map_aws_error(
                error,
                " ".join(cli.split(" && ")[-1].split()[1:3]),
                sandbox=self.connection.is_sandbox,
            )
            duration = time.monotonic() - started
            state = CallState.NOT_FOUND if isinstance(mapped, NotFound) else CallState.FAILED
            log.log(
                logging.INFO if state is CallState.NOT_FOUND else logging.WARNING,
                "%s -> %s after %.2fs: %s | %s",
                cli,
                state.value,
                duration,
                mapped.message,
                mapped.details,
            )
            self._publish(
                replace(record, state=state, duration=duration, result=mapped.message, error=mapped)
            )
            raise mapped from error
        duration = time.monotonic() - started
        summary = _summarise(response)
        log.info("%s -> %s in %.2fs", cli, summary, duration)
        self._publish(replace(record, state=CallState.SUCCEEDED, duration=duration, result=summary))
        return cast(R, response)

    async def run(self, call: AwsCall[R]) -> R:
        """Make ``call`` on a worker thread so the event loop (and the GUI) never blocks."""
        return await asyncio.to_thread(self.run_sync, call)

    async def call(self, method: Callable[P, R], /, *args: P.args, **params: P.kwargs) -> R:
        """``await door.call(RDS.describe_db_instances, DBInstanceIdentifier="books")``:
        one call, its parameters and response checked by mypy against the boto3 stubs."""
        return await self.run(aws_call(method, *args, **params))

    async def collect(
        self,
        method: Callable[..., Any],
        result_key: str,
        /,
        *,
        token_in: str = "Marker",
        token_out: str = "Marker",
        **params: Any,
    ) -> list[Any]:
        """Every item of ``result_key`` across all pages (each page is one logged call)."""
        items: list[Any] = []
        while True:
            page: Mapping[str, Any] = await self.run(AwsCall(operation(method), params))
            items.extend(page.get(result_key, []))
            token = page.get(token_out)
            if not token:
                return items
            params = {**params, token_in: token}

    async def account_id(self) -> str:
        """The account behind this connection (``sts get-caller-identity``), cached."""
        if self._account_id is None:
            identity = await self.call(STS.get_caller_identity)
            self._account_id = str(identity["Account"])
        return self._account_id

    @property
    def scope(self) -> str:
        """What the ledger files resources under: 'sandbox', 'endpoint:URL' for another
        S3-compatible server, or the account id once known (see ``resolve_scope``)."""
        if self.connection.is_sandbox:
            return "sandbox"
        if self.connection.endpoint_url:
            return f"endpoint:{self.connection.endpoint_url}"
        return self._account_id or "unknown-account"

    async def resolve_scope(self) -> str:
        """``scope``, asking STS for the account id first when it is not known yet."""
        if self.connection.is_sandbox or self.connection.endpoint_url:
            return self.scope
        await self.account_id()
        return self.scope
