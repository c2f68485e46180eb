"""What every flow needs besides its inputs: the door, the ledger, a sink and a clock.

One ``FlowContext`` is made per run of a wizard (or command). It remembers what this run
created, so a cancelled run can offer to delete exactly that (``core.flows.teardown``).
Every creating call goes through ``FlowContext.create``: the ledger hears of the resource
before AWS does, so no crash, cancel or kill -9 can leave a billed resource unlisted.

A flow that talks to MySQL only (check source, validate data) makes no AWS call and
creates nothing, so its ``run`` takes any ``EventContext``: a ``FlowContext`` is one, and a
command with no AWS connection passes a ``SinkContext``.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from core.aws import AwsDoor, Clock, RealClock
from core.errors import (
    AwsError,
    EndpointUnreachable,
    MigrationAssistantError,
    NotSupported,
    Throttled,
    TimedOut,
)
from core.events import EventSink, Reporter, discard
from core.ledger import EntryState, Ledger, LedgerEntry, ResourceKind

__all__ = ["Created", "EventContext", "FlowContext", "SinkContext", "is_unsupported"]

R = TypeVar("R")


@dataclass(frozen=True)
class Created:
    """What a create call's answer says about the new resource."""

    resource_id: str
    arn: str = ""
    details: Mapping[str, str] = field(default_factory=dict)


def _surely_not_created(error: BaseException) -> bool:
    """True when AWS answered with a refusal, so nothing was made. A lost answer (network,
    time-out) or a crash of our own keeps the pending entry for the next reconcile."""
    return isinstance(error, AwsError) and not isinstance(
        error, EndpointUnreachable | Throttled | TimedOut
    )


class EventContext(Protocol):
    """What a flow without AWS calls needs of its context: where its events go."""

    @property
    def sink(self) -> EventSink: ...


@dataclass(frozen=True)
class SinkContext:
    """An ``EventContext`` without a door or a ledger, for a command that talks to a
    database only (a wizard may pass its ``FlowContext`` instead)."""

    sink: EventSink = discard


@dataclass
class FlowContext:
    """The collaborators of one flow run.

    Attributes:
        door: the one way to AWS (its ``records`` show every call made).
        ledger: where created resources are recorded.
        sink: receives progress and status events.
        clock: time for waits and retries (``FakeClock`` in tests).
        wizard: which wizard or command made the resources (shown on the Resources page).
        created: ledger entries recorded by this run, oldest first.
    """

    door: AwsDoor
    ledger: Ledger
    sink: EventSink = discard
    clock: Clock = field(default_factory=RealClock)
    wizard: str = "migrate-mysql"
    created: list[LedgerEntry] = field(default_factory=list)

    @property
    def report(self) -> Reporter:
        return Reporter(self.sink)

    @property
    def region(self) -> str:
        return self.door.connection.region

    async def scope(self) -> str:
        """'sandbox' or the account id (one STS call the first time on a real account)."""
        return await self.door.resolve_scope()

    async def record(
        self,
        kind: ResourceKind,
        resource_id: str,
        *,
        arn: str = "",
        details: dict[str, str] | None = None,
    ) -> LedgerEntry:
        """Write a resource that already exists to the ledger and remember it for this run
        (something created outside ``create``, such as an adopted upload)."""
        return self._remember(
            LedgerEntry(
                kind=kind,
                resource_id=resource_id,
                region=self.region,
                scope=await self.scope(),
                wizard=self.wizard,
                arn=arn,
                details=dict(details or {}),
            )
        )

    async def create(
        self,
        kind: ResourceKind,
        name: str,
        make: Callable[[], Awaitable[R]],
        identify: Callable[[R], Created],
        *,
        details: Mapping[str, str] | None = None,
    ) -> R:
        """Run the creating call ``make`` with the ledger told first.

        The ledger gets ``name`` as *creating* before the call, and the id and ARN that
        ``identify`` reads from the answer after it. A cancel while the call is under way
        waits for its answer (AWS goes on creating either way), confirms the entry, and only
        then lets the cancel through, so the run's ``created`` lists it for deletion.
        """
        pending = self._remember(
            LedgerEntry(
                kind=kind,
                resource_id=name,
                region=self.region,
                scope=await self.scope(),
                wizard=self.wizard,
                details=dict(details or {}),
                state=EntryState.CREATING,
            )
        )
        call = asyncio.ensure_future(make())
        cancelled = False
        while not call.done():
            try:
                await asyncio.shield(call)
            except asyncio.CancelledError:
                cancelled = True  # keep waiting: the answer names what AWS is making
            except BaseException:
                break  # the call's own failure, handled below
        if call.cancelled():
            raise asyncio.CancelledError  # the entry stays pending: reconcile will tell
        error = call.exception()
        if error is not None:
            if _surely_not_created(error):
                self.ledger.forget(pending)
                self.created.remove(pending)
            raise error
        self.confirm(pending, identify(call.result()))
        if cancelled:
            raise asyncio.CancelledError
        return call.result()

    def _remember(self, entry: LedgerEntry) -> LedgerEntry:
        self.ledger.record(entry)
        self.created.append(entry)
        return entry

    def confirm(self, pending: LedgerEntry, created: Created) -> LedgerEntry:
        """Turn a *creating* entry into a created one with its real id and ARN."""
        confirmed = dataclasses.replace(
            pending,
            resource_id=created.resource_id,
            arn=created.arn,
            details={**pending.details, **created.details},
            state=EntryState.CREATED,
        )
        self.ledger.replace(pending, confirmed)
        if pending in self.created:
            self.created[self.created.index(pending)] = confirmed
        return confirmed


def is_unsupported(error: MigrationAssistantError) -> bool:
    """True when the call is missing from the Sandbox (server: HTTP 500; in-process moto:
    NotImplementedError), so a flow may fall back to built-in choices."""
    if isinstance(error, NotSupported):
        return True
    return isinstance(error, AwsError) and "NotImplementedError" in error.details
