from __future__ import annotations

import pytest

from core.aws import STS, AwsDoor, CallRecord, CallState, Connection
from core.aws.connection import CallKind
from core.errors import EndpointUnreachable
from core.network import DEFAULT_CONNECT_TIMEOUT
from core.settings import ConnectionMode
from tests.fixtures.silent_servers import impatient_door


def test_with_the_defaults_a_call_nothing_answers_gives_up_within_about_30_s() -> None:
    connection = Connection(ConnectionMode.PROFILE, "us-east-1")
    # Measured against a listener that accepts and never answers: 27.2 s (3 x 9 s); one
    # whose backlog is full (connections time out): 15.3 s; a closed port: 0.3 s.
    per_attempt = max(connection.read_timeout, DEFAULT_CONNECT_TIMEOUT)
    assert connection.attempts() * per_attempt <= 30


async def test_a_call_nothing_answers_says_it_waits_at_each_attempt_then_fails_plainly(
    black_hole: str,
) -> None:
    door = impatient_door(black_hole)
    seen: list[CallRecord] = []
    door.add_listener(seen.append)

    with pytest.raises(EndpointUnreachable) as caught:
        await door.call(STS.get_caller_identity)

    assert [record.waiting for record in seen if record.waiting] == [
        "Still waiting for AWS (sts get-caller-identity), attempt 1 of 2…",
        "Still waiting for AWS (sts get-caller-identity), attempt 2 of 2…",
    ]
    assert caught.value.message == (
        "AWS did not answer 'sts get-caller-identity' within 1 s, tried 2 times."
    )
    assert "Edit > Settings…" in caught.value.fix
    assert "--proxy" in caught.value.fix
    # The end is the last word: no late "still waiting" after it.
    assert seen[-1].state is CallState.FAILED
    assert door.records[-1].state is CallState.FAILED
    assert not door.records[-1].waiting


def test_s3_calls_that_move_data_wait_longer_than_quick_calls() -> None:
    door = AwsDoor(Connection(ConnectionMode.SANDBOX, "us-east-1"))
    part = door.client("s3")._client_config  # what the upload engine streams parts with
    quick = door.client("s3", CallKind.of("s3", "list_buckets"))._client_config
    assert CallKind.of("s3", "upload_part") is CallKind.TRANSFER
    assert (part.read_timeout, part.connect_timeout) == (60, 20)
    assert part.retries["total_max_attempts"] == 6
    assert (quick.read_timeout, quick.connect_timeout) == (9, DEFAULT_CONNECT_TIMEOUT)
    assert quick.retries["total_max_attempts"] == 3
