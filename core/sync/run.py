"""Doing a plan: transfers many at a time, deletes in batches, one file's failure recorded
while the rest go on.

Small files go in one PUT each, ``concurrency`` at once; a file at or above the upload
engine's threshold goes through ``core.transfer.upload_file`` (multipart, journalled, so a
rerun after kill -9 resumes it), one such file at a time with ``concurrency`` parts in
flight. Deletes in S3 go 1,000 keys per DeleteObjects, after the transfers before them.
A file whose try finds nothing answering is tried again, as an upload's parts are, for up
to ``retry_for`` ("waiting for the network" meanwhile); a refusal fails that file at once.

The sink hears each path start (``ItemStarted``) and end (``ItemDone``), and every
``TICK`` the bytes and paths done and the large files under way (``core.sync.meter``).
"""

from __future__ import annotations

import asyncio
import functools
import os
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from core.aws import AwsDoor, Clock
from core.errors import MigrationAssistantError, OperationCancelled
from core.events import Event, Note, Progress
from core.ledger import Ledger
from core.sync.calls import DELETE_BATCH, delete_objects_call
from core.sync.events import ItemDone, ItemStarted, SyncSink
from core.sync.items import MTIME_KEY, Action, Direction, Reason, SyncItem, format_mtime
from core.sync.meter import LARGE, SyncMeter
from core.sync.names import partial_path, record_path
from core.sync.plan import PlanCounts
from core.sync.planner import SyncScope
from core.sync.resume import kept_note, remove_leftovers
from core.sync.state import SyncState
from core.sync.transfers import Synced, download_object, put_small
from core.transfer import (
    JournalStore,
    TransferEvent,
    UploadControl,
    UploadOptions,
    upload_file,
)
from core.transfer.control import DEFAULT_RETRY_FOR
from core.transfer.events import UploadState
from core.transfer.patience import Patience
from core.transfer.planner import DEFAULT_THRESHOLD
from core.transfer.upload_status import UploadStatus

__all__ = ["SyncRun", "SyncTally"]

T = TypeVar("T")

TICK = 0.5  # seconds between progress events
SERVICE_TRIES = 3  # a passing service error (500, SlowDown) on one file
_MEANINGS = {
    UploadState.RUNNING: "Sending and receiving files.",
    UploadState.PAUSED: "Paused. Files done so far stay done; Resume carries on.",
    UploadState.WAITING_FOR_NETWORK: (
        "Nothing answers (the network or the endpoint is down): the files are tried again "
        "by themselves. Pause and Cancel still work."
    ),
}


@dataclass
class SyncTally:
    uploaded: int = 0
    downloaded: int = 0
    deleted: int = 0
    skipped: int = 0
    failed: int = 0
    bytes: int = 0
    failures: list[ItemDone] = field(default_factory=list)

    def count(self, done: ItemDone) -> None:
        if done.error or done.item.reason.is_failure:
            self.failed += 1
            self.failures.append(done)
            return
        action = done.item.action
        if action is Action.UPLOAD:
            self.uploaded += 1
        elif action is Action.DOWNLOAD:
            self.downloaded += 1
        elif action is Action.DELETE:
            self.deleted += 1
        else:
            self.skipped += 1
        if done.item.transfers:
            self.bytes += done.item.size - done.kept


class SyncRun:
    """One run of a plan. Steer it with ``control`` (pause, cancel) as an upload."""

    def __init__(
        self,
        door: AwsDoor,
        scope: SyncScope,
        *,
        sink: SyncSink,
        control: UploadControl,
        journals: JournalStore | None,
        ledger: Ledger | None,
        clock: Clock,
        state: SyncState | None = None,
        retry_for: float = DEFAULT_RETRY_FOR,
    ) -> None:
        self.door, self.scope, self.sink, self.control = door, scope, sink, control
        self.journals, self.ledger, self.clock, self.state = journals, ledger, clock, state
        self.retry_for = retry_for
        self.status = UploadStatus(
            sink, control, retry_for, TICK, subject="sync", meanings=_MEANINGS
        )
        # The plan's listing reached the endpoint: from now on silence is an outage.
        self.patience = Patience(door, clock, self.status, SERVICE_TRIES, reached=True)
        self.tally = SyncTally()
        self._large = asyncio.Semaphore(1)
        self._deletes: list[SyncItem] = []
        self._meter: SyncMeter | None = None
        self._threads: ThreadPoolExecutor | None = None
        self._leftovers: list[SyncItem] = []  # partial files and records the walk found
        self._downloading: set[Path] = set()  # the partial files and records of this run

    def _done(self, item: SyncItem, error: str = "", kept: int = 0) -> None:
        done = ItemDone(item, error, kept)
        self.tally.count(done)
        if self._meter is not None:
            self._meter.files += 1
        self.sink(done)

    async def run(
        self, items: AsyncIterator[SyncItem], counts: PlanCounts, *, counting: bool = False
    ) -> SyncTally:
        """Does ``items`` (``counts`` their totals); ``counting``: they are still being
        decided (the plan's walk feeds them), so the totals grow until ``items`` ends."""
        self._meter = meter = SyncMeter(self.sink, counts, counting=counting)
        # Said only when a wait for the network interrupts it: a sync's page shows its files.
        self.status.begin(UploadState.RUNNING)
        self._threads = ThreadPoolExecutor(self.scope.concurrency, thread_name_prefix="sync")
        queue: asyncio.Queue[SyncItem | None] = asyncio.Queue(maxsize=2 * self.scope.concurrency)
        workers = [asyncio.create_task(self._worker(queue)) for _ in range(self.scope.concurrency)]
        ticker = asyncio.create_task(self._tick(meter))
        try:
            walk_failed = await self._hand_out_all(items, queue)
            meter.counting = False
            for _ in workers:
                await queue.put(None)
            await asyncio.gather(*workers)
            if walk_failed is not None:
                raise walk_failed
            if self._deletes and not self.control.cancel_requested:
                await self._delete_batch()
            if not self.control.cancel_requested:
                await asyncio.to_thread(self._remove_leftovers)
        finally:
            for worker in workers:
                worker.cancel()
            ticker.cancel()
            meter.emit()
            # Threads still in a call finish it (a cancelled download keeps what it recorded).
            await asyncio.shield(asyncio.to_thread(self._threads.shutdown, True))
        if self.control.cancel_requested:
            raise OperationCancelled("Sync cancelled; what was done so far stays done.")
        return self.tally

    async def _hand_out_all(
        self, items: AsyncIterator[SyncItem], queue: asyncio.Queue[SyncItem | None]
    ) -> Exception | None:
        """Hands each item out; a walk that fails (its listing refused) returns its error,
        and what it had handed out is still done before the run raises it."""
        try:
            async for item in items:
                if self.control.cancel_requested:
                    break
                await self._hand_out(item, queue)
        except Exception as error:  # raised by run() once the workers end
            return error
        return None

    async def _hand_out(self, item: SyncItem, queue: asyncio.Queue[SyncItem | None]) -> None:
        """A skip is done at once, an upload's delete waits for its batch, the rest queue."""
        if item.action is Action.SKIP:
            if item.reason is Reason.UNFINISHED_DOWNLOAD:
                self._leftovers.append(item)
            self._done(item)
        elif item.action is Action.DELETE and self.scope.direction is Direction.UP:
            self._deletes.append(item)
            if len(self._deletes) >= DELETE_BATCH:
                await self._delete_batch()
        else:
            await queue.put(item)
            # A worker takes it now: a walk that still decides the next paths would not
            # give the loop up (what it awaits is mostly done already) until it ends.
            await asyncio.sleep(0)

    async def _tick(self, meter: SyncMeter) -> None:
        while True:
            meter.emit()
            await asyncio.sleep(TICK)

    async def _worker(self, queue: asyncio.Queue[SyncItem | None]) -> None:
        while (item := await queue.get()) is not None:
            if self.control.paused:
                await self.control.wait_until_running()
            if self.control.cancel_requested:
                continue
            try:
                synced = await self._patiently(item)
            except OperationCancelled:
                continue
            except (MigrationAssistantError, OSError) as error:
                if isinstance(error, MigrationAssistantError):
                    self._done(item, error.plain())
                else:
                    self._done(item, f"{error.strerror or error}.")
                continue
            self._remember(item, synced)
            kept = synced.kept if synced is not None else 0
            if kept:
                self.sink(Note(kept_note(item.rel, kept)))
            self._done(item, kept=kept)

    def _remove_leftovers(self) -> None:
        folder = self.scope.folder
        stale = [
            (item.rel, item.path(folder))
            for item in self._leftovers
            if item.path(folder) not in self._downloading
        ]
        said = remove_leftovers(stale)
        if said:
            self.sink(Note(said))

    async def _patiently(self, item: SyncItem) -> Synced | None:
        """``_one`` until it is answered (the upload engine's patience: nothing answering
        is waited out up to ``retry_for``, Pause holds the wait, Cancel ends it)."""
        return await self.patience.keep_trying(lambda number: self._one(item, again=number > 1))

    def _remember(self, item: SyncItem, synced: Synced | None) -> None:
        if self.state is None:
            return
        if synced is None:
            self.state.forget(item.key)
        else:
            self.state.remember(item.key, synced.size, synced.mtime_ns, synced.etag)

    async def _one(self, item: SyncItem, *, again: bool = False) -> Synced | None:
        path = item.path(self.scope.folder)
        meter = self._meter
        assert meter is not None
        if item.action is Action.UPLOAD and item.size >= DEFAULT_THRESHOLD:
            async with self._large:  # started once its turn came
                if not again:
                    self.sink(ItemStarted(item))
                return await self._upload_large(item, meter)
        if not again:
            self.sink(ItemStarted(item))
        if item.action is Action.DOWNLOAD:
            return await self._download(item, meter)
        if item.action is Action.DELETE:
            await self._in_thread(functools.partial(path.unlink, missing_ok=True))
            return None
        return await self._in_thread(
            functools.partial(
                put_small, self.door, self.scope.bucket, item.key, path, meter.counted
            )
        )

    async def _download(self, item: SyncItem, meter: SyncMeter) -> Synced:
        path = item.path(self.scope.folder)
        self._downloading.update((partial_path(path), record_path(path)))
        download = functools.partial(
            download_object,
            self.door,
            self.scope.bucket,
            item.key,
            path,
            size=item.size,
            stop=self.control.stop,
        )
        if item.size < LARGE:
            return await self._in_thread(
                functools.partial(download, counted=meter.counted, resumed=meter.resumed)
            )
        meter.start_large(item)
        try:
            counted = functools.partial(meter.large_counted, item.rel)
            resumed = functools.partial(meter.large_resumed, item.rel)
            return await self._in_thread(
                functools.partial(download, counted=counted, resumed=resumed)
            )
        finally:  # what arrived (nothing after a failure: the download took it back)
            meter.counted(meter.end_large(item.rel))

    async def _in_thread(self, work: Callable[[], T]) -> T:
        """On the run's own threads, one per worker: asyncio's default pool has only
        CPU count + 4 threads, fewer than the files meant to be in flight."""
        assert self._threads is not None
        return await asyncio.get_running_loop().run_in_executor(self._threads, work)

    async def _upload_large(self, item: SyncItem, meter: SyncMeter) -> Synced:
        path = item.path(self.scope.folder)
        mtime = (await asyncio.to_thread(os.stat, path)).st_mtime_ns
        options = UploadOptions(
            concurrency=self.scope.concurrency,
            retry_for=self.retry_for,
            metadata=((MTIME_KEY, format_mtime(mtime)),),
            wizard="folder-sync",
        )

        def forward(event: Event | TransferEvent, /) -> None:
            if isinstance(event, Progress) and event.unit == "B":
                meter.large_at(item.rel, int(event.done))

        meter.start_large(item)
        try:
            result = await upload_file(
                self.door,
                path,
                self.scope.bucket,
                item.key,
                options,
                sink=forward,
                journals=self.journals,
                ledger=self.ledger,
                control=self.control,
                clock=self.clock,
            )
        finally:
            meter.end_large(item.rel)
        meter.counted(item.size)
        return Synced(result.size, mtime, result.etag)

    async def _delete_batch(self) -> None:
        batch, self._deletes = self._deletes, []
        try:
            answer = await self.door.run(
                delete_objects_call(self.scope.bucket, [item.key for item in batch])
            )
        except MigrationAssistantError as error:
            for item in batch:
                self._done(item, error.plain())
            return
        refused = {
            str(entry.get("Key", "")): str(entry.get("Message", entry.get("Code", "")))
            for entry in answer.get("Errors", [])
        }
        for item in batch:
            reason = refused.get(item.key)
            if reason is None:
                self._remember(item, None)
            self._done(item, f"S3 did not delete it: {reason}" if reason is not None else "")
