"""The end of an upload: complete it with the parts in order, then verify the object."""

from __future__ import annotations

import asyncio

from core.aws import S3
from core.errors import MigrationAssistantError
from core.transfer.checksums import ChecksumChoice, composite_etag
from core.transfer.control import VerificationFailed
from core.transfer.events import UploadState
from core.transfer.journal import ConfirmedPart, UploadJournal
from core.transfer.planner import UploadPlan
from core.transfer.records import UploadTarget

__all__ = ["complete_upload", "verify_object"]


async def complete_upload(
    target: UploadTarget,
    journal: UploadJournal,
    plan: UploadPlan,
    confirmed: dict[int, ConfirmedPart],
    checksum: ChecksumChoice,
) -> str:
    """Complete the upload and verify it; returns the (verified) ETag."""
    missing = [n for n in range(1, plan.part_count + 1) if n not in confirmed]
    if missing:  # cannot happen unless a worker stopped early without an error
        raise MigrationAssistantError(f"Parts {missing[:5]} were not sent.")
    target.set_state(UploadState.COMPLETING)
    ordered = [confirmed[n] for n in range(1, plan.part_count + 1)]
    response = await target.door.call(
        S3.complete_multipart_upload,
        Bucket=target.bucket,
        Key=target.key,
        UploadId=journal.header.upload_id,
        MultipartUpload={
            "Parts": [
                checksum.completed_part(part.number, f'"{part.etag}"', part.checksum)
                for part in ordered
            ]
        },
    )
    # The upload is gone from S3 now, verified or not: nothing left to resume.
    await asyncio.to_thread(journal.delete)
    await target.ledger.upload_ended(journal.header.upload_id)
    await target.ledger.object_created(target.bucket, target.key)
    expected = composite_etag(part.md5 for part in ordered)
    await verify_object(target, str(response.get("ETag", "")).strip('"'), expected, plan.size)
    return expected


async def verify_object(target: UploadTarget, etag: str, expected: str, size: int) -> None:
    """S3's ETag must equal the one computed from the file, and its size the file's."""
    target.set_state(UploadState.VERIFYING)
    head = await target.door.call(S3.head_object, Bucket=target.bucket, Key=target.key)
    stored = int(head.get("ContentLength", -1))
    if etag != expected or stored != size:
        raise VerificationFailed(
            f"s3://{target.bucket}/{target.key} does not match the file: S3 has ETag {etag} "
            f"and {stored:,} bytes, the file gives ETag {expected} and {size:,} bytes."
        )
