"""S3 buckets for the upload flows: the account's list, and a new bucket recorded first.

Bucket names are checked before any call (S3's naming rules), and a bucket outside
us-east-1 is created with its region's LocationConstraint, as ``aws s3api create-bucket``
requires.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

from core.aws import S3, AwsDoor
from core.errors import ValidationError
from core.flows.context import Created, FlowContext
from core.ledger import ResourceKind

if TYPE_CHECKING:
    from mypy_boto3_s3.literals import BucketLocationConstraintType
    from mypy_boto3_s3.type_defs import CreateBucketRequestTypeDef

__all__ = ["bucket_names", "create_bucket", "create_bucket_params", "validate_bucket_name"]

_BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_IP_ADDRESS = re.compile(r"^\d+\.\d+\.\d+\.\d+$")


def validate_bucket_name(name: str, field: str = "bucket") -> str:
    """S3's bucket naming rules, checked before any call."""
    if not _BUCKET_NAME.match(name) or ".." in name or _IP_ADDRESS.match(name):
        raise ValidationError(
            field,
            f"'{name}' is not a valid bucket name.",
            "Use 3-63 lowercase letters, digits, dots or hyphens, starting and ending with a "
            "letter or digit.",
        )
    return name


async def bucket_names(door: AwsDoor) -> list[str]:
    """The account's buckets, sorted by name."""
    response = await door.call(S3.list_buckets)
    return sorted(str(bucket["Name"]) for bucket in response.get("Buckets", []))


def create_bucket_params(name: str, region: str) -> CreateBucketRequestTypeDef:
    params: CreateBucketRequestTypeDef = {"Bucket": name}
    if region != "us-east-1":
        # The stubs list the regions they knew of; the connection's region is any string,
        # and S3 answers for one it does not know.
        location = cast("BucketLocationConstraintType", region)
        params["CreateBucketConfiguration"] = {"LocationConstraint": location}
    return params


async def create_bucket(ctx: FlowContext, name: str) -> str:
    """Create bucket ``name`` (validated first), recorded in the ledger before the call."""
    validate_bucket_name(name)
    params = create_bucket_params(name, ctx.region)
    await ctx.create(
        ResourceKind.S3_BUCKET,
        name,
        lambda: ctx.door.call(S3.create_bucket, **params),
        lambda _: Created(name),
    )
    return name
