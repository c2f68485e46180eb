"""What the Sandbox's VM Import finds wrong with an import, in the words AWS uses.

The disk image is read where moto keeps it (only its headers and footers, as the checks in
``core.vm_image`` need) and checked against its declared format; a bucket in another
region, a missing object and a rehearsed failure (the object tag ``sandbox-import-failure``
or ``SandboxServer.fail_imports``) become the StatusMessage the task ends with.
"""

from __future__ import annotations

from typing import Any, BinaryIO, cast

from moto.s3.models import s3_backends
from moto.utilities.utils import get_partition

from core.vm_image import DiskFormat, ImageRefused, Refusal, check_stream

__all__ = ["FAILURE_TAG", "NO_ACCESS", "import_failure"]

FAILURE_TAG = "sandbox-import-failure"
NO_ACCESS = (
    "ClientError: Disk validation failed [We do not have access to the given resource. "
    "Reason 403 Forbidden]"
)
OTHER_REGION = (
    "ClientError: The S3 bucket {bucket} is in {bucket_region}, not in {region} where the "
    "import runs."
)
# What AWS's VM Import says for each kind of refused image.
_AWS_MESSAGES = {
    Refusal.NOT_A_DISK: "ClientError: Disk validation failed [Unsupported specified file format]",
    Refusal.WRONG_FORMAT: "ClientError: Disk validation failed [Unsupported specified file format]",
    Refusal.UNSUPPORTED: "ClientError: Disk validation failed [Unsupported VMDK File Format]",
    Refusal.CUT_SHORT: "ClientError: Uncompressed data has invalid length.",
    Refusal.FOOTERS_DIFFER: "ClientError: Footers not identical",
    Refusal.DAMAGED: "ClientError: Disk validation failed [Invalid VMDK or VHD file]",
}


def _footers_message(refused: ImageRefused, declared: DiskFormat) -> str:
    if refused.reason is Refusal.CUT_SHORT and declared is DiskFormat.VHD:
        return _AWS_MESSAGES[Refusal.FOOTERS_DIFFER]  # AWS compares the two footers first
    return _AWS_MESSAGES[refused.reason]


def _object(account: str, region: str, bucket: str, key: str) -> Any:
    s3 = s3_backends[account][get_partition(region)]
    try:
        return s3.buckets[bucket], s3.get_object(bucket, key)
    except Exception:  # a missing bucket raises; either way the image cannot be read
        return s3.buckets.get(bucket), None


def _tag(account: str, region: str, found: Any) -> str:
    s3 = s3_backends[account][get_partition(region)]
    tags = s3.get_object_tagging(found).get("Tags", [])
    return next((tag["Value"] for tag in tags if tag["Key"] == FAILURE_TAG), "")


def import_failure(account: str, region: str, disk: dict[str, Any], rehearsed: str) -> str | None:
    """The StatusMessage an import of ``disk`` (a DiskContainer) fails with, or None."""
    where = disk.get("UserBucket") or {}
    bucket_name, key = str(where.get("S3Bucket", "")), str(where.get("S3Key", ""))
    bucket, found = _object(account, region, bucket_name, key)
    if found is None:
        return NO_ACCESS
    if bucket is not None and bucket.region_name != region:
        return OTHER_REGION.format(
            bucket=bucket_name, bucket_region=bucket.region_name, region=region
        )
    declared = DiskFormat(str(disk.get("Format", "")).lower())
    with found.lock:
        stream = cast("BinaryIO", found._value_buffer)
        try:
            check_stream(stream, found.size, key.rsplit("/", 1)[-1], declared)
        except ImageRefused as refused:
            return _footers_message(refused, declared)
    return _tag(account, region, found) or rehearsed or None
