from __future__ import annotations

from datetime import UTC, datetime

import botocore.utils
import pytest

from core.aws import S3
from core.aws.timestamps import parse_timestamp
from tests.fixtures.mocked_door import door_with_bucket


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


async def test_a_listing_and_a_head_give_the_same_aware_time() -> None:
    async with door_with_bucket("site") as door:
        await door.call(S3.put_object, Bucket="site", Key="index.html", Body=b"<html>")
        listed = (await door.call(S3.list_objects_v2, Bucket="site"))["Contents"][0]
        head = await door.call(S3.head_object, Bucket="site", Key="index.html")
    assert listed["LastModified"] == head["LastModified"]
    assert abs((datetime.now(UTC) - head["LastModified"]).total_seconds()) < 60
