"""The upload engine: a file to S3, resumable, verified, with progress and pause/cancel.

``upload_file`` plans the parts, resumes from the journal when one matches (after checking
the file did not change and reconciling with ListParts), sends the missing parts with bounded
concurrency, completes the upload with the parts in order and verifies the object: S3's ETag
must equal the one computed from the file, and its size the file's.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import dataclasses
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NoReturn

from core.aws import AwsDoor, CallState, Clock, RealClock
from core.errors import MigrationAssistantError, NotFound, OperationCancelled
from core.events import Failed, Note, Progress, WasCancelled
from core.ledger import Ledger
from core.transfer.body import BandwidthLimiter, SendCounter
from core.transfer.checksums import ChecksumChoice
from core.transfer.control import (
    FileChanged,
    UploadControl,
    UploadOptions,
    UploadResult,
)
from core.transfer.events import TransferSink, UploadStarted, UploadState
from core.transfer.finish import Verified, already_completed, complete_upload
from core.transfer.journal import (
    ConfirmedPart,
    FileIdentity,
    JournalHeader,
    JournalStore,
    UploadJournal,
    endpoint_label,
)
from core.transfer.parts import PartSender
from core.transfer.patience import Patience, Stopped
from core.transfer.planner import PartRange, UploadPlan, plan_upload
from core.transfer.reconcile import reconcile
from core.transfer.records import LedgerNotes, UploadTarget, file_identity
from core.transfer.s3_calls import abort_upload_call, create_upload_call
from core.transfer.single import put_single
from core.transfer.upload_status import PROGRESS_STEP, UploadStatus

__all__ = ["PARTS_STEP", "PROGRESS_STEP", "upload_file"]

PARTS_STEP = "upload-parts"  # Progress in parts confirmed (unit "parts")


def _ignore(event: object, /) -> None:
    """The sink when the caller does not watch."""


async def upload_file(
    door: AwsDoor,
    source: Path,
    bucket: str,
    key: str,
    options: UploadOptions | None = None,
    *,
    sink: TransferSink = _ignore,
    journals: JournalStore | None = None,
    ledger: Ledger | None = None,
    control: UploadControl | None = None,
    clock: Clock | None = None,
    progress_interval: float = 0.25,
    endpoint_answered: bool | None = None,
) -> UploadResult:
    """Upload ``source`` to ``s3://bucket/key`` and verify it; resume if a journal matches.

    Events go to ``sink``: ``UploadStarted``, ``PartStateChanged`` per part,
    ``Progress(step="upload", unit="B")`` (``done`` goes down when a part is re-sent),
    ``StatusChanged(subject="upload", status=UploadState...)``, ``Note``, and ``WasCancelled``
    or ``Failed`` at the end. Steer it with ``control``. An outage is waited out once the
    endpoint has answered (``endpoint_answered``: by default, whether ``door`` had an
    answer before, as the window's bucket list; or a journal of an earlier run exists);
    a first contact that cannot connect fails at once, as a wrong address does.

    Raises ValidationError (file missing/unreadable/changed, part size), our AwsError
    subclasses, VerificationFailed, or OperationCancelled after ``control.cancel()``. After
    any failure or cancel without abort, the journal is kept: calling again resumes.
    """
    options = options or UploadOptions()
    run = UploadRun(
        door=door,
        source=source,
        bucket=bucket,
        key=key,
        options=options,
        sink=sink,
        journals=journals or JournalStore.default(),
        ledger=LedgerNotes(door, ledger, options.wizard),
        control=control or UploadControl(),
        clock=clock or RealClock(),
        progress_interval=progress_interval,
    )
    run.patience.reached = answered_before(door) if endpoint_answered is None else endpoint_answered
    try:
        return await run.run()
    except OperationCancelled:
        raise
    except MigrationAssistantError as error:
        run.set_state(UploadState.FAILED)
        sink(Failed(error))
        raise


def answered_before(door: AwsDoor) -> bool:
    """Whether a call on ``door`` got an answer ("not found" counts)."""
    answers = (CallState.SUCCEEDED, CallState.NOT_FOUND)
    return any(record.state in answers for record in door.records)


class UploadRun:
    """One call of ``upload_file``: its state. Its steps (finish, reconcile, single) get
    only ``target``, never the run."""

    def __init__(
        self,
        *,
        door: AwsDoor,
        source: Path,
        bucket: str,
        key: str,
        options: UploadOptions,
        sink: TransferSink,
        journals: JournalStore,
        ledger: LedgerNotes,
        control: UploadControl,
        clock: Clock,
        progress_interval: float,
    ) -> None:
        self.door, self.source, self.bucket, self.key = door, source, bucket, key
        self.options, self.sink, self.journals, self.ledger = options, sink, journals, ledger
        self.control = control
        self.status = UploadStatus(sink, control, options.retry_for, progress_interval)
        self.set_state = self.status.set
        self.started = time.monotonic()
        self.failure: MigrationAssistantError | None = None
        self.journal: UploadJournal | None = None  # once there is an upload to resume
        self.patience = Patience(door, clock, self.status, options.part_attempts)
        self.target = UploadTarget(
            door, source, bucket, key, sink, ledger, self.set_state, self.patience
        )

    async def run(self) -> UploadResult:
        try:
            return await self._run()
        except Stopped:  # Cancel while a call waited for the network
            await self._cancelled(self.journal)

    async def _run(self) -> UploadResult:
        self.options.validate()
        self.set_state(UploadState.PREPARING)
        identity = await asyncio.to_thread(file_identity, self.source)
        plan = plan_upload(identity.size, self.options.part_size, self.options.threshold)
        endpoint = endpoint_label(self.door.connection.endpoint_url, self.door.connection.region)
        journal = await asyncio.to_thread(
            self.journals.find, endpoint, self.bucket, self.key, self.source
        )
        if journal is not None:
            self.journal = journal
            self.patience.reached = True  # it answered the earlier run
            return await self._resume(journal, identity)
        if not plan.multipart:
            verified, sent = await put_single(
                self.target, identity, plan, self.options, control=self.control
            )
            return self.result(plan, verified, None, 0, sent)
        upload_id = await self._create(plan)
        journal = await asyncio.to_thread(
            self.journals.create,
            JournalHeader(
                endpoint=endpoint,
                bucket=self.bucket,
                key=self.key,
                upload_id=upload_id,
                file=identity,
                part_size=plan.part_size,
                part_count=plan.part_count,
                checksum=self.options.checksum.value,
            ),
        )
        self.journal = journal
        return await self._send_and_complete(journal, plan, {}, identity)

    async def _create(self, plan: UploadPlan) -> str:
        call = create_upload_call(
            self.bucket,
            self.key,
            self.options.checksum,
            dict(self.options.metadata),
            self.options.storage_class,
        )
        response = await self.patience.run(call)
        upload_id = str(response["UploadId"])
        await self.ledger.upload_created(self.bucket, self.key, upload_id)
        self.sink(Note(f"Started multipart upload {upload_id} of {plan.part_count} parts."))
        return upload_id

    async def _resume(self, journal: UploadJournal, identity: FileIdentity) -> UploadResult:
        header = journal.header
        changes = identity.changes_since(header.file)
        if identity.size != header.file.size:
            raise FileChanged(
                f"The file {self.source} changed since its upload began ({', '.join(changes)}), "
                "so the parts already sent cannot be reused.",
                f"Discard the earlier upload with 'migration-assistant uploads abort "
                f"s3://{self.bucket}/{self.key}' (or in Unfinished uploads), then upload again.",
            )
        if changes:
            # Same size: every part S3 holds is compared with the file below anyway; the
            # ones that differ now are sent again.
            self.sink(
                Note(
                    f"The file changed since its upload began ({', '.join(changes)}): each "
                    "part already on S3 is checked against it, and the ones that differ are "
                    "sent again."
                )
            )
        plan = plan_upload(identity.size, header.part_size, threshold=0)
        if self.options.part_size not in (None, header.part_size):
            self.sink(Note("Continuing with the part size the upload began with."))
        try:
            kept = await reconcile(self.target, journal, plan)
        except NotFound:
            finished = await self._already_completed(journal, plan, identity)
            if finished is not None:
                return finished
            await asyncio.to_thread(journal.delete)
            self.journal = None
            self.sink(Note("The earlier upload no longer exists on S3; starting again."))
            return await self._run()
        return await self._send_and_complete(journal, plan, kept, identity)

    async def _already_completed(
        self, journal: UploadJournal, plan: UploadPlan, identity: FileIdentity
    ) -> UploadResult | None:
        verified = await already_completed(self.target, journal, plan, identity)
        if verified is None:
            return None
        await asyncio.to_thread(journal.delete)
        return self.result(plan, verified, journal.header.upload_id, plan.part_count, 0)

    def result(
        self, plan: UploadPlan, verified: Verified, upload_id: str | None, resumed: int, sent: int
    ) -> UploadResult:
        self.set_state(UploadState.DONE)
        return UploadResult(
            bucket=self.bucket,
            key=self.key,
            size=plan.size,
            multipart=plan.multipart,
            part_size=plan.part_size,
            parts=plan.part_count,
            etag=verified.etag,
            verified=True,
            verified_by=verified.verified_by,
            resumed_parts=resumed,
            bytes_sent=sent,
            upload_id=upload_id,
            checksum=self.options.checksum.value,
            seconds=round(time.monotonic() - self.started, 3),
        )

    async def _send_and_complete(
        self,
        journal: UploadJournal,
        plan: UploadPlan,
        kept: dict[int, ConfirmedPart],
        identity: FileIdentity,
    ) -> UploadResult:
        header = journal.header
        checksum = ChecksumChoice(header.checksum)
        self.options = dataclasses.replace(self.options, checksum=checksum)
        counter = SendCounter(sum(part.size for part in kept.values()))
        limiter = (
            BandwidthLimiter(self.options.max_bandwidth) if self.options.max_bandwidth else None
        )
        self.sink(
            UploadStarted(
                self.bucket,
                self.key,
                header.upload_id,
                plan.size,
                plan.part_size,
                plan.part_count,
                self.options.concurrency,
                checksum.value,
                tuple(sorted(kept)),
            )
        )
        if kept:
            self.sink(Note(f"Resuming: {len(kept)} of {plan.part_count} parts already on S3."))
        confirmed = dict(kept)
        pending = collections.deque(p for p in plan.parts() if p.number not in kept)
        executor = ThreadPoolExecutor(self.options.concurrency, thread_name_prefix="upload-part")
        sender = PartSender(
            door=self.door,
            path=self.source,
            bucket=self.bucket,
            key=self.key,
            upload_id=header.upload_id,
            checksum=checksum,
            journal=journal,
            control=self.control,
            counter=counter,
            limiter=limiter,
            executor=executor,
            sink=self.sink,
            part_count=plan.part_count,
            patience=self.patience,
        )
        self.set_state(UploadState.RUNNING)
        self.sink(Progress(PARTS_STEP, len(confirmed), plan.part_count, "parts"))
        ticker = asyncio.create_task(self.status.tick(counter, plan.size))
        try:
            workers = min(self.options.concurrency, len(pending))
            await asyncio.gather(
                *(self._worker(sender, pending, confirmed) for _ in range(workers))
            )
        except BaseException:
            # Cancelled from outside (or a bug): stop the threads, keep the journal.
            self.control.stop.set()
            raise
        finally:
            ticker.cancel()
            await asyncio.shield(asyncio.to_thread(executor.shutdown, True))
            self.status.progress(counter, plan.size, None)
        if self.control.cancel_requested:
            await self._cancelled(journal)
        if self.failure is not None:
            self.failure.fix = (
                f"{self.failure.fix} The parts sent so far are kept: run the same upload "
                "again to resume it."
            ).strip()
            raise self.failure
        verified = await complete_upload(
            self.target, journal, plan, confirmed, checksum, identity=identity
        )
        return self.result(plan, verified, header.upload_id, len(kept), counter.sent)

    async def _worker(
        self,
        sender: PartSender,
        pending: collections.deque[PartRange],
        confirmed: dict[int, ConfirmedPart],
    ) -> None:
        while pending and self.failure is None and not self.control.cancel_requested:
            if self.control.paused:
                self.status.refresh_pause()
                await self.control.wait_until_running()
                self.status.refresh_pause()
                continue
            part = pending.popleft()
            self.status.in_flight += 1
            try:
                result = await sender.send(part)
            except MigrationAssistantError as error:
                self.failure = self.failure or error
                return
            finally:
                self.status.in_flight -= 1
                self.status.refresh_pause()
            if result is not None:
                confirmed[result.number] = result
                self.sink(Progress(PARTS_STEP, len(confirmed), sender.part_count, "parts"))

    async def _cancelled(self, journal: UploadJournal | None) -> NoReturn:
        self.set_state(UploadState.CANCELLING)
        if journal is None:
            what = "Upload stopped before it began; run it again to upload the file."
        elif not journal.path.exists():  # completed, not yet verified
            what = (
                f"Upload stopped before s3://{self.bucket}/{self.key} was checked against "
                "the file; run it again to upload and check it."
            )
        elif self.control.abort_on_cancel:
            await asyncio.shield(self.abort(journal))
            what = "Upload cancelled; its parts were deleted from S3."
        else:
            what = "Upload stopped; run it again to resume where it left off."
        self.set_state(UploadState.CANCELLED)
        self.sink(WasCancelled(what))
        raise OperationCancelled(what)

    async def abort(self, journal: UploadJournal) -> None:
        header = journal.header
        with contextlib.suppress(NotFound):  # already gone: the goal is reached
            await self.door.run(abort_upload_call(header.bucket, header.key, header.upload_id))
        await asyncio.to_thread(journal.delete)
        await self.ledger.upload_ended(header.upload_id)
