"""Patience: every S3 call of an upload waits out a network outage, up to ``retry_for``.

Nothing answering (refused, reset, timed out) is waited out with backoff, at most 10 s
between tries, while the state says "waiting for the network"; a passing service error
(500, 503, SlowDown) gets a few more tries; anything else (AccessDenied, NoSuchBucket, bad
credentials, NoSuchUpload) stops at once. botocore's own retries share a small quota per
client and give up within a second of an outage (facts/fault-injection.md), so the engine
waits above them. Pause holds a waiting call; Cancel ends the wait at once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from core.aws import AwsCall, AwsDoor, Clock
from core.errors import EndpointUnreachable, MigrationAssistantError, OperationCancelled
from core.transfer.control import backoff_seconds, is_network_failure, is_transient
from core.transfer.events import UploadState
from core.transfer.upload_status import UploadStatus

__all__ = ["NETWORK_CAP", "Patience", "Stopped"]

R = TypeVar("R")

NETWORK_CAP = 10.0  # seconds between tries while nothing answers: each try is small
SERVICE_CAP = 30.0
_WAIT_SLICE = 0.5


class Stopped(OperationCancelled):
    """Cancel was pressed while a call waited for the network; the run turns it into its
    own cancel (journal kept, or the upload aborted)."""

    def __init__(self) -> None:
        super().__init__("Stopped while waiting for the network.")


class Tries:
    """The tries of one call (or one part): which try this is, and since when nothing
    has answered."""

    def __init__(self, patience: Patience) -> None:
        self.patience = patience
        self.attempt = 1
        self.outage: float | None = None  # when nothing began to answer

    def failed(self, error: MigrationAssistantError) -> float | None:
        """Seconds to wait before the next try, or None when waiting cannot help: a
        refusal, a service error that kept coming back, an outage longer than the user's
        ``retry_for``, or an endpoint that never answered (a wrong address is a setup
        problem, already retried by botocore). While nothing answers, the state says so."""
        patience = self.patience
        network = is_network_failure(error)
        if isinstance(error, EndpointUnreachable) and not patience.reached:
            return None
        if network:
            self.outage = self.outage if self.outage is not None else patience.clock.now()
            if patience.clock.now() - self.outage >= patience.status.retry_for:
                return None
        elif not is_transient(error) or self.attempt >= patience.attempts:
            return None
        seconds = backoff_seconds(self.attempt, cap=NETWORK_CAP if network else SERVICE_CAP)
        if network:
            patience.status.network(seconds)
        self.attempt += 1
        return seconds

    def answered(self) -> None:
        self.patience.reached = True
        if self.outage is not None:
            self.patience.status.network(None)


@dataclass
class Patience:
    """How one upload run retries: its door, clock, status (state, pause, cancel, the
    ``retry_for`` the user set) and the tries a passing service error gets."""

    door: AwsDoor
    clock: Clock
    status: UploadStatus
    attempts: int
    # Whether the endpoint has answered: this run, an earlier one (its journal), or the
    # window (the bucket list). Until then "could not connect" is not waited out.
    reached: bool = False

    @property
    def stopping(self) -> bool:
        return self.status.control.stop.is_set()

    def tries(self) -> Tries:
        return Tries(self)

    async def wait(self, seconds: float) -> None:
        # In slices, so Cancel (which sets stop) ends a long wait at once.
        end = self.clock.now() + seconds
        while not self.stopping and (left := end - self.clock.now()) > 0:
            await self.clock.sleep(min(left, _WAIT_SLICE))

    async def _hold_while_paused(self) -> None:
        control = self.status.control
        if not control.paused:
            return
        waiting = self.status.state
        self.status.set(UploadState.PAUSED)
        await control.wait_until_running()
        if waiting is not None and not control.cancel_requested:
            self.status.set(waiting)

    async def run(self, call: AwsCall[R]) -> R:
        """Make ``call`` until it is answered. Raises our error when waiting cannot help,
        or Stopped after Cancel."""
        return await self.keep_trying(lambda _: self.door.run(call))

    async def keep_trying(self, attempt: Callable[[int], Awaitable[R]]) -> R:
        """``attempt(number)`` (1 the first time) until it is answered: the same waits as
        one call's, for work of several calls (a sync's file). A cancel it raises itself
        goes through as it is."""
        tries = self.tries()
        number = 1
        while True:
            try:
                answer = await attempt(number)
            except MigrationAssistantError as error:
                if isinstance(error, OperationCancelled):
                    raise
                if self.stopping:
                    raise Stopped() from error
                delay = tries.failed(error)
                if delay is None:
                    raise
                number += 1
                await self.wait(delay)
                await self._hold_while_paused()
                if self.stopping:
                    raise Stopped() from error
            else:
                tries.answered()
                return answer
