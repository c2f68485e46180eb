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
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, ParamSpec, TypeVar, cast

import botocore.session

from core.aws.calls import STS, AwsCall, aws_call, operation
from core.aws.cli import render_cli
from core.aws.connection import (
    CallKind,
    Connection,
    make_session,
    use_network_for_credentials,
)
from core.aws.error_mapping import map_aws_error
from core.aws.fast_parsing import use_fast_parsers
from core.aws.mfa import MfaPrompter
from core.aws.waiting import AttemptWatch, explain_network_failure, waiting_note
from core.credentials import CredentialStore
from core.errors import MigrationAssistantError, NotFound

__all__ = ["AwsDoor", "CallListener", "CallRecord", "CallState", "CallerIdentity"]

log = logging.getLogger("migration_assistant.aws")

MAX_RECORDS = 10_000  # calls ``records`` keeps, newest last

P = ParamSpec("P")
R = TypeVar("R")

# The number of the call this thread is making, for botocore's per-attempt hook.
_CALL_NUMBER: ContextVar[int | None] = ContextVar("aws_call_number", default=None)


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
    # "Still waiting for AWS (sts get-caller-identity), attempt 2 of 3…" while running
    # without an answer for a few seconds or retrying; empty otherwise.
    waiting: str = ""


CallListener = Callable[[CallRecord], None]


def _cli_operation(cli: str) -> str:
    """'s3api upload-part' from the aws command (a part's dd command comes before it)."""
    return " ".join(cli.rsplit(" && ", maxsplit=1)[-1].split()[1:3])


@dataclass(frozen=True)
class CallerIdentity:
    """Who the connection signs in as (``sts get-caller-identity``)."""

    account: str
    arn: str


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
        records: the calls made so far, oldest first (kept for the activity panel; the
            newest ``MAX_RECORDS`` of them).
    """

    def __init__(
        self,
        connection: Connection,
        store: CredentialStore | None = None,
        session: botocore.session.Session | None = None,
        mfa_prompter: MfaPrompter | None = None,
    ) -> None:
        self.connection = connection
        self._store = store
        self._mfa_prompter = mfa_prompter
        self._session = session
        self._clients: dict[tuple[str, CallKind], Any] = {}
        self._lock = threading.Lock()
        # Held while a record is stored and its listeners told, so a late "still waiting"
        # never lands after the call's end.
        self._publishing = threading.RLock()
        self.attempts = AttemptWatch(self._say_waiting)
        self._numbers = itertools.count(1)
        self._listeners: list[CallListener] = []
        self._identity: CallerIdentity | None = None
        self._records: dict[int, CallRecord] = {}

    # -- clients -------------------------------------------------------------------------

    def session(self) -> botocore.session.Session:
        with self._lock:
            if self._session is None:
                self._session = make_session(self.connection, self._store, self._mfa_prompter)
                use_network_for_credentials(self._session, self.connection)
            return self._session

    def client(self, service: str, kind: CallKind | None = None) -> Any:
        """The botocore client for ``service`` tuned for ``kind`` of call. Without ``kind``:
        S3's is the transfer one, for code that must stream parts (and for hooks on part
        calls); the door itself sends S3's quick calls through a quick client."""
        if kind is None:
            kind = CallKind.TRANSFER if service == "s3" else CallKind.QUICK
        made = self._clients.get((service, kind))
        if made is not None:  # every call but the first: no lock for ten threads to queue on
            return made
        session = self.session()
        with self._lock:
            if (service, kind) not in self._clients:
                use_fast_parsers(session)  # before the client: its endpoint takes them then
                client = session.create_client(
                    service,
                    endpoint_url=self.connection.endpoint_url,
                    config=self.connection.botocore_config(kind),
                    verify=self.connection.verify,
                )
                if kind is CallKind.QUICK:
                    client.meta.events.register("before-send", self._attempt_sent)
                self._clients[(service, kind)] = client
            return self._clients[(service, kind)]

    def _client_for(self, call: AwsCall[Any]) -> Any:
        return self.client(call.service, CallKind.of(call.service, call.name))

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

    def relay(self) -> CallListener:
        """A listener that shows the calls another door makes (an upload's worker process)
        as this door's own, numbered among them."""
        numbers: dict[int, int] = {}

        def show(record: CallRecord) -> None:
            if record.number not in numbers:
                numbers[record.number] = next(self._numbers)
            self._publish(replace(record, number=numbers[record.number]))

        return show

    def _publish(self, record: CallRecord) -> None:
        with self._publishing:
            with self._lock:
                self._records[record.number] = record
                if len(self._records) > MAX_RECORDS:
                    # A sync of a million files makes a million calls: keep the newest only.
                    del self._records[next(iter(self._records))]
            for listener in list(self._listeners):
                listener(record)

    # -- waiting -------------------------------------------------------------------------

    def _attempt_sent(self, request: Any, **_: Any) -> None:
        number = _CALL_NUMBER.get()
        if number is not None:
            self.attempts.attempt(number, int(request.context.get("retries", {}).get("attempt", 1)))

    def _say_waiting(self, number: int, attempt: int) -> None:
        with self._publishing:
            with self._lock:
                record = self._records.get(number)
            if record is None or record.state is not CallState.RUNNING:
                return
            note = waiting_note(_cli_operation(record.cli), attempt, self.connection.attempts())
            self._publish(replace(record, waiting=note))

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
        number = _CALL_NUMBER.set(record.number)
        try:
            method = getattr(self._client_for(call), call.name)
            response: dict[str, Any] = method(**call.params)
        except Exception as error:
            mapped = self._explain(error, _cli_operation(cli), CallKind.of(call.service, call.name))
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
        finally:
            _CALL_NUMBER.reset(number)
            self.attempts.ended(record.number)
        duration = time.monotonic() - started
        summary = _summarise(response)
        log.info("%s -> %s in %.2fs", cli, summary, duration)
        self._publish(replace(record, state=CallState.SUCCEEDED, duration=duration, result=summary))
        return cast(R, response)

    def _explain(self, error: Exception, operation: str, kind: CallKind) -> MigrationAssistantError:
        if kind is CallKind.QUICK:
            timed_out = explain_network_failure(
                error,
                operation,
                self.connection.attempts(kind),
                self.connection.connect_timeout_for(kind),
                self.connection.read_timeout_for(kind),
            )
            if timed_out is not None:
                return timed_out
        return map_aws_error(error, operation, sandbox=self.connection.is_sandbox)

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

    async def identity(self, *, fresh: bool = False) -> CallerIdentity:
        """Who this connection is (``sts get-caller-identity``): asked once, or again when
        ``fresh`` (the user asked "who am I?")."""
        if self._identity is None or fresh:
            answer = await self.call(STS.get_caller_identity)
            self._identity = CallerIdentity(str(answer["Account"]), str(answer["Arn"]))
        return self._identity

    async def account_id(self) -> str:
        """The account behind this connection, cached."""
        return (await self.identity()).account

    @property
    def scope(self) -> str:
        """What the ledger files resources under: 'sandbox', 'endpoint:URL' for another
        S3-compatible server, or the account id once known (see ``resolve_scope``)."""
        if self.connection.is_sandbox:
            return "sandbox"
        if self.connection.endpoint_url:
            return f"endpoint:{self.connection.endpoint_url}"
        return self._identity.account if self._identity is not None else "unknown-account"

    async def resolve_scope(self) -> str:
        """``scope``, asking STS for the account id first when it is not known yet."""
        if self.connection.is_sandbox or self.connection.endpoint_url:
            return self.scope
        await self.account_id()
        return self.scope
