"""The resources the app created: ``ResourcesFlow``, the Resources card's flow.

``list_resources`` is the listing with each resource's live status (a read). The flow's
inputs are the resources listed for the connection and the teardown options; its plan is
every deleting call in dependency order (``core.flows.teardown_calls``, whose builders the
deleters make their calls with) and its run is ``teardown``, the one routine the Resources
page and ``migration-assistant resources teardown`` share.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.credentials import CredentialStore
from core.errors import MigrationAssistantError
from core.flows.context import FlowContext
from core.flows.live_status import describe_entry
from core.flows.pending_creates import reconcile_pending
from core.flows.shape import Flow, PlannedCall
from core.flows.teardown import TeardownOptions, TeardownSummary, ledger_entries, teardown
from core.flows.teardown_calls import teardown_plan
from core.ledger import LedgerEntry
from core.paths import AppPaths

__all__ = ["ListedResource", "ResourcesFlow", "ResourcesInputs", "list_resources"]


@dataclass(frozen=True)
class ListedResource:
    """A ledger entry and what AWS says of it now ('deleted', 'unknown (why)' ...)."""

    entry: LedgerEntry
    status: str


async def list_resources(
    ctx: FlowContext, *, include_deleted: bool = False
) -> list[ListedResource]:
    """The ledger's resources for the connection (scope and region), with live status;
    entries left *creating* by a crash are settled first. Changes nothing in AWS."""
    await reconcile_pending(ctx)
    entries = await ledger_entries(ctx)
    if include_deleted:
        scope = await ctx.scope()
        entries = [
            entry
            for entry in ctx.ledger.entries(scope, include_deleted=True)
            if entry.region == ctx.region
        ]
    listed = []
    for entry in entries:
        if entry.deleted_at is not None:
            status = "deleted"
        else:
            try:
                status = await describe_entry(ctx, entry)
            except MigrationAssistantError as error:
                status = f"unknown ({error.message})"  # one resource unasked stops no listing
        listed.append(ListedResource(entry, status))
    return listed


@dataclass(frozen=True)
class ResourcesInputs:
    """The resources listed for one connection, as the user saw them, and how to delete."""

    entries: tuple[LedgerEntry, ...]
    options: TeardownOptions = field(default_factory=TeardownOptions)


class ResourcesFlow(Flow[ResourcesInputs, TeardownSummary]):
    """Tear down what the app created. Given apart: the credential store (DB passwords go
    with their instances) and the app's paths (a complete teardown forgets the guided
    migration's saved progress).

    The run deletes what the ledger lists when it starts: the same as ``inputs.entries``
    unless something was recorded in between (another window's run), which goes too.
    """

    key = "resources"

    def __init__(
        self,
        inputs: ResourcesInputs,
        *,
        store: CredentialStore | None = None,
        paths: AppPaths | None = None,
    ) -> None:
        super().__init__(inputs)
        self._store = store
        self._paths = paths

    @classmethod
    async def for_connection(
        cls,
        ctx: FlowContext,
        options: TeardownOptions | None = None,
        *,
        store: CredentialStore | None = None,
        paths: AppPaths | None = None,
    ) -> ResourcesFlow:
        """The flow for every live resource of ``ctx``'s connection, pending ones settled
        first (so the plan names real ids)."""
        await reconcile_pending(ctx)
        inputs = ResourcesInputs(tuple(await ledger_entries(ctx)), options or TeardownOptions())
        return cls(inputs, store=store, paths=paths)

    def problems(self) -> dict[str, str]:
        """None: the entries come from the ledger and the options are two switches."""
        return {}

    def plan(self) -> list[PlannedCall]:
        return teardown_plan(self.inputs.entries, self.inputs.options)

    async def run(self, ctx: FlowContext) -> TeardownSummary:
        return await teardown(ctx, self.inputs.options, self._store, self._paths)
