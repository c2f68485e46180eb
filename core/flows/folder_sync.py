"""Sync a folder with S3, either way: ``FolderSyncFlow`` over ``core.sync``.

``preview(ctx)`` reads both sides and writes the plan (every path's action and reason) to a
temporary file; ``run(ctx, plan)`` does exactly what a preview showed, leaving out the paths
the user unticked; ``run(ctx)`` alone (the command's) does each path as the walk decides
it. Where the flow shape is bent: what a sync sends depends on what it finds, so ``plan()``
is one line per kind of call with a placeholder for each path, under the condition that
makes it (the preview names the paths).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, AsyncIterator, Iterable, Iterator
from pathlib import Path

from core.errors import NotFound, NotSupported, ValidationError
from core.events import Event, EventSink, Note, Progress
from core.flows.buckets import validate_bucket_name
from core.flows.context import FlowContext
from core.flows.folder_sync_inputs import (
    FolderSyncInputs,
    FolderSyncResult,
    check_concurrency,
    check_folder,
    check_prefix,
    check_retry_for,
)
from core.flows.shape import Flow, PlannedCall, all_problems
from core.paths import AppPaths
from core.sync.calls import delete_objects_call, enable_versioning_call, versioning_call
from core.sync.events import ItemDone, SyncEvent, SyncSink
from core.sync.items import MTIME_KEY, Direction, SyncItem
from core.sync.local import Scandir, default_scandir
from core.sync.plan import PlanCounts, PlanTotals, SyncPlan
from core.sync.planner import SyncPlanner, SyncScope
from core.sync.rules import compile_rules
from core.sync.run import SyncRun
from core.sync.state import SyncState
from core.transfer import (
    ChecksumChoice,
    JournalStore,
    PartStateChanged,
    TransferEvent,
    UploadControl,
    UploadStarted,
    format_size,
)
from core.transfer.planner import DEFAULT_THRESHOLD
from core.transfer.s3_calls import create_upload_call, put_object_call

__all__ = ["COMPARE_STEP", "FolderSyncFlow", "FolderSyncInputs", "FolderSyncResult"]

COMPARE_STEP = "sync-compare"  # Progress in paths compared (total unknown)
REPORT_EVERY = 500  # paths between compare progress events


class FolderSyncFlow(Flow[FolderSyncInputs, FolderSyncResult]):
    """A sync. Given apart: the control that pauses and cancels it, a sink for the per-path
    events (``core.sync.events``), where large uploads keep their journals, the app's
    folders (where the sync state is kept: without them every unchanged file costs a
    HeadObject), and (for tests) the function that lists a local folder."""

    key = "folder-sync"

    def __init__(
        self,
        inputs: FolderSyncInputs,
        *,
        control: UploadControl | None = None,
        sync_sink: SyncSink | None = None,
        journals: JournalStore | None = None,
        paths: AppPaths | None = None,
        scandir: Scandir = default_scandir,
    ) -> None:
        super().__init__(inputs)
        self.control = control or UploadControl()
        self._sync_sink = sync_sink
        self._journals = journals
        self._paths = paths
        self._scandir = scandir

    def problems(self) -> dict[str, str]:
        inputs = self.inputs
        return all_problems(
            lambda: check_folder(inputs),
            lambda: validate_bucket_name(inputs.bucket),
            lambda: check_prefix(inputs.prefix),
            lambda: compile_rules(inputs.rules),
            lambda: check_concurrency(inputs.concurrency),
            lambda: check_retry_for(inputs.retry_for),
        )

    def scope(self) -> SyncScope:
        inputs = self.inputs
        return SyncScope(
            folder=inputs.folder,
            bucket=inputs.bucket,
            prefix=inputs.key_prefix,
            direction=inputs.direction,
            compare=inputs.compare,
            delete=inputs.delete,
            rules=compile_rules(inputs.rules),
            follow_symlinks=inputs.follow_symlinks,
            concurrency=inputs.concurrency,
        )

    def plan(self) -> list[PlannedCall]:
        """The kinds of call that change the bucket, each with placeholders for the paths
        the preview lists. A download changes only the folder: no call."""
        inputs = self.inputs
        if inputs.direction is Direction.DOWN:
            return []
        key = f"<{inputs.key_prefix} and the path of the file>"
        metadata = {MTIME_KEY: "<modification time of the file>"}
        put = put_object_call(
            inputs.bucket,
            key,
            source=Path(f"<the file in {inputs.folder}>"),
            body=b"",
            size=0,
            checksum=ChecksumChoice.CRC64NVME,
            value="<CRC64NVME of the file>",
            metadata=metadata,
        ).shown_as(ContentLength="<size of the file>")
        threshold = format_size(DEFAULT_THRESHOLD)
        planned = [
            PlannedCall(put, f"For each file the preview lists to upload, below {threshold}:"),
            PlannedCall(
                create_upload_call(inputs.bucket, key, ChecksumChoice.CRC64NVME, metadata),
                f"For each file to upload of {threshold} or more, then its parts and the "
                "complete, as the upload command sends them:",
            ),
        ]
        if inputs.delete:
            delete = delete_objects_call(inputs.bucket, ["<each key the preview lists to delete>"])
            planned.append(
                PlannedCall(delete, "With --delete, for the keys the preview lists, 1,000 a call:")
            )
        return planned

    @contextlib.contextmanager
    def _state(self, ctx: FlowContext) -> Iterator[SyncState | None]:
        if self._paths is None:
            yield None
            return
        inputs = self.inputs
        endpoint = ctx.door.connection.endpoint_url or f"aws:{ctx.region}"
        state = SyncState.for_place(
            self._paths, endpoint, inputs.bucket, inputs.key_prefix, inputs.folder
        )
        try:
            yield state
        finally:
            state.close()

    async def versioning(self, ctx: FlowContext) -> str:
        """The bucket's versioning status ('Enabled', 'Suspended', '' when never enabled);
        ValidationError when there is no such bucket."""
        bucket = self.inputs.bucket
        try:
            answer = await ctx.door.run(versioning_call(bucket))
        except NotSupported:
            return "unknown"
        except NotFound as error:
            raise ValidationError(
                "bucket",
                f"There is no bucket {bucket} here ({ctx.door.connection.region}).",
                "Check its name and the region (--region), or create it first.",
            ) from error
        return str(answer.get("Status", ""))

    async def enable_versioning(self, ctx: FlowContext) -> str:
        """Turn the bucket's versioning on (the offer before a sync that overwrites or
        deletes); returns the status S3 reports after."""
        await ctx.door.run(enable_versioning_call(self.inputs.bucket))
        return await self.versioning(ctx)

    async def preview(self, ctx: FlowContext) -> SyncPlan:
        """Every path's action and reason, read from both sides (nothing is changed)."""
        plan = SyncPlan("")
        with self._state(ctx) as state:
            async with contextlib.aclosing(self._walk(ctx, plan, state)) as items:
                async for _ in items:
                    pass
        return plan

    async def _walk(
        self, ctx: FlowContext, plan: PlanTotals, state: SyncState | None
    ) -> AsyncGenerator[SyncItem, None]:
        """The planner's decisions as it makes them, each added to ``plan``; at the end the
        bucket's versioning too (a failed walk closes ``plan``)."""
        planner = SyncPlanner(ctx.door, self.scope(), self._scandir, state)
        # Asked while the walk starts: one round trip less before the first listing.
        asked = asyncio.ensure_future(self.versioning(ctx))
        try:
            async with contextlib.aclosing(planner.items()) as decided:
                async for item in decided:
                    plan.add(item)
                    if planner.seen % REPORT_EVERY == 0:
                        ctx.sink(Progress(COMPARE_STEP, planner.seen, None, "paths"))
                    yield item
            plan.versioning = await asked
        except BaseException as error:
            plan.close()
            await _bucket_first(asked, error)
            raise
        ctx.sink(Progress(COMPARE_STEP, planner.seen, planner.seen, "paths"))
        if plan.counts.changes_existing and plan.versioning != "Enabled":
            ctx.sink(
                Note(
                    f"Versioning is off for {self.inputs.bucket}: what this sync overwrites "
                    "or deletes there cannot be brought back."
                )
            )

    async def run(
        self,
        ctx: FlowContext,
        plan: SyncPlan | None = None,
        leave_out: frozenset[str] = frozenset(),
    ) -> FolderSyncResult:
        """Do ``plan`` without the paths in ``leave_out``; with ``dry_run`` only report it.
        Without a plan the walk makes one as the run goes (each path is done once decided:
        the transfers overlap the rest of the walk). The sync sink hears each path start
        (ItemStarted) and end (ItemDone), and the large files under way (InFlight)."""
        inputs = self.inputs
        sink = self._sync_sink or _core_events_only(ctx.sink)
        if inputs.dry_run:
            shown = plan if plan is not None else await self.preview(ctx)
            try:
                return self._dry_run(shown, leave_out, sink)
            finally:
                if plan is None:
                    shown.close()
        walked = PlanTotals() if plan is None else plan  # streamed: nothing is read back
        with self._state(ctx) as state:
            runner = SyncRun(
                ctx.door,
                self.scope(),
                sink=sink,
                control=self.control,
                journals=self._journals,
                ledger=ctx.ledger,
                clock=ctx.clock,
                state=state,
                retry_for=inputs.retry_for,
            )
            if plan is None:
                streamed = self._streamed(ctx, walked, state)
                async with contextlib.aclosing(streamed) as items:
                    tally = await runner.run(items, walked.counts, counting=True)
            else:
                if inputs.direction is Direction.DOWN:
                    inputs.folder.mkdir(exist_ok=True)
                chosen = _each(_chosen(plan, leave_out))
                tally = await runner.run(chosen, _counts(plan, leave_out))
        return FolderSyncResult(
            tally.uploaded,
            tally.downloaded,
            tally.deleted,
            tally.skipped,
            tally.failed,
            tally.bytes,
            False,
            walked.versioning,
            tuple(tally.failures),
        )

    async def _streamed(
        self, ctx: FlowContext, plan: PlanTotals, state: SyncState | None
    ) -> AsyncGenerator[SyncItem, None]:
        """The walk's decisions for a run; a download's folder is made once the walk has
        found the bucket (a failed start leaves no empty folder behind)."""
        folder = self.inputs.folder if self.inputs.direction is Direction.DOWN else None
        async with contextlib.aclosing(self._walk(ctx, plan, state)) as items:
            async for item in items:
                if folder is not None:
                    folder.mkdir(exist_ok=True)
                    folder = None
                yield item
        if folder is not None:  # nothing in the bucket's prefix: an empty folder still
            folder.mkdir(exist_ok=True)

    def _dry_run(
        self, plan: SyncPlan, leave_out: frozenset[str], sink: SyncSink
    ) -> FolderSyncResult:
        counts = {"upload": 0, "download": 0, "delete": 0, "skip": 0}
        failures = []
        moved = 0
        for item in _chosen(plan, leave_out):
            done = ItemDone(item)
            sink(done)
            if item.reason.is_failure:
                failures.append(done)
                continue
            counts[item.action.value] += 1
            moved += item.size if item.transfers else 0
        return FolderSyncResult(
            counts["upload"],
            counts["download"],
            counts["delete"],
            counts["skip"],
            len(failures),
            moved,
            True,
            plan.versioning,
            tuple(failures),
        )


def _core_events_only(sink: EventSink) -> SyncSink:
    def forward(event: Event | TransferEvent | SyncEvent, /) -> None:
        if not isinstance(event, SyncEvent | UploadStarted | PartStateChanged):
            sink(event)

    return forward


def _counts(plan: SyncPlan, leave_out: frozenset[str]) -> PlanCounts:
    """The totals progress counts towards: without what the user left out, or a sync
    would never reach 100% (one more read of the plan's file, only then)."""
    if not leave_out:
        return plan.counts
    counts = PlanCounts()
    for item in _chosen(plan, leave_out):
        counts.add(item)
    return counts


async def _each(items: Iterable[SyncItem]) -> AsyncIterator[SyncItem]:
    for item in items:
        yield item


def _chosen(plan: SyncPlan, leave_out: frozenset[str]) -> Iterator[SyncItem]:
    for item in plan:
        if item.rel not in leave_out:
            yield item


async def _bucket_first(asked: asyncio.Future[str], error: BaseException) -> None:
    """When the walk failed: the versioning answer's own error, if it has one ("there is
    no bucket ..." says more than a failed listing); else nothing, and the caller re-raises.
    Cancelled (or interrupted), the question is dropped."""
    if isinstance(error, Exception):
        await asyncio.wait([asked])
    else:
        asked.cancel()
    found = asked.exception() if asked.done() and not asked.cancelled() else None
    if found is not None and found is not error:
        raise found from error
