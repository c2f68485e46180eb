"""Patience: an upload waits out a network outage in one run, whichever call it hits, and
still stops at once for what waiting cannot fix. Through a TCP proxy whose network goes down
(facts/fault-injection.md), or botocore hooks where an answer must be lost on the way."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from botocore.awsrequest import AWSResponse
from botocore.compat import HTTPHeaders
from botocore.exceptions import EndpointConnectionError
from botocore.httpsession import URLLib3Session

from core.aws import S3, AwsDoor, aws_call
from core.aws.connection import CallKind
from core.errors import AccessDenied, AwsError, OperationCancelled
from core.events import Event, StatusChanged
from core.paths import AppPaths
from core.transfer.control import UploadControl, UploadOptions
from core.transfer.events import TransferEvent, TransferRecordingSink, UploadState
from core.transfer.journal import JournalStore
from core.transfer.upload import upload_file
from tests.core.transfer.helpers import PART, downloaded, make_file
from tests.fixtures.clock import FakeClock
from tests.fixtures.outage_proxy import OutageProxy
from tests.fixtures.s3servers import S3Server
from tests.fixtures.upload_events import ActOnFirstConfirmed, stop_after_the_first_part

OUTAGE_SECONDS = 30.0
SHORT_OUTAGE = 1.5  # enough to defeat botocore's own retries (facts/fault-injection.md)
OPTIONS = UploadOptions(part_size=PART, threshold=PART, concurrency=3, max_bandwidth=16_000_000)


def _statuses(sink: TransferRecordingSink) -> list[str]:
    return [event.status for event in sink.of_type(StatusChanged) if event.subject == "upload"]


def _client_for(door: AwsDoor, operation: str) -> Any:
    """The door's S3 client that sends ``operation`` (quick calls and transfers differ)."""
    method = "".join(f"_{c.lower()}" if c.isupper() else c for c in operation).lstrip("_")
    return door.client("s3", CallKind.of("s3", method))


def _answered_door(server: S3Server) -> AwsDoor:
    """A door that has heard from the endpoint, as the window's has (it listed the
    buckets): from then on, not reaching it is an outage to wait out."""
    door = server.door()
    door.run_sync(aws_call(S3.list_buckets))
    return door


async def _uploaded_through(
    server: S3Server,
    source: Path,
    bucket: str,
    options: UploadOptions,
    *,
    sink: TransferRecordingSink,
    app_paths: AppPaths,
) -> tuple[list[str], int]:
    """Upload ``source`` (key: its name) and check S3 holds the file; the upload's states
    and where "waiting for the network" first shows among them."""
    result = await upload_file(
        _answered_door(server),
        source,
        bucket,
        source.name,
        options,
        sink=sink,
        journals=JournalStore.default(app_paths),
    )
    assert result.verified
    held = downloaded(server.client(), bucket, source.name)
    assert held == await asyncio.to_thread(source.read_bytes)
    statuses = _statuses(sink)
    return statuses, statuses.index(UploadState.WAITING_FOR_NETWORK.value)


async def test_an_upload_waits_out_a_thirty_second_outage_in_one_run(
    outage_proxy: tuple[OutageProxy, S3Server], app_paths: AppPaths, tmp_path: Path
) -> None:
    proxy, through_proxy = outage_proxy
    bucket = through_proxy.new_bucket()
    source = make_file(tmp_path / "overnight.bin", 8 * PART + 3)
    sink = ActOnFirstConfirmed(lambda: proxy.outage(OUTAGE_SECONDS))

    statuses, waiting = await _uploaded_through(
        through_proxy, source, bucket, OPTIONS, sink=sink, app_paths=app_paths
    )

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
    """The requests it is registered for find nothing answering (as in an outage); after
    ``down`` of them, S3 answers ``AccessDenied`` (when ``refuse``) or lets them through."""

    def __init__(self, down: int, *, refuse: bool = False) -> None:
        self.down, self.refuse = down, refuse
        self.seen: Counter[str] = Counter()

    def __call__(self, request: Any, **_: Any) -> AWSResponse | None:
        self.seen["sent"] += 1
        if self.seen["sent"] <= self.down:
            raise EndpointConnectionError(endpoint_url=request.url)
        if not self.refuse:
            return None
        self.seen["refused"] += 1
        headers = HTTPHeaders()
        headers["Content-Type"] = "application/xml"
        body = b"<Error><Code>AccessDenied</Code><Message>No.</Message></Error>"
        return AWSResponse(request.url, 403, headers, _Body(body))


@pytest.mark.parametrize(
    "operation", ["CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload"]
)
async def test_a_refusal_during_an_outage_still_stops_the_upload_at_once(
    s3_server: S3Server, s3_bucket: str, app_paths: AppPaths, tmp_path: Path, operation: str
) -> None:
    source = make_file(tmp_path / "data.bin", 3 * PART)
    door = _answered_door(s3_server)
    outage = _NetworkDownThen(down=4, refuse=True)
    _client_for(door, operation).meta.events.register(f"before-send.s3.{operation}", outage)
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

    assert outage.seen["sent"] == 5
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


class _OutageOnEntering(TransferRecordingSink):
    """Records events; when the upload first enters ``state``, the proxy's network goes
    down for SHORT_OUTAGE seconds, before that step's call is made."""

    def __init__(self, proxy: OutageProxy, state: UploadState) -> None:
        super().__init__()
        self.proxy, self.state = proxy, state

    def __call__(self, event: Event | TransferEvent, /) -> None:
        super().__call__(event)
        entered = isinstance(event, StatusChanged) and event.status == self.state.value
        if entered and not self.proxy.outages:
            self.proxy.outage(SHORT_OUTAGE)


@pytest.mark.parametrize(
    "state",
    [UploadState.PREPARING, UploadState.COMPLETING, UploadState.VERIFYING],
    ids=["create", "complete", "head"],
)
async def test_an_outage_during_create_complete_or_head_is_waited_out(
    outage_proxy: tuple[OutageProxy, S3Server],
    app_paths: AppPaths,
    tmp_path: Path,
    state: UploadState,
) -> None:
    proxy, through_proxy = outage_proxy
    bucket = through_proxy.new_bucket()
    source = make_file(tmp_path / "data.bin", 2 * PART + 1)
    sink = _OutageOnEntering(proxy, state)
    options = UploadOptions(part_size=PART, threshold=PART)

    statuses, waiting = await _uploaded_through(
        through_proxy, source, bucket, options, sink=sink, app_paths=app_paths
    )

    # Back to the step the outage interrupted, once the network answers again.
    back = next(s for s in statuses[waiting:] if s != statuses[waiting])
    assert statuses[waiting - 1] == back == state.value
    assert len(proxy.outages) == 1


async def test_an_outage_during_the_listing_of_parts_on_resume_is_waited_out(
    outage_proxy: tuple[OutageProxy, S3Server], app_paths: AppPaths, tmp_path: Path
) -> None:
    proxy, through_proxy = outage_proxy
    bucket = through_proxy.new_bucket()
    source = make_file(tmp_path / "data.bin", 3 * PART)
    journals = JournalStore.default(app_paths)
    await stop_after_the_first_part(through_proxy.door(), source, bucket, "data.bin", journals)
    sink = TransferRecordingSink()

    proxy.outage(SHORT_OUTAGE)  # the resume's first call is ListParts
    result = await upload_file(
        through_proxy.door(), source, bucket, "data.bin", sink=sink, journals=journals
    )

    assert result.verified and result.resumed_parts >= 1
    assert UploadState.WAITING_FOR_NETWORK.value in _statuses(sink)


class _AnswerLost:
    """CompleteMultipartUpload reaches S3, which completes the upload, but its answer is
    lost; the next ``more`` tries find nothing answering, as the link stays down."""

    def __init__(self, more: int) -> None:
        self.more = more
        self.sent = 0

    def __call__(self, request: Any, **_: Any) -> None:
        self.sent += 1
        if self.sent == 1:
            URLLib3Session().send(request)  # S3 completes it; nobody hears the answer
        if self.sent <= 1 + self.more:
            raise EndpointConnectionError(endpoint_url=request.url)


@pytest.mark.parametrize("more", [0, 4], ids=["botocore-retries", "engine-retries"])
async def test_a_completion_whose_answer_was_lost_is_verified_from_the_object(
    s3_server: S3Server, s3_bucket: str, app_paths: AppPaths, tmp_path: Path, more: int
) -> None:
    source = make_file(tmp_path / "data.bin", 2 * PART + 1)
    door = s3_server.door()
    lost = _AnswerLost(more)
    door.client("s3").meta.events.register("before-send.s3.CompleteMultipartUpload", lost)
    journals = JournalStore.default(app_paths)

    result = await upload_file(
        door,
        source,
        s3_bucket,
        "data.bin",
        UploadOptions(part_size=PART, threshold=PART),
        journals=journals,
        clock=FakeClock(),
    )

    assert lost.sent == more + 2  # the retry that found NoSuchUpload
    assert result.verified and result.verified_by.endswith("full-object")
    assert downloaded(s3_server.client(), s3_bucket, "data.bin") == source.read_bytes()
    assert journals.all() == []


class _CancelWhenWaiting(TransferRecordingSink):
    """Presses Cancel (keep the parts) once the upload says it waits for the network."""

    def __init__(self, control: UploadControl) -> None:
        super().__init__()
        self.control = control

    def __call__(self, event: Event | TransferEvent, /) -> None:
        super().__call__(event)
        if isinstance(event, StatusChanged) and event.status == "waiting for the network":
            self.control.cancel(abort=False)


@pytest.mark.parametrize(
    ("operation", "said"),
    [
        ("CreateMultipartUpload", "before it began"),
        ("CompleteMultipartUpload", "run it again to resume"),
    ],
)
async def test_cancel_while_a_call_waits_for_the_network_stops_at_once(
    sandbox_s3_server: S3Server, app_paths: AppPaths, tmp_path: Path, operation: str, said: str
) -> None:
    bucket = sandbox_s3_server.new_bucket()
    source = make_file(tmp_path / "data.bin", 2 * PART)
    door = _answered_door(sandbox_s3_server)
    hook = _NetworkDownThen(10**6)
    _client_for(door, operation).meta.events.register(f"before-send.s3.{operation}", hook)
    control = UploadControl()
    sink = _CancelWhenWaiting(control)
    journals = JournalStore.default(app_paths)
    clock = FakeClock()

    with pytest.raises(OperationCancelled, match=said):
        await upload_file(
            door,
            source,
            bucket,
            "data.bin",
            UploadOptions(part_size=PART, threshold=PART),
            sink=sink,
            journals=journals,
            control=control,
            clock=clock,
        )

    assert clock.now() < 60
    assert _statuses(sink)[-1] == UploadState.CANCELLED.value
    assert len(journals.all()) == (operation == "CompleteMultipartUpload")
