"""Injected faults (botocore before-send hooks, per facts/fault-injection.md): failed and
reset part requests still end in a verified object; a refusal stops with a plain message."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from botocore.awsrequest import AWSResponse
from botocore.compat import HTTPHeaders
from botocore.exceptions import ConnectionClosedError

from core.errors import AccessDenied
from core.paths import AppPaths
from core.transfer.control import UploadOptions
from core.transfer.events import PartState, PartStateChanged, TransferRecordingSink
from core.transfer.journal import JournalStore
from core.transfer.upload import upload_file
from tests.core.transfer.helpers import PART, downloaded, incomplete_uploads, make_file
from tests.fixtures.clock import FakeClock
from tests.fixtures.s3servers import S3Server

OPTIONS = UploadOptions(part_size=PART, threshold=PART, concurrency=3)


class _Raw:
    def __init__(self, body: bytes) -> None:
        self.body = body

    def stream(self, **_: Any) -> Any:
        yield self.body


def _s3_error(url: str, status: int, code: str) -> AWSResponse:
    body = f"<Error><Code>{code}</Code><Message>injected</Message></Error>".encode()
    headers = HTTPHeaders()
    headers["Content-Type"] = "application/xml"
    return AWSResponse(url, status, headers, _Raw(body))


class FaultPlan:
    """Which attempt of which part fails, and how; deterministic, never by arrival order."""

    def __init__(self, faults: dict[int, list[str]]) -> None:
        self.faults = faults
        self.attempts: Counter[int] = Counter()
        self.injected: list[tuple[int, str]] = []

    def __call__(self, request: Any, **kwargs: Any) -> AWSResponse | None:
        match = re.search(r"partNumber=(\d+)", request.url)
        if match is None:
            return None
        number = int(match.group(1))
        attempt = self.attempts[number]
        self.attempts[number] += 1
        plan = self.faults.get(number, [])
        if attempt >= len(plan) or plan[attempt] == "ok":
            return None
        fault = plan[attempt]
        self.injected.append((number, fault))
        if fault == "500":
            return _s3_error(request.url, 500, "InternalError")
        if fault == "503":
            return _s3_error(request.url, 503, "SlowDown")
        if fault == "403":
            return _s3_error(request.url, 403, "AccessDenied")
        # A reset mid-body: 128 KiB of the part go out, then the connection drops.
        for _block in range(8):
            request.body.read(16 * 1024)
        raise ConnectionClosedError(endpoint_url=request.url)


async def test_failed_and_reset_part_requests_still_end_verified(
    s3_server: S3Server, s3_bucket: str, app_paths: AppPaths, tmp_path: Path
) -> None:
    source = make_file(tmp_path / "big.bin", 4 * PART + 99)
    door = s3_server.door()
    # botocore tries 6 times (TRANSFER_MAX_ATTEMPTS); part 1 fails 6 times in a row so
    # only the engine's own part retry gets it through.
    faults = FaultPlan({1: ["reset"] * 6, 2: ["500", "500"], 3: ["reset"], 4: ["503"]})
    door.client("s3").meta.events.register("before-send.s3.UploadPart", faults)
    sink = TransferRecordingSink()
    clock = FakeClock()

    result = await upload_file(
        door,
        source,
        s3_bucket,
        "big.bin",
        OPTIONS,
        sink=sink,
        journals=JournalStore.default(app_paths),
        clock=clock,
    )

    assert result.verified
    assert downloaded(s3_server.client(), s3_bucket, "big.bin") == source.read_bytes()
    assert len(faults.injected) == 10
    retrying = [e for e in sink.of_type(PartStateChanged) if e.state is PartState.RETRYING]
    assert [e.number for e in retrying] == [1]
    assert "Could not reach AWS" in retrying[0].detail
    assert clock.sleeps and all(0 < delay <= 30 for delay in clock.sleeps)
    # Seven half-sent attempts were sent again: counted in bytes_sent, not in the object.
    assert result.bytes_sent == source.stat().st_size + 7 * 8 * 16 * 1024


async def test_a_refused_part_stops_with_a_plain_message_and_keeps_the_upload(
    s3_server: S3Server, s3_bucket: str, app_paths: AppPaths, tmp_path: Path
) -> None:
    source = make_file(tmp_path / "big.bin", 3 * PART)
    door = s3_server.door()
    door.client("s3").meta.events.register(
        "before-send.s3.UploadPart", FaultPlan({2: ["403"] * 10})
    )
    journals = JournalStore.default(app_paths)

    with pytest.raises(AccessDenied) as caught:
        await upload_file(door, source, s3_bucket, "big.bin", OPTIONS, journals=journals)

    assert "denied access" in caught.value.message
    assert "run the same upload again to resume" in caught.value.fix
    assert len(journals.all()) == 1
    assert len(incomplete_uploads(s3_server.client(), s3_bucket)) == 1
