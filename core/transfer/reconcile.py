"""Resume: what S3 still holds of an upload, checked against the journal and the file."""

from __future__ import annotations

import asyncio
from typing import Any

from core.aws import S3, AwsDoor
from core.events import Note
from core.transfer.checksums import ChecksumChoice, digest_range
from core.transfer.journal import ConfirmedPart, UploadJournal
from core.transfer.planner import UploadPlan
from core.transfer.records import UploadTarget

__all__ = ["list_all_parts", "reconcile"]


async def list_all_parts(door: AwsDoor, bucket: str, key: str, upload_id: str) -> list[Any]:
    """Every part S3 holds for the upload, across all pages (1,000 parts a page)."""
    parts: list[Any] = []
    marker: dict[str, Any] = {}
    while True:
        page = await door.call(S3.list_parts, Bucket=bucket, Key=key, UploadId=upload_id, **marker)
        parts.extend(page.get("Parts", []))
        if not page.get("IsTruncated"):
            return parts
        marker = {"PartNumberMarker": int(page["NextPartNumberMarker"])}


async def reconcile(
    target: UploadTarget, journal: UploadJournal, plan: UploadPlan
) -> dict[int, ConfirmedPart]:
    """The parts that need not be sent again: S3 lists them with the size and ETag the
    journal has. A part S3 has but the journal lacks (the process died between S3's answer
    and the journal write) is kept if its ETag equals the MD5 of that range of the file.
    Raises NotFound when the upload no longer exists."""
    header = journal.header
    listed = await list_all_parts(target.door, header.bucket, header.key, header.upload_id)
    on_s3 = {int(item["PartNumber"]): item for item in listed}
    kept: dict[int, ConfirmedPart] = {}
    unjournaled = []
    lost = []
    for part in plan.parts():
        item = on_s3.get(part.number)
        journaled = journal.parts.get(part.number)
        if item is None or int(item.get("Size", -1)) != part.length:
            if journaled is not None:
                lost.append(part.number)
            continue
        etag = str(item["ETag"]).strip('"')
        if journaled is not None and journaled.etag == etag:
            kept[part.number] = journaled
        elif journaled is None:
            unjournaled.append((part, etag))
    checksum = ChecksumChoice(header.checksum)
    for part, etag in unjournaled:
        digest = await asyncio.to_thread(
            digest_range, target.source, part.offset, part.length, checksum
        )
        if digest.md5_hex == etag:
            confirmed = ConfirmedPart(
                part.number, etag, digest.checksum, part.length, digest.md5_hex
            )
            await asyncio.to_thread(journal.record_part, confirmed)
            kept[part.number] = confirmed
    if lost:
        target.sink(Note(f"S3 no longer holds parts {lost[:10]}; they are sent again."))
    return kept
