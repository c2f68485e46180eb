"""Files below the multipart threshold: one PUT with the same checksum and verification."""

from __future__ import annotations

import asyncio

from core.errors import MigrationAssistantError, OperationCancelled
from core.events import Progress, WasCancelled
from core.transfer.body import BandwidthLimiter, FileSlice, SendCounter
from core.transfer.checksums import digest_range
from core.transfer.control import UploadControl, UploadOptions
from core.transfer.events import PartState, PartStateChanged, UploadStarted, UploadState
from core.transfer.finish import Verified, verify_object
from core.transfer.journal import FileIdentity
from core.transfer.parts import file_unreadable
from core.transfer.planner import UploadPlan
from core.transfer.records import UploadTarget
from core.transfer.s3_calls import put_object_call

__all__ = ["put_single"]


async def put_single(
    target: UploadTarget,
    identity: FileIdentity,
    plan: UploadPlan,
    options: UploadOptions,
    *,
    control: UploadControl,
) -> tuple[Verified, int]:
    """PUT the whole file and verify it; returns how it was verified and the bytes sent.
    The engine turns these into the UploadResult."""
    try:
        # The MD5 too: it is the ETag check where the endpoint reports no checksum.
        digest = await asyncio.to_thread(
            digest_range, target.source, 0, plan.size, options.checksum, md5=True
        )
    except OSError as error:
        raise file_unreadable(target.source, error) from error
    target.sink(
        UploadStarted(
            target.bucket, target.key, None, plan.size, plan.size, 1, 1, options.checksum.value, ()
        )
    )
    target.set_state(UploadState.RUNNING)
    counter = SendCounter()
    limiter = BandwidthLimiter(options.max_bandwidth) if options.max_bandwidth else None
    tries = target.patience.tries()
    while True:
        attempt = tries.attempt
        target.sink(PartStateChanged(1, PartState.SENDING, plan.size, attempt))
        body = FileSlice(
            target.source, 0, plan.size, counter=counter, stop=control.stop, limiter=limiter
        )
        try:
            call = put_object_call(
                target.bucket,
                target.key,
                source=target.source,
                body=body,
                size=plan.size,
                checksum=options.checksum,
                value=digest.checksum,
                metadata=dict(options.metadata),
                storage_class=options.storage_class,
            )
            await target.door.run(call)
            break
        except MigrationAssistantError as error:
            body.take_back_progress()
            if control.cancel_requested:
                target.set_state(UploadState.CANCELLED)
                target.sink(WasCancelled("Upload cancelled before the file was stored."))
                raise OperationCancelled("Upload cancelled before the file was stored.") from None
            delay = tries.failed(error)
            if delay is None:
                raise
            target.sink(PartStateChanged(1, PartState.RETRYING, plan.size, attempt, error.message))
            await target.patience.wait(delay)
        finally:
            body.close()
    tries.answered()
    target.sink(PartStateChanged(1, PartState.CONFIRMED, plan.size, attempt))
    target.sink(Progress("upload", counter.net, plan.size, "B"))
    target.sink(Progress("upload-parts", 1, 1, "parts"))
    await target.ledger.object_created(target.bucket, target.key)
    verified = await verify_object(
        target, plan, options.checksum, digest.checksum, [digest.md5_hex], identity=identity
    )
    return verified, counter.sent
