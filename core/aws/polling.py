"""Waiting on AWS: poll a describe call with backoff until a status is reached.

Time comes from an injected ``Clock`` so tests run at full speed with a fake one
(``tests.fixtures.clock.FakeClock``).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Collection, Mapping
from typing import Protocol, TypeVar

from core.errors import AwsError, NotFound, TimedOut
from core.events import EventSink, StatusChanged, discard

__all__ = ["Clock", "RealClock", "poll_until"]

T = TypeVar("T")


class Clock(Protocol):
    def now(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...


class RealClock:
    def now(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


async def poll_until(
    describe: Callable[[], Awaitable[T]],
    status_of: Callable[[T], str],
    *,
    done: Collection[str],
    subject: str,
    failed: Collection[str] = (),
    meanings: Mapping[str, str] | None = None,
    sink: EventSink = discard,
    clock: Clock | None = None,
    give_up_after: float = 3600.0,
    first_delay: float = 1.0,
    max_delay: float = 30.0,
    factor: float = 1.5,
    missing_is: str | None = None,
) -> T:
    """Call ``describe`` until ``status_of`` its result is in ``done``; return that result.

    Emits StatusChanged each time the status differs from the last one seen. A status in
    ``failed`` raises AwsError; running past ``give_up_after`` seconds raises TimedOut.
    With ``missing_is``, a NotFound from ``describe`` counts as that status (e.g. 'deleted').
    """
    clock = clock or RealClock()
    meanings = meanings or {}
    deadline = clock.now() + give_up_after
    delay = first_delay
    last: str | None = None
    while True:
        try:
            result: T | None = await describe()
            status = status_of(result)  # type: ignore[arg-type]
        except NotFound:
            if missing_is is None:
                raise
            result, status = None, missing_is
        if status != last:
            sink(StatusChanged(subject, status, last, meanings.get(status, "")))
            last = status
        if status in done:
            return result  # type: ignore[return-value]
        if status in failed:
            raise AwsError(
                f"{subject} stopped in status '{status}'.",
                meanings.get(status) or "Open it in the AWS console to see why.",
                code=status,
            )
        if clock.now() + delay > deadline:
            raise TimedOut(
                f"{subject} did not reach '{'/'.join(done)}' in {give_up_after:.0f} s "
                f"(last status: {status})."
            )
        await clock.sleep(delay)
        delay = min(max_delay, delay * factor)
