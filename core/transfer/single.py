"""Files below the multipart threshold: one PUT with the same checksum and verification."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from core.errors import EndpointUnreachable, MigrationAssistantError, OperationCancelled
from core.events import Progress, WasCancelled
from core.transfer.body import BandwidthLimiter, FileSlice, SendCounter
from core.transfer.checksums import digest_range
from core.transfer.control import UploadResult, backoff_seconds, is_transient
from core.transfer.events import PartState, PartStateChanged, UploadStarted, UploadState
from core.transfer.finish import verify_object
from core.transfer.journal import FileIdentity
from core.transfer.parts import file_unreadable
from core.transfer.planner import UploadPlan

if TYPE_CHECKING:
    from core.transfer.engine import UploadRun

__all__ = ["put_single"]


async def put_single(run: UploadRun, identity: FileIdentity, plan: UploadPlan) -> UploadResult:
    options = run.options
    try:
        digest = await asyncio.to_thread(digest_range, run.source, 0, plan.size, options.checksum)
    except OSError as error:
        raise file_unreadable(run.source, error) from error
    run.sink(
        UploadStarted(
            run.bucket, run.key, None, plan.size, plan.size, 1, 1, options.checksum.value, ()
        )
    )
    run.set_state(UploadState.RUNNING)
    counter = SendCounter()
    limiter = BandwidthLimiter(options.max_bandwidth) if options.max_bandwidth else None
    attempt = 1
    while True:
        run.sink(PartStateChanged(1, PartState.SENDING, plan.size, attempt))
        body = FileSlice(
            run.source, 0, plan.size, counter=counter, stop=run.control.stop, limiter=limiter
        )
        try:
            response = await run.door.call(
                "s3",
                "put_object",
                cli_hints={"Body": identity.path},
                Bucket=run.bucket,
                Key=run.key,
                Body=body,
                ContentLength=plan.size,
                **options.checksum.part_parameters(digest.checksum),
            )
            break
        except MigrationAssistantError as error:
            body.take_back_progress()
            if run.control.cancel_requested:
                run.set_state(UploadState.CANCELLED)
                run.sink(WasCancelled("Upload cancelled before the file was stored."))
                raise OperationCancelled("Upload cancelled before the file was stored.") from None
            # Nothing reached S3 yet: a connection failure here is a setup problem (address,
            # network), already retried by botocore; waiting longer would only hide it.
            unreachable = isinstance(error, EndpointUnreachable)
            if unreachable or not is_transient(error) or attempt >= options.part_attempts:
                raise
            delay = backoff_seconds(attempt)
            run.sink(PartStateChanged(1, PartState.RETRYING, plan.size, attempt, error.message))
            await run.clock.sleep(delay)
            attempt += 1
        finally:
            body.close()
    run.sink(PartStateChanged(1, PartState.CONFIRMED, plan.size, attempt))
    run.sink(Progress("upload", counter.net, plan.size, "B"))
    run.sink(Progress("upload-parts", 1, 1, "parts"))
    await run.ledger.object_created(run.bucket, run.key)
    etag = str(response.get("ETag", "")).strip('"')
    await verify_object(run, etag, digest.md5_hex, plan.size)
    return run.result(plan, digest.md5_hex, None, 0, counter.sent)
