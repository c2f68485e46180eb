"""The request body of one part: a window on the file, read while it is sent.

botocore reads the body twice over plain HTTP (once in 1 MiB chunks to sign it, once in
16 KiB blocks to send it) and rewinds it with ``seek(0)`` before a retry. ``FileSlice`` counts
only the sending reads (small blocks), applies the bandwidth limit to them, and takes the
bytes of an attempt back when it is rewound, so progress can go down on a retry.
"""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Callable
from pathlib import Path

__all__ = ["BandwidthLimiter", "FileSlice", "SendCounter", "TransferStopped"]

# Reads at most this big are the HTTP layer sending (urllib3 uses 16 KiB blocks); bigger
# reads are botocore hashing the body to sign it (1 MiB) and must not count as sent.
SEND_READ_MAX = 256 * 1024


class TransferStopped(Exception):
    """Raised inside a body read when the upload is cancelled, to end the request at once."""


class SendCounter:
    """Bytes sent across all threads: ``sent`` never goes down (retries included); ``net``
    is what S3 holds or is receiving, and goes down when an attempt is rewound."""

    def __init__(self, already_confirmed: int = 0) -> None:
        self._lock = threading.Lock()
        self.sent = 0
        self.net = already_confirmed

    def add(self, count: int) -> None:
        with self._lock:
            self.sent += count
            self.net += count

    def take_back(self, count: int) -> None:
        with self._lock:
            self.net -= count


class BandwidthLimiter:
    """A shared pace for all parts: ``bytes_per_second`` on average, bursts of up to
    ``burst_seconds``. Waiting is cut short when ``stop`` is set."""

    def __init__(self, bytes_per_second: int, burst_seconds: float = 0.25) -> None:
        self.rate = float(bytes_per_second)
        self.burst = burst_seconds
        self._lock = threading.Lock()
        self._next_free = time.monotonic()

    def acquire(self, count: int, stop: threading.Event) -> None:
        with self._lock:
            now = time.monotonic()
            start = max(self._next_free, now - self.burst)
            self._next_free = start + count / self.rate
            delay = self._next_free - now - self.burst
        if delay > 0:
            stop.wait(delay)


class FileSlice(io.RawIOBase):
    """``length`` bytes of ``path`` from ``offset``, as a seekable stream positioned 0..length.

    Call ``close()`` when the request is done (or use it as a context manager).
    """

    def __init__(
        self,
        path: Path,
        offset: int,
        length: int,
        *,
        counter: SendCounter,
        stop: threading.Event,
        limiter: BandwidthLimiter | None = None,
        on_body_sent: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self._file = path.open("rb", buffering=0)
        self._offset = offset
        self._length = length
        self._position = 0
        self._sent_this_attempt = 0
        self._counter = counter
        self._stop = stop
        self._limiter = limiter
        self._on_body_sent = on_body_sent
        self._file.seek(offset)

    def __len__(self) -> int:
        return self._length

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, position: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._length}[whence]
        target = min(max(0, base + position), self._length)
        if target < self._position and self._sent_this_attempt:
            # A rewind after sending: botocore is about to retry; these bytes go again.
            self._counter.take_back(self._sent_this_attempt)
            self._sent_this_attempt = 0
        self._position = target
        self._file.seek(self._offset + target)
        return target

    def read(self, size: int = -1) -> bytes:
        if self._stop.is_set():
            raise TransferStopped("the upload was stopped")
        remaining = self._length - self._position
        wanted = remaining if size is None or size < 0 else min(size, remaining)
        if wanted <= 0:
            return b""
        sending = size is not None and 0 < size <= SEND_READ_MAX
        if sending and self._limiter is not None:
            self._limiter.acquire(wanted, self._stop)
            if self._stop.is_set():
                raise TransferStopped("the upload was stopped")
        data = self._file.read(wanted) or b""
        if len(data) < wanted:
            raise OSError("the file became shorter while it was being sent")
        self._position += len(data)
        if sending:
            self._sent_this_attempt += len(data)
            self._counter.add(len(data))
            if self._position == self._length and self._on_body_sent is not None:
                self._on_body_sent()
        return data

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def take_back_progress(self) -> None:
        """This attempt failed: what it sent no longer counts towards the upload."""
        if self._sent_this_attempt:
            self._counter.take_back(self._sent_this_attempt)
            self._sent_this_attempt = 0

    def close(self) -> None:
        self._file.close()
        super().close()
