"""What every flow needs besides its inputs: the door, the ledger, a sink and a clock.

One ``FlowContext`` is made per run of a wizard (or command). It remembers what this run
created, so a cancelled run can offer to delete exactly that (``core.flows.teardown``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.aws import AwsDoor, Clock, RealClock
from core.errors import AwsError, MigrationAssistantError, NotSupported
from core.events import EventSink, Reporter, discard
from core.ledger import Ledger, LedgerEntry, ResourceKind

__all__ = ["FlowContext", "is_unsupported"]


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
        """Write a created resource to the ledger and remember it for this run."""
        entry = LedgerEntry(
            kind=kind,
            resource_id=resource_id,
            region=self.region,
            scope=await self.scope(),
            wizard=self.wizard,
            arn=arn,
            details=dict(details or {}),
        )
        self.ledger.record(entry)
        self.created.append(entry)
        return entry


def is_unsupported(error: MigrationAssistantError) -> bool:
    """True when the call is missing from the Sandbox (server: HTTP 500; in-process moto:
    NotImplementedError), so a flow may fall back to built-in choices."""
    if isinstance(error, NotSupported):
        return True
    return isinstance(error, AwsError) and "NotImplementedError" in error.details
