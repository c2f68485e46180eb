"""Resume: what S3 still holds of an upload, checked against the journal and the file."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from core.aws import S3, AwsCall, aws_call
from core.events import Note
from core.transfer.checksums import ChecksumChoice, digest_range
from core.transfer.journal import ConfirmedPart, UploadJournal
from core.transfer.planner import UploadPlan
from core.transfer.records import UploadTarget

if TYPE_CHECKING:
    from mypy_boto3_s3.type_defs import ListPartsOutputTypeDef

__all__ = ["list_all_parts", "reconcile"]

PageMaker = Callable[[AwsCall["ListPartsOutputTypeDef"]], Awaitable["ListPartsOutputTypeDef"]]


async def list_all_parts(run: PageMaker, bucket: str, key: str, upload_id: str) -> list[Any]:
    """Every part S3 holds for the upload, across all pages (1,000 parts a page); each page
    made with ``run`` (``door.run``, or an upload's patience to wait out an outage)."""
    parts: list[Any] = []
    marker: dict[str, Any] = {}
    while True:
        page = await run(
            aws_call(S3.list_parts, Bucket=bucket, Key=key, UploadId=upload_id, **marker)
        )
        parts.extend(page.get("Parts", []))
        if not page.get("IsTruncated"):
            return parts
        marker = {"PartNumberMarker": int(page["NextPartNumberMarker"])}


async def reconcile(
    target: UploadTarget, journal: UploadJournal, plan: UploadPlan
) -> dict[int, ConfirmedPart]:
    """The parts that need not be sent again: S3 holds them with the right size, and the
    file's bytes as they are now match them, read again from the file and compared with the
    part's checksum that ListParts reports, or with its ETag (the MD5 of what S3 received)
    where ListParts has none. The journal is only a hint: a part it remembers is re-read
    like any other, so a file changed behind our back (even with its modification time put
    back) has that part sent again. Raises NotFound when the upload no longer exists."""
    header = journal.header
    listed = await list_all_parts(target.patience.run, header.bucket, header.key, header.upload_id)
    on_s3 = {int(item["PartNumber"]): item for item in listed}
    checksum = ChecksumChoice(header.checksum)
    kept: dict[int, ConfirmedPart] = {}
    lost, differ = [], []
    for part in plan.parts():
        item = on_s3.get(part.number)
        if item is None or int(item.get("Size", -1)) != part.length:
            if part.number in journal.parts:
                lost.append(part.number)
            continue
        reported = str(item.get(checksum.head_key, "")) if checksum.head_key else ""
        etag = str(item["ETag"]).strip('"')
        digest = await asyncio.to_thread(
            digest_range, target.source, part.offset, part.length, checksum, md5=not reported
        )
        same = digest.checksum == reported if reported else digest.md5_hex == etag
        if not same:
            differ.append(part.number)
            continue
        confirmed = ConfirmedPart(part.number, etag, digest.checksum, part.length, digest.md5_hex)
        if journal.parts.get(part.number) != confirmed:
            await asyncio.to_thread(journal.record_part, confirmed)
        kept[part.number] = confirmed
    if lost:
        target.sink(Note(f"S3 no longer holds parts {lost[:10]}; they are sent again."))
    if differ:
        target.sink(
            Note(
                f"Parts {differ[:10]} on S3 differ from the file as it is now (it changed "
                "since they were sent); they are sent again."
            )
        )
    return kept
