"""The S3 calls a sync makes besides the upload engine's, built in one place: the run makes
them and ``FolderSyncFlow.plan()`` shows them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from core.aws import S3, AwsCall, aws_call

if TYPE_CHECKING:
    from mypy_boto3_s3.type_defs import (
        DeleteObjectsOutputTypeDef,
        EmptyResponseMetadataTypeDef,
        GetBucketVersioningOutputTypeDef,
        GetObjectOutputTypeDef,
        HeadObjectOutputTypeDef,
        ListObjectsV2OutputTypeDef,
    )

__all__ = [
    "DELETE_BATCH",
    "delete_objects_call",
    "enable_versioning_call",
    "get_object_call",
    "get_range_call",
    "head_object_call",
    "list_folder_call",
    "list_tree_call",
    "versioning_call",
]

DELETE_BATCH = 1000  # keys per DeleteObjects, S3's limit


def list_folder_call(
    bucket: str, prefix: str, token: str = ""
) -> AwsCall[ListObjectsV2OutputTypeDef]:
    """One page of one "folder": the keys right below ``prefix`` and its sub-prefixes."""
    if token:
        return aws_call(
            S3.list_objects_v2, Bucket=bucket, Prefix=prefix, Delimiter="/", ContinuationToken=token
        )
    return aws_call(S3.list_objects_v2, Bucket=bucket, Prefix=prefix, Delimiter="/")


def list_tree_call(
    bucket: str, prefix: str, token: str = "", keys: int = 1000
) -> AwsCall[ListObjectsV2OutputTypeDef]:
    """One page of every key under ``prefix``, at any depth (1,000 keys: S3's most)."""
    if token:
        return aws_call(
            S3.list_objects_v2, Bucket=bucket, Prefix=prefix, MaxKeys=keys, ContinuationToken=token
        )
    return aws_call(S3.list_objects_v2, Bucket=bucket, Prefix=prefix, MaxKeys=keys)


def head_object_call(bucket: str, key: str) -> AwsCall[HeadObjectOutputTypeDef]:
    """Its metadata (the ``mtime`` kept on upload) and its whole-object checksum."""
    return aws_call(S3.head_object, Bucket=bucket, Key=key, ChecksumMode="ENABLED")


def get_object_call(bucket: str, key: str) -> AwsCall[GetObjectOutputTypeDef]:
    return aws_call(S3.get_object, Bucket=bucket, Key=key, ChecksumMode="ENABLED")


def get_range_call(
    bucket: str, key: str, offset: int, length: int, etag: str
) -> AwsCall[GetObjectOutputTypeDef]:
    """``length`` bytes at ``offset`` of the object, only while its ETag is ``etag``."""
    return aws_call(
        S3.get_object,
        Bucket=bucket,
        Key=key,
        Range=f"bytes={offset}-{offset + length - 1}",
        IfMatch=etag,
    )


def delete_objects_call(bucket: str, keys: Sequence[str]) -> AwsCall[DeleteObjectsOutputTypeDef]:
    """Up to ``DELETE_BATCH`` keys at once; S3 answers with the ones it could not delete."""
    return aws_call(
        S3.delete_objects,
        Bucket=bucket,
        Delete={"Objects": [{"Key": key} for key in keys], "Quiet": True},
    )


def versioning_call(bucket: str) -> AwsCall[GetBucketVersioningOutputTypeDef]:
    return aws_call(S3.get_bucket_versioning, Bucket=bucket)


def enable_versioning_call(bucket: str) -> AwsCall[EmptyResponseMetadataTypeDef]:
    """From now on S3 keeps the old copy of what is overwritten or deleted (billed)."""
    return aws_call(
        S3.put_bucket_versioning, Bucket=bucket, VersioningConfiguration={"Status": "Enabled"}
    )
