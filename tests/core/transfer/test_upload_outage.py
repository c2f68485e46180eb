"""Patience: an upload waits out a network outage in one run, and still stops at once for
what waiting cannot fix. Through a TCP proxy whose network goes down (facts/fault-injection.md)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from botocore.awsrequest import AWSResponse
from botocore.compat import HTTPHeaders
from botocore.exceptions import EndpointConnectionError

from core.errors import AccessDenied, AwsError
from core.events import StatusChanged
from core.paths import AppPaths
from core.transfer.control import UploadOptions
from core.transfer.events import TransferRecordingSink, UploadState
from core.transfer.journal import JournalStore
from core.transfer.upload import upload_file
from tests.core.transfer.helpers import PART, downloaded, make_file
from tests.fixtures.clock import FakeClock
from tests.fixtures.outage_proxy import OutageProxy
from tests.fixtures.s3servers import S3Server
from tests.fixtures.upload_events import ActOnFirstConfirmed

OUTAGE_SECONDS = 30.0
OPTIONS = UploadOptions(part_size=PART, threshold=PART, concurrency=3, max_bandwidth=16_000_000)


def _statuses(sink: TransferRecordingSink) -> list[str]:
    return [event.status for event in sink.of_type(StatusChanged) if event.subject == "upload"]


async def test_an_upload_waits_out_a_thirty_second_outage_in_one_run(
    outage_proxy: tuple[OutageProxy, S3Server], app_paths: AppPaths, tmp_path: Path
) -> None:
    proxy, through_proxy = outage_proxy
    bucket = through_proxy.new_bucket()
    source = make_file(tmp_path / "overnight.bin", 8 * PART + 3)
    sink = ActOnFirstConfirmed(lambda: proxy.outage(OUTAGE_SECONDS))

    result = await upload_file(
        through_proxy.door(),
        source,
        bucket,
        "overnight.bin",
        OPTIONS,
        sink=sink,
        journals=JournalStore.default(app_paths),
    )

    assert result.verified
    assert downloaded(through_proxy.client(), bucket, "overnight.bin") == source.read_bytes()
    statuses = _statuses(sink)
    waiting = statuses.index(UploadState.WAITING_FOR_NETWORK.value)
    assert "running" in statuses[waiting + 1 :]
    assert proxy.outages and proxy.outages[0][1] - proxy.outages[0][0] == OUTAGE_SECONDS
    meaning = next(e.meaning for e in sink.of_type(StatusChanged) if e.status == statuses[waiting])
    assert "Retrying in" in meaning and "15 min" in meaning


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def stream(self, **_: Any) -> Any:
        yield self.data


class _NetworkDownThen:
    """Part requests find nothing answering (as in an outage); after ``down`` of them, S3
    answers ``AccessDenied`` (when ``refuse``) or lets them through."""

    def __init__(self, down: int, *, refuse: bool = False) -> None:
        self.down, self.refuse = down, refuse
        self.seen: Counter[str] = Counter()

    def __call__(self, request: Any, **_: Any) -> AWSResponse | None:
        if "partNumber=" not in request.url:
            return None
        self.seen["part"] += 1
        if self.seen["part"] <= self.down:
            raise EndpointConnectionError(endpoint_url=request.url)
        if not self.refuse:
            return None
        self.seen["refused"] += 1
        headers = HTTPHeaders()
        headers["Content-Type"] = "application/xml"
        body = b"<Error><Code>AccessDenied</Code><Message>No.</Message></Error>"
        return AWSResponse(request.url, 403, headers, _Body(body))


async def test_a_refusal_during_an_outage_still_stops_the_upload_at_once(
    s3_server: S3Server, s3_bucket: str, app_paths: AppPaths, tmp_path: Path
) -> None:
    source = make_file(tmp_path / "data.bin", 3 * PART)
    door = s3_server.door()
    outage = _NetworkDownThen(down=4, refuse=True)
    door.client("s3").meta.events.register("before-send.s3.UploadPart", outage)
    clock = FakeClock()

    with pytest.raises(AccessDenied):
        await upload_file(
            door,
            source,
            s3_bucket,
            "data.bin",
            UploadOptions(part_size=PART, threshold=PART, concurrency=1),
            journals=JournalStore.default(app_paths),
            clock=clock,
        )

    assert outage.seen["part"] == 5
    assert outage.seen["refused"] == 1  # the first answer was a refusal: no second try
    assert clock.now() < 60  # it did not sit out the rest of the 15 minutes


async def test_an_outage_longer_than_the_retry_window_stops_with_a_plain_message(
    s3_server: S3Server, s3_bucket: str, app_paths: AppPaths, tmp_path: Path
) -> None:
    source = make_file(tmp_path / "data.bin", 2 * PART)
    door = s3_server.door()
    door.client("s3").meta.events.register("before-send.s3.UploadPart", _NetworkDownThen(10**6))
    clock = FakeClock()
    sink = TransferRecordingSink()

    with pytest.raises(AwsError) as failure:
        await upload_file(
            door,
            source,
            s3_bucket,
            "data.bin",
            UploadOptions(part_size=PART, threshold=PART, concurrency=1, retry_for=120),
            sink=sink,
            journals=JournalStore.default(app_paths),
            clock=clock,
        )

    assert 120 <= clock.now() < 200
    assert UploadState.WAITING_FOR_NETWORK.value in _statuses(sink)
    assert "run the same upload again to resume" in failure.value.fix
