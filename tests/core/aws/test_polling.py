from __future__ import annotations

import pytest

from core.aws import poll_until
from core.errors import AwsError, NotFound, TimedOut
from core.events import RecordingSink, StatusChanged
from tests.fixtures.clock import FakeClock


class Statuses:
    """A describe call that returns the given statuses one by one, then repeats the last."""

    def __init__(self, *statuses: str) -> None:
        self.statuses = list(statuses)
        self.calls = 0

    async def describe(self) -> dict[str, str]:
        self.calls += 1
        status = self.statuses[min(self.calls, len(self.statuses)) - 1]
        if status == "<missing>":
            raise NotFound("gone")
        return {"Status": status}


async def test_waits_until_done_and_reports_each_change_once() -> None:
    source = Statuses("creating", "creating", "backing-up", "available")
    sink, clock = RecordingSink(), FakeClock()
    result = await poll_until(
        source.describe,
        lambda item: item["Status"],
        done={"available"},
        subject="books-db",
        meanings={"backing-up": "Taking the first backup."},
        sink=sink,
        clock=clock,
    )
    assert result == {"Status": "available"}
    changes = sink.of_type(StatusChanged)
    assert [(c.previous, c.status) for c in changes] == [
        (None, "creating"),
        ("creating", "backing-up"),
        ("backing-up", "available"),
    ]
    assert changes[1].meaning == "Taking the first backup."
    assert source.calls == 4


async def test_backs_off_up_to_the_maximum_delay() -> None:
    source = Statuses(*["creating"] * 8, "available")
    clock = FakeClock()
    await poll_until(
        source.describe,
        lambda item: item["Status"],
        done={"available"},
        subject="x",
        clock=clock,
        first_delay=1,
        factor=2,
        max_delay=5,
    )
    assert clock.sleeps == [1, 2, 4, 5, 5, 5, 5, 5]


async def test_gives_up_after_the_time_limit() -> None:
    source = Statuses("creating")
    with pytest.raises(TimedOut) as caught:
        await poll_until(
            source.describe,
            lambda item: item["Status"],
            done={"available"},
            subject="books-db",
            clock=FakeClock(),
            give_up_after=60,
            first_delay=10,
            factor=1,
        )
    assert "last status: creating" in caught.value.message


async def test_a_failed_status_raises_with_its_meaning() -> None:
    source = Statuses("creating", "failed")
    with pytest.raises(AwsError) as caught:
        await poll_until(
            source.describe,
            lambda item: item["Status"],
            done={"available"},
            subject="books-db",
            failed={"failed"},
            meanings={"failed": "AWS could not create it."},
            clock=FakeClock(),
        )
    assert caught.value.fix == "AWS could not create it."


async def test_a_missing_resource_can_count_as_deleted() -> None:
    source = Statuses("deleting", "<missing>")
    result = await poll_until(
        source.describe,
        lambda item: item["Status"],
        done={"deleted"},
        subject="books-db",
        clock=FakeClock(),
        missing_is="deleted",
    )
    assert result is None
