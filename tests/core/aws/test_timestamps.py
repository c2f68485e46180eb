from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import botocore.utils
import pytest
from moto import mock_aws

from core.aws import S3, AwsDoor, Connection
from core.aws.timestamps import parse_timestamp
from core.settings import ConnectionMode


@pytest.mark.parametrize(
    "text",
    [
        "2026-12-01T16:40:33.123Z",
        "2026-12-01T16:40:33Z",
        "2026-12-01T16:40:33.000+02:00",
        "Tue, 01 Dec 2026 16:40:33 GMT",  # a header's time: botocore's own parser
        "2026-12-01T16:40:33",  # no zone: botocore's rule (a naive time)
        "1764607233",  # epoch seconds
    ],
)
def test_every_timestamp_means_what_botocore_reads_in_it(text: str) -> None:
    parsed, theirs = parse_timestamp(text), botocore.utils.parse_timestamp(text)
    assert parsed == theirs
    assert (parsed.tzinfo is None) == (theirs.tzinfo is None)


@pytest.fixture
def door() -> Iterator[AwsDoor]:
    with mock_aws():
        yield AwsDoor(Connection(ConnectionMode.SANDBOX, "eu-west-1"))


async def test_a_listing_and_a_head_give_the_same_aware_time(door: AwsDoor) -> None:
    await door.call(
        S3.create_bucket,
        Bucket="site",
        CreateBucketConfiguration={"LocationConstraint": "eu-west-1"},
    )
    await door.call(S3.put_object, Bucket="site", Key="index.html", Body=b"<html>")
    listed = (await door.call(S3.list_objects_v2, Bucket="site"))["Contents"][0]["LastModified"]
    head = (await door.call(S3.head_object, Bucket="site", Key="index.html"))["LastModified"]
    assert listed == head
    assert abs((datetime.now(UTC) - listed).total_seconds()) < 60
