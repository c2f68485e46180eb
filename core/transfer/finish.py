"""The end of an upload: complete it with the parts in order, then verify the object.

"Verified" means compared with the file's bytes: with the object's checksum that S3 reports
(HeadObject with ChecksumMode=ENABLED) against the one combined from the CRCs of the bytes
this run read from the file, or, where the endpoint reports no checksum, with the ETag
against the MD5s of the file's bytes as they are now. Never with what a journal remembers.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from core.aws import S3, aws_call
from core.errors import MigrationAssistantError, NotFound
from core.events import Note
from core.transfer.checksums import (
    ChecksumChoice,
    PartDigest,
    composite_etag,
    digest_range,
    whole_object_checksum,
)
from core.transfer.control import FileChanged, VerificationFailed
from core.transfer.events import UploadState
from core.transfer.journal import ConfirmedPart, FileIdentity, UploadJournal
from core.transfer.planner import UploadPlan
from core.transfer.records import UploadTarget
from core.transfer.s3_calls import complete_upload_call

if TYPE_CHECKING:
    from mypy_boto3_s3.type_defs import HeadObjectOutputTypeDef

__all__ = ["Verified", "already_completed", "complete_upload", "verify_object"]


@dataclass(frozen=True)
class Verified:
    """The object's ETag and what proved it equal to the file (``verified_by``)."""

    etag: str
    verified_by: str


async def complete_upload(
    target: UploadTarget,
    journal: UploadJournal,
    plan: UploadPlan,
    confirmed: dict[int, ConfirmedPart],
    checksum: ChecksumChoice,
    *,
    identity: FileIdentity,
) -> Verified:
    """Complete the upload and verify it against the file. ``confirmed`` holds, for every
    part, the checksum of the bytes this run read from the file (kept parts were re-read)."""
    missing = [n for n in range(1, plan.part_count + 1) if n not in confirmed]
    if missing:  # cannot happen unless a worker stopped early without an error
        raise MigrationAssistantError(f"Parts {missing[:5]} were not sent.")
    target.set_state(UploadState.COMPLETING)
    ordered = [confirmed[n] for n in range(1, plan.part_count + 1)]
    whole = whole_object_checksum(checksum, [(part.checksum, part.size) for part in ordered])
    # S3 refuses to complete when its parts do not add up to the file's checksum (whole).
    call = complete_upload_call(
        target.bucket,
        target.key,
        journal.header.upload_id,
        parts=[
            checksum.completed_part(part.number, f'"{part.etag}"', part.checksum)
            for part in ordered
        ],
        checksum=checksum,
        whole=whole,
    )
    try:
        await target.patience.run(call)
        answer_lost = False
    except NotFound:
        # NoSuchUpload: most likely a try (botocore's or ours) completed it and its answer
        # was lost on the way. The object's checksum against the file's decides, as always.
        answer_lost = True
        target.sink(
            Note("S3 no longer has the upload, as after completing it: checking the object.")
        )
    # The upload is gone from S3 now, verified or not: nothing left to resume.
    await asyncio.to_thread(journal.delete)
    await target.ledger.upload_ended(journal.header.upload_id)
    await target.ledger.object_created(target.bucket, target.key)
    try:
        verified = await verify_object(
            target, plan, checksum, whole, [part.md5 for part in ordered], identity=identity
        )
    except NotFound as error:
        if not answer_lost:
            raise
        raise VerificationFailed(
            f"S3 has neither the upload nor s3://{target.bucket}/{target.key}: the upload "
            "was deleted (aborted, or expired by a lifecycle rule) before it was completed.",
            "Upload the file again.",
        ) from error
    return verified


async def already_completed(
    target: UploadTarget, journal: UploadJournal, plan: UploadPlan, identity: FileIdentity
) -> Verified | None:
    """For a run that died after S3 completed the upload: the object's verification against
    the file's bytes as they are now (read again for it), or None when it is not there or
    does not match."""
    if len(journal.parts) != plan.part_count:
        return None
    checksum = ChecksumChoice(journal.header.checksum)
    digests = await asyncio.to_thread(_file_digests, target.source, plan, checksum)
    parts = zip(digests, plan.parts(), strict=True)
    expected = whole_object_checksum(checksum, [(d.checksum, p.length) for d, p in parts])
    try:
        return await verify_object(
            target, plan, checksum, expected, [d.md5_hex for d in digests], identity=identity
        )
    except (NotFound, VerificationFailed):
        return None


def _file_digests(source: Path, plan: UploadPlan, checksum: ChecksumChoice) -> list[PartDigest]:
    """Every part's checksum and MD5, read from the file as it is now."""
    return [
        digest_range(source, part.offset, part.length, checksum, md5=True) for part in plan.parts()
    ]


def _reported_checksum(head: HeadObjectOutputTypeDef, checksum: ChecksumChoice) -> str:
    if checksum is ChecksumChoice.CRC64NVME:
        return head.get("ChecksumCRC64NVME", "")
    if checksum is ChecksumChoice.CRC32:
        return head.get("ChecksumCRC32", "")
    if checksum is ChecksumChoice.SHA256:
        return head.get("ChecksumSHA256", "")
    return ""


def _same_checksum(reported: str, expected: str) -> bool:
    # A composite checksum may come back with or without its "-N" (moto leaves it off).
    return reported.split("-", maxsplit=1)[0] == expected.split("-", maxsplit=1)[0]


async def verify_object(
    target: UploadTarget,
    plan: UploadPlan,
    checksum: ChecksumChoice,
    expected: str,
    part_md5s: Sequence[str],
    *,
    identity: FileIdentity,
) -> Verified:
    """What S3 holds must equal the file: size, then its checksum, else its ETag.

    ``expected`` is the object checksum of the bytes read from the file ('' for MD5/NONE);
    ``part_md5s`` the MD5s of those bytes where they were computed ('' where not).
    ``identity`` is the file as this run found it: a change since (even with its
    modification time put back, which moves its change time) means the bytes sent may mix
    old and new, so the upload is not called verified."""
    target.set_state(UploadState.VERIFYING)
    now = await asyncio.to_thread(FileIdentity.of, target.source)
    changes = now.changes_since(identity)
    if changes:
        raise FileChanged(
            f"The file {target.source} changed while it was being uploaded "
            f"({', '.join(changes)}), so s3://{target.bucket}/{target.key} may not match it.",
            "Upload it again once nothing is writing to it.",
        )
    head = await target.patience.run(
        aws_call(S3.head_object, Bucket=target.bucket, Key=target.key, ChecksumMode="ENABLED")
    )
    where = f"s3://{target.bucket}/{target.key}"
    stored = int(head.get("ContentLength", -1))
    etag = str(head.get("ETag", "")).strip('"')
    if stored != plan.size:
        raise VerificationFailed(
            f"{where} does not match the file: S3 holds {stored:,} bytes, the file has "
            f"{plan.size:,}."
        )
    reported = _reported_checksum(head, checksum)
    if reported and expected:
        if not _same_checksum(reported, expected):
            raise VerificationFailed(
                f"{where} does not match the file: S3's {checksum.value.upper()} checksum is "
                f"{reported}, the file's is {expected}."
            )
        kind = "full-object" if checksum.full_object or not plan.multipart else "composite"
        return Verified(etag, f"{checksum.value}-{kind}")
    # No checksum from S3 (or none chosen): the ETag, against the MD5s of the file's bytes.
    md5s = list(part_md5s)
    if not all(md5s) or len(md5s) != plan.part_count:
        digests = await asyncio.to_thread(_file_digests, target.source, plan, ChecksumChoice.NONE)
        md5s = [digest.md5_hex for digest in digests]
    wanted = composite_etag(md5s) if plan.multipart else md5s[0]
    if etag != wanted:
        raise VerificationFailed(
            f"{where} does not match the file: S3 has ETag {etag}, the file's bytes give {wanted}."
        )
    return Verified(etag, "etag-md5-from-file")
