"""The end of an upload: complete it with the parts in order, then verify the object."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from core.errors import MigrationAssistantError
from core.transfer.checksums import ChecksumChoice, composite_etag
from core.transfer.control import VerificationFailed
from core.transfer.events import UploadState
from core.transfer.journal import ConfirmedPart, UploadJournal
from core.transfer.planner import UploadPlan

if TYPE_CHECKING:
    from core.transfer.engine import UploadRun

__all__ = ["complete_upload", "verify_object"]


async def complete_upload(
    run: UploadRun,
    journal: UploadJournal,
    plan: UploadPlan,
    confirmed: dict[int, ConfirmedPart],
    checksum: ChecksumChoice,
) -> str:
    """Complete the upload and verify it; returns the (verified) ETag."""
    missing = [n for n in range(1, plan.part_count + 1) if n not in confirmed]
    if missing:  # cannot happen unless a worker stopped early without an error
        raise MigrationAssistantError(f"Parts {missing[:5]} were not sent.")
    run.set_state(UploadState.COMPLETING)
    ordered = [confirmed[n] for n in range(1, plan.part_count + 1)]
    response = await run.door.call(
        "s3",
        "complete_multipart_upload",
        Bucket=run.bucket,
        Key=run.key,
        UploadId=journal.header.upload_id,
        MultipartUpload={
            "Parts": [
                {
                    "PartNumber": part.number,
                    "ETag": f'"{part.etag}"',
                    **checksum.complete_parameters(part.checksum),
                }
                for part in ordered
            ]
        },
    )
    # The upload is gone from S3 now, verified or not: nothing left to resume.
    await asyncio.to_thread(journal.delete)
    await run.ledger.upload_ended(journal.header.upload_id)
    await run.ledger.object_created(run.bucket, run.key)
    expected = composite_etag(part.md5 for part in ordered)
    await verify_object(run, str(response.get("ETag", "")).strip('"'), expected, plan.size)
    return expected


async def verify_object(run: UploadRun, etag: str, expected: str, size: int) -> None:
    """S3's ETag must equal the one computed from the file, and its size the file's."""
    run.set_state(UploadState.VERIFYING)
    head = await run.door.call("s3", "head_object", Bucket=run.bucket, Key=run.key)
    stored = int(head.get("ContentLength", -1))
    if etag != expected or stored != size:
        raise VerificationFailed(
            f"s3://{run.bucket}/{run.key} does not match the file: S3 has ETag {etag} "
            f"and {stored:,} bytes, the file gives ETag {expected} and {size:,} bytes."
        )
