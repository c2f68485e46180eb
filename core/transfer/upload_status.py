"""Where one upload run is, as its sink hears it: the state (pauses and network waits
included) and the bytes sent, with rate and ETA."""

from __future__ import annotations

import asyncio
import collections
import time
from collections.abc import Mapping

from core.events import Progress, StatusChanged
from core.transfer.body import SendCounter
from core.transfer.control import UploadControl
from core.transfer.events import TransferSink, UploadState

__all__ = ["PROGRESS_STEP", "UploadStatus"]

PROGRESS_STEP = "upload"  # Progress in bytes (unit "B"), with rate and ETA
_BUSY = (UploadState.RUNNING, UploadState.WAITING_FOR_NETWORK)
# The states whose call (or parts) can find the network down.
_WAITS_FROM = (
    UploadState.PREPARING,
    UploadState.RUNNING,
    UploadState.COMPLETING,
    UploadState.VERIFYING,
)


class UploadStatus:
    """Attributes:
    state: the run's state (None before it starts).
    in_flight: parts being sent now (a pause is complete when none are).
    """

    def __init__(
        self,
        sink: TransferSink,
        control: UploadControl,
        retry_for: float,
        interval: float,
        *,
        subject: str = "upload",
        meanings: Mapping[UploadState, str] | None = None,
    ) -> None:
        self.sink, self.control, self.retry_for, self.interval = sink, control, retry_for, interval
        self.subject = subject  # a folder sync uses the same states for its files
        self._meanings = meanings or {}
        self.state: UploadState | None = None
        self._interrupted = UploadState.RUNNING  # what a network wait returns to
        self.in_flight = 0

    def set(self, state: UploadState) -> None:
        if state is not self.state:
            previous = self.state
            self.state = state
            self.sink(
                StatusChanged(
                    self.subject, state.value, previous and previous.value, self.meaning(state)
                )
            )

    def begin(self, state: UploadState) -> None:
        """The state a run starts in, not announced (a sync's page shows its files; a
        change from it, such as a wait for the network, is)."""
        self.state = state

    def meaning(self, state: UploadState) -> str:
        return self._meanings.get(state, state.meaning)

    def network(self, retry_in: float | None) -> None:
        """A call found nothing answering (``retry_in`` seconds to its next try), or got
        through again (None): "waiting for the network" meanwhile, then back to the state
        the wait interrupted (sending parts, completing, verifying ...)."""
        if retry_in is None:
            if self.state is UploadState.WAITING_FOR_NETWORK:
                self.set(self._interrupted)
            return
        if self.state not in _WAITS_FROM and self.state is not UploadState.WAITING_FOR_NETWORK:
            return  # pausing or cancelling: that state says more
        if self.state is not UploadState.WAITING_FOR_NETWORK:
            self._interrupted = self.state or UploadState.RUNNING
        previous, self.state = self.state, UploadState.WAITING_FOR_NETWORK
        meaning = (
            f"{self.meaning(UploadState.WAITING_FOR_NETWORK)} Retrying in {retry_in:.0f} s; "
            f"it keeps trying for up to {self.retry_for / 60:.0f} min."
        )
        self.sink(
            StatusChanged(self.subject, self.state.value, previous and previous.value, meaning)
        )

    def refresh_pause(self) -> None:
        if self.control.paused and self.state in _BUSY:
            self.set(UploadState.PAUSING)
        if self.control.paused and self.in_flight == 0:
            self.set(UploadState.PAUSED)
        if not self.control.paused and self.state in (UploadState.PAUSING, UploadState.PAUSED):
            self.set(UploadState.RUNNING)

    def progress(self, counter: SendCounter, total: int, rate: float | None) -> None:
        done = counter.net
        eta = (total - done) / rate if rate else None
        self.sink(Progress(PROGRESS_STEP, done, total, "B", rate, eta))

    async def tick(self, counter: SendCounter, total: int) -> None:
        """Progress every ``interval``, with the rate over the last 5 seconds."""
        samples: collections.deque[tuple[float, int]] = collections.deque()
        while True:
            now = time.monotonic()
            samples.append((now, counter.sent))
            while now - samples[0][0] > 5.0:
                samples.popleft()
            elapsed = now - samples[0][0]
            rate = (counter.sent - samples[0][1]) / elapsed if elapsed > 0 else None
            self.progress(counter, total, rate)
            self.refresh_pause()
            await asyncio.sleep(self.interval)
