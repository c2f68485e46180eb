"""Unfinished multipart uploads: billed until aborted and invisible in a bucket listing.

List them with their age and the bytes their parts hold (and whether our journal knows
them, i.e. whether they can be resumed), abort chosen ones, and add the lifecycle rule that
makes S3 abort them after some days.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from core.aws import S3, AwsCall, AwsDoor, aws_call
from core.errors import NotFound, ValidationError
from core.ledger import Ledger, ResourceKind
from core.transfer.checksums import ChecksumChoice
from core.transfer.journal import JournalHeader, JournalStore, UploadJournal, endpoint_label
from core.transfer.reconcile import list_all_parts
from core.transfer.records import file_identity
from core.transfer.s3_calls import abort_upload_call

if TYPE_CHECKING:
    from mypy_boto3_s3.type_defs import (
        EmptyResponseMetadataTypeDef,
        LifecycleRuleTypeDef,
        ListMultipartUploadsRequestTypeDef,
    )

__all__ = [
    "ABORT_RULE_ID",
    "UnfinishedUpload",
    "abort_incomplete_rule",
    "abort_unfinished",
    "adopt_unfinished",
    "lifecycle_call",
    "list_unfinished",
    "set_abort_incomplete_rule",
]

ABORT_RULE_ID = "migration-assistant-abort-incomplete-uploads"


@dataclass(frozen=True)
class UnfinishedUpload:
    bucket: str
    key: str
    upload_id: str
    initiated: datetime
    parts: int
    bytes: int
    known: bool  # our journal has it: it can be resumed from this machine
    file: str | None  # the local file the journal says it comes from

    def age_seconds(self, now: datetime | None = None) -> float:
        return ((now or datetime.now(UTC)) - self.initiated).total_seconds()

    def to_json(self) -> dict[str, Any]:
        return {
            "bucket": self.bucket,
            "key": self.key,
            "upload_id": self.upload_id,
            "initiated": self.initiated.isoformat(),
            "age_seconds": round(self.age_seconds()),
            "parts": self.parts,
            "bytes": self.bytes,
            "known": self.known,
            "file": self.file,
        }


async def _all_uploads(door: AwsDoor, bucket: str, key: str | None) -> list[Any]:
    uploads: list[Any] = []
    params: ListMultipartUploadsRequestTypeDef = {"Bucket": bucket}
    if key is not None:
        params["Prefix"] = key
    while True:
        page = await door.call(S3.list_multipart_uploads, **params)
        uploads.extend(page.get("Uploads", []))
        if not page.get("IsTruncated"):
            break
        params["KeyMarker"] = page["NextKeyMarker"]
        params["UploadIdMarker"] = page["NextUploadIdMarker"]
    return [item for item in uploads if key is None or item["Key"] == key]


async def list_unfinished(
    door: AwsDoor, bucket: str, journals: JournalStore, key: str | None = None
) -> list[UnfinishedUpload]:
    """The bucket's incomplete multipart uploads (only ``key``'s when given), oldest first."""
    known = {journal.header.upload_id: journal for journal in await asyncio.to_thread(journals.all)}
    found = []
    for item in await _all_uploads(door, bucket, key):
        upload_id = str(item["UploadId"])
        try:
            parts = await list_all_parts(door.run, bucket, item["Key"], upload_id)
        except NotFound:
            continue  # completed or aborted while we listed
        initiated = item["Initiated"]
        if initiated.tzinfo is None:
            initiated = initiated.replace(tzinfo=UTC)
        journal = known.get(upload_id)
        found.append(
            UnfinishedUpload(
                bucket=bucket,
                key=str(item["Key"]),
                upload_id=upload_id,
                initiated=initiated,
                parts=len(parts),
                bytes=sum(int(part.get("Size", 0)) for part in parts),
                known=journal is not None,
                file=journal.header.file.path if journal else None,
            )
        )
    return sorted(found, key=lambda upload: upload.initiated)


async def abort_unfinished(
    door: AwsDoor,
    bucket: str,
    key: str,
    journals: JournalStore,
    *,
    upload_id: str | None = None,
    ledger: Ledger | None = None,
) -> list[str]:
    """Abort ``upload_id``, or every unfinished upload of ``key`` when None; S3 deletes their
    parts. Forgets their journals and marks them deleted in the ledger. Returns the ids."""
    if upload_id is None:
        ids = [str(item["UploadId"]) for item in await _all_uploads(door, bucket, key)]
    else:
        ids = [upload_id]
    for each in ids:
        with contextlib.suppress(NotFound):  # already gone: the goal is reached
            await door.run(abort_upload_call(bucket, key, each))
        await asyncio.to_thread(_forget, journals, ledger, each, await door.resolve_scope())
    return ids


def _forget(journals: JournalStore, ledger: Ledger | None, upload_id: str, scope: str) -> None:
    journal = journals.by_upload_id(upload_id)
    if journal is not None:
        journal.delete()
    if ledger is not None:
        entry = ledger.find(ResourceKind.MULTIPART_UPLOAD, upload_id, scope)
        if entry is not None:
            ledger.mark_deleted(entry)


def abort_incomplete_rule(days: int) -> LifecycleRuleTypeDef:
    """The rule making S3 abort uploads left incomplete for ``days`` days (the whole bucket)."""
    if days < 1:
        raise ValidationError(
            "days", "The number of days must be at least 1.", "Choose 7, for example."
        )
    return {
        "ID": ABORT_RULE_ID,
        "Status": "Enabled",
        "Filter": {"Prefix": ""},
        "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": days},
    }


def lifecycle_call(
    bucket: str, rules: Sequence[Mapping[str, Any]]
) -> AwsCall[EmptyResponseMetadataTypeDef]:
    """The bucket's whole lifecycle configuration: S3 replaces every rule with ``rules``."""
    # Rules read back from S3 have the stubs' output type; the request takes them as they are.
    sent = cast("list[LifecycleRuleTypeDef]", list(rules))
    return aws_call(
        S3.put_bucket_lifecycle_configuration,
        Bucket=bucket,
        LifecycleConfiguration={"Rules": sent},
    )


async def set_abort_incomplete_rule(door: AwsDoor, bucket: str, days: int) -> LifecycleRuleTypeDef:
    """Add (or update) a lifecycle rule aborting uploads left incomplete for ``days`` days.
    The bucket's other lifecycle rules are kept. Returns the rule."""
    rule = abort_incomplete_rule(days)
    try:
        current = await door.call(S3.get_bucket_lifecycle_configuration, Bucket=bucket)
        rules = [rule for rule in current.get("Rules", []) if rule.get("ID") != ABORT_RULE_ID]
    except NotFound as error:
        if error.code != "NoSuchLifecycleConfiguration":
            raise
        rules = []
    await door.run(lifecycle_call(bucket, [*rules, rule]))
    return rule


async def adopt_unfinished(
    door: AwsDoor, journals: JournalStore, upload: UnfinishedUpload, source: Path
) -> UploadJournal:
    """Write a journal for an upload this machine does not know (another tool, another
    computer, a lost journal) so that ``upload_file(door, source, upload.bucket, upload.key)``
    resumes it: parts S3 holds whose ETag equals the MD5 of the same range of ``source`` are
    kept, the rest are sent. The part size is read from S3's first part."""
    response = await door.call(
        S3.list_parts, Bucket=upload.bucket, Key=upload.key, UploadId=upload.upload_id
    )
    parts = response.get("Parts", [])
    first = next((part for part in parts if int(part["PartNumber"]) == 1), None)
    if first is None:
        raise ValidationError(
            "upload",
            "This upload has no first part on S3, so its part size is unknown.",
            "Abort it and upload the file again.",
        )
    identity = await asyncio.to_thread(file_identity, source)
    part_size = int(first["Size"])
    algorithm = str(response.get("ChecksumAlgorithm", "")).lower()
    checksum = ChecksumChoice(algorithm) if algorithm in {"crc32", "sha256"} else None
    header = JournalHeader(
        endpoint=endpoint_label(door.connection.endpoint_url, door.connection.region),
        bucket=upload.bucket,
        key=upload.key,
        upload_id=upload.upload_id,
        file=identity,
        part_size=part_size,
        part_count=max(1, math.ceil(identity.size / part_size)),
        checksum=(checksum or ChecksumChoice.NONE).value,
    )
    return await asyncio.to_thread(journals.create, header)
