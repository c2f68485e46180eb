"""The streamed part body: counts only sending reads, takes bytes back on a rewind."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from core.transfer.body import BandwidthLimiter, FileSlice, SendCounter, TransferStopped


def _slice(
    tmp_path: Path, counter: SendCounter, stop: threading.Event, **extra: object
) -> FileSlice:
    source = tmp_path / "data.bin"
    source.write_bytes(bytes(range(256)) * 4096)  # 1 MiB
    return FileSlice(source, 1000, 300_000, counter=counter, stop=stop, **extra)  # type: ignore[arg-type]


def test_reads_its_window_and_counts_only_sending_reads(tmp_path: Path) -> None:
    counter = SendCounter()
    sent: list[bool] = []
    with _slice(
        tmp_path, counter, threading.Event(), on_body_sent=lambda: sent.append(True)
    ) as body:
        assert len(body) == 300_000
        signed = body.read(1024 * 1024)  # botocore hashing the body to sign it
        assert len(signed) == 300_000 and counter.sent == 0
        assert signed[:3] == bytes([1000 % 256, 1001 % 256, 1002 % 256])
        body.seek(0)
        streamed = b"".join(iter(lambda: body.read(16 * 1024), b""))
    assert streamed == signed
    assert (counter.sent, counter.net, sent) == (300_000, 300_000, [True])


def test_a_rewind_after_sending_takes_the_bytes_back(tmp_path: Path) -> None:
    counter = SendCounter(already_confirmed=5)
    with _slice(tmp_path, counter, threading.Event()) as body:
        body.read(16 * 1024)
        body.read(16 * 1024)
        body.seek(0)  # botocore retrying the request
        assert (counter.sent, counter.net) == (32 * 1024, 5)
        body.read(16 * 1024)
        body.take_back_progress()
    assert (counter.sent, counter.net) == (48 * 1024, 5)


def test_stop_ends_a_read_at_once(tmp_path: Path) -> None:
    stop = threading.Event()
    with _slice(tmp_path, SendCounter(), stop) as body:
        stop.set()
        with pytest.raises(TransferStopped):
            body.read(16 * 1024)


def test_the_bandwidth_limit_paces_sending(tmp_path: Path) -> None:
    limiter = BandwidthLimiter(1_000_000, burst_seconds=0.0)
    started = time.monotonic()
    with _slice(tmp_path, SendCounter(), threading.Event(), limiter=limiter) as body:
        while body.read(16 * 1024):
            pass
    # 300 kB at 1 MB/s takes about 0.3 s; the bound is loose for a busy machine.
    assert time.monotonic() - started >= 0.25
