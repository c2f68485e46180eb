"""The S3 calls that store a file, built in one place: the engine makes them with the real
upload id, checksums and ETags; ``UploadFlow.plan()`` shows the same calls with placeholders
for what only S3's answers or the file's bytes give. The abort of an upload is here too:
the engine's cancel, ``abort_unfinished`` and teardown make it, and their flows show it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, TypedDict, cast

from core.aws import S3, AwsCall, aws_call
from core.aws.cli import FileBody
from core.transfer.checksums import ChecksumChoice
from core.transfer.planner import PartRange

if TYPE_CHECKING:
    from mypy_boto3_s3.literals import StorageClassType
    from mypy_boto3_s3.type_defs import (
        AbortMultipartUploadOutputTypeDef,
        CompletedPartTypeDef,
        CompleteMultipartUploadOutputTypeDef,
        CreateMultipartUploadOutputTypeDef,
        PutObjectOutputTypeDef,
        UploadPartOutputTypeDef,
    )

__all__ = [
    "abort_upload_call",
    "complete_upload_call",
    "create_upload_call",
    "put_object_call",
    "upload_part_call",
]


class _ObjectSettings(TypedDict, total=False):
    Metadata: dict[str, str]
    StorageClass: StorageClassType


def _object_settings(
    metadata: Mapping[str, str] | None, storage_class: str = ""
) -> _ObjectSettings:
    # Each left out when empty, so a plain upload's command shows no --metadata or
    # --storage-class.
    settings: _ObjectSettings = {}
    if metadata:
        settings["Metadata"] = dict(metadata)
    if storage_class:
        settings["StorageClass"] = cast("StorageClassType", storage_class)
    return settings


def _file(body: object) -> IO[bytes]:
    # botocore reads a body as a file (read, seek, tell); FileSlice is one, an io.RawIOBase,
    # which typeshed does not count as the typing.IO the stubs name.
    return cast("IO[bytes]", body)


def put_object_call(
    bucket: str,
    key: str,
    *,
    source: Path,
    body: object,
    size: int,
    checksum: ChecksumChoice,
    value: str,
    metadata: Mapping[str, str] | None = None,
    storage_class: str = "",
) -> AwsCall[PutObjectOutputTypeDef]:
    """The whole file in one request; ``value`` is its checksum."""
    return aws_call(
        S3.put_object,
        Bucket=bucket,
        Key=key,
        Body=_file(body),
        ContentLength=size,
        **checksum.part_parameters(value),
        **_object_settings(metadata, storage_class),
    ).shown_as(Body=FileBody(str(source)))


def create_upload_call(
    bucket: str,
    key: str,
    checksum: ChecksumChoice,
    metadata: Mapping[str, str] | None = None,
    storage_class: str = "",
) -> AwsCall[CreateMultipartUploadOutputTypeDef]:
    return aws_call(
        S3.create_multipart_upload,
        Bucket=bucket,
        Key=key,
        **checksum.create_parameters(),
        **_object_settings(metadata, storage_class),
    )


def upload_part_call(
    bucket: str,
    key: str,
    upload_id: str,
    *,
    part: PartRange,
    source: Path,
    body: object,
    checksum: ChecksumChoice,
    value: str,
) -> AwsCall[UploadPartOutputTypeDef]:
    """One part, its bytes cut from ``source`` (the command shows the ``dd`` that cuts it)."""
    return aws_call(
        S3.upload_part,
        Bucket=bucket,
        Key=key,
        UploadId=upload_id,
        PartNumber=part.number,
        ContentLength=part.length,
        Body=_file(body),
        **checksum.part_parameters(value),
    ).shown_as(Body=FileBody(str(source), part.offset, part.length, part.number))


def complete_upload_call(
    bucket: str,
    key: str,
    upload_id: str,
    *,
    parts: Sequence[CompletedPartTypeDef],
    checksum: ChecksumChoice,
    whole: str,
) -> AwsCall[CompleteMultipartUploadOutputTypeDef]:
    """``parts`` in order; ``whole`` the file's checksum, which S3 checks the parts against."""
    return aws_call(
        S3.complete_multipart_upload,
        Bucket=bucket,
        Key=key,
        UploadId=upload_id,
        MultipartUpload={"Parts": list(parts)},
        **checksum.object_parameters(whole),
    )


def abort_upload_call(
    bucket: str, key: str, upload_id: str
) -> AwsCall[AbortMultipartUploadOutputTypeDef]:
    """S3 deletes the upload's parts; it can no longer be resumed."""
    return aws_call(S3.abort_multipart_upload, Bucket=bucket, Key=key, UploadId=upload_id)
