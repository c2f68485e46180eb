"""Sending one part: hash it, stream it, journal S3's answer; retried with backoff.

The blocking work runs on the upload's own thread pool (one thread per part in flight);
events are handed back to the event loop with ``call_soon_threadsafe``.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from core.aws import S3, AwsDoor, aws_call
from core.errors import MigrationAssistantError, ValidationError
from core.transfer.body import BandwidthLimiter, FileSlice, SendCounter
from core.transfer.checksums import ChecksumChoice, PartDigest, digest_range
from core.transfer.control import UploadControl
from core.transfer.events import PartState, PartStateChanged, TransferSink
from core.transfer.journal import ConfirmedPart, UploadJournal
from core.transfer.patience import Patience
from core.transfer.planner import PartRange
from core.transfer.s3_calls import upload_part_call

__all__ = ["PartSender", "file_unreadable"]


def file_unreadable(path: Path, error: OSError) -> ValidationError:
    return ValidationError(
        "file",
        f"The file {path} could not be read: {error.strerror or error}.",
        "Check that the file exists, that you may read it, and that nothing is changing it.",
    )


@dataclass
class PartSender:
    """Everything a part needs to go; one per upload run."""

    door: AwsDoor
    path: Path
    bucket: str
    key: str
    upload_id: str
    checksum: ChecksumChoice
    journal: UploadJournal
    control: UploadControl
    counter: SendCounter
    limiter: BandwidthLimiter | None
    executor: ThreadPoolExecutor
    sink: TransferSink
    part_count: int
    # When to try again and when to give up; it shows "waiting for the network" meanwhile.
    patience: Patience

    def _emit(self, loop: asyncio.AbstractEventLoop, event: PartStateChanged) -> None:
        if not loop.is_closed():
            loop.call_soon_threadsafe(self.sink, event)

    def digest(self, part: PartRange) -> PartDigest:
        try:
            return digest_range(self.path, part.offset, part.length, self.checksum)
        except OSError as error:
            raise file_unreadable(self.path, error) from error

    def _probe(self) -> None:
        """One small request before re-sending a part after an outage: while nothing
        answers, a try costs a few bytes instead of a part read and sent for nothing."""
        self.door.run_sync(
            aws_call(
                S3.list_parts,
                Bucket=self.bucket,
                Key=self.key,
                UploadId=self.upload_id,
                MaxParts=1,
            )
        )

    def _send_blocking(
        self,
        part: PartRange,
        attempt: int,
        loop: asyncio.AbstractEventLoop,
        after_outage: bool = False,
    ) -> ConfirmedPart:
        if after_outage:
            self._probe()
        self._emit(loop, PartStateChanged(part.number, PartState.HASHING, part.length, attempt))
        digest = self.digest(part)
        self._emit(loop, PartStateChanged(part.number, PartState.SENDING, part.length, attempt))
        body = FileSlice(
            self.path,
            part.offset,
            part.length,
            counter=self.counter,
            stop=self.control.stop,
            limiter=self.limiter,
            on_body_sent=lambda: self._emit(
                loop, PartStateChanged(part.number, PartState.SENT, part.length, attempt)
            ),
        )
        call = upload_part_call(
            self.bucket,
            self.key,
            self.upload_id,
            part=part,
            source=self.path,
            body=body,
            checksum=self.checksum,
            value=digest.checksum,
        )
        try:
            response = self.door.run_sync(call)
        except BaseException:
            body.take_back_progress()
            raise
        finally:
            body.close()
        confirmed = ConfirmedPart(
            number=part.number,
            etag=str(response["ETag"]).strip('"'),
            checksum=digest.checksum,
            size=part.length,
            md5=digest.md5_hex,
        )
        # Journal before telling anyone: a crash after this line cannot lose the part.
        self.journal.record_part(confirmed)
        return confirmed

    async def send(self, part: PartRange) -> ConfirmedPart | None:
        """Send ``part`` until S3 confirms it; None if the upload was cancelled meanwhile.
        Raises our error when a try fails for a reason another try cannot fix, the tries
        for a passing service error run out, or nothing has answered for ``retry_for``."""
        loop = asyncio.get_running_loop()
        tries = self.patience.tries()
        while True:
            attempt = tries.attempt
            try:
                confirmed = await loop.run_in_executor(
                    self.executor,
                    self._send_blocking,
                    part,
                    attempt,
                    loop,
                    tries.outage is not None,
                )
            except MigrationAssistantError as error:
                if self.control.stop.is_set():
                    return None
                delay = tries.failed(error)
                if delay is None:
                    self.sink(
                        PartStateChanged(
                            part.number, PartState.FAILED, part.length, attempt, error.message
                        )
                    )
                    raise
                # While nothing answers, a try is a small probe: try often, at most 10 s apart.
                self.sink(
                    PartStateChanged(
                        part.number,
                        PartState.RETRYING,
                        part.length,
                        attempt,
                        f"{error.message} Trying again in {delay:.0f} s.",
                    )
                )
                await self.patience.wait(delay)
                if self.control.stop.is_set():
                    return None
            else:
                tries.answered()
                self.sink(PartStateChanged(part.number, PartState.CONFIRMED, part.length, attempt))
                return confirmed
