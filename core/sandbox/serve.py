"""``migration-assistant sandbox``: run the Sandbox alone until interrupted.

The endpoint URL is the first line of stdout (flushed at once) so a script can read it and
point the AWS CLI or boto3 at it; everything else goes to stderr.
"""

from __future__ import annotations

import signal
import sys
import threading
from types import FrameType
from typing import TextIO

from core.sandbox.server import SandboxServer

__all__ = ["serve"]

_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def serve(pace: float, stdout: TextIO) -> int:
    """Serve the Sandbox at ``pace`` seconds a stage until SIGINT or SIGTERM; returns 0.

    Must run in the main thread (it installs the signal handlers, and restores the old ones
    when it returns).
    """
    stopping = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    # Handlers go in before the URL is printed: a caller may signal as soon as it reads it.
    previous = {sig: signal.signal(sig, request_stop) for sig in _STOP_SIGNALS}
    server = SandboxServer(pace=pace)
    try:
        stdout.write(server.start() + "\n")
        stdout.flush()
        print(
            f"Sandbox running, {pace:g} s a lifecycle stage. Stop it with Ctrl+C.",
            file=sys.stderr,
            flush=True,
        )
        # A short timeout keeps the main thread returning to Python so signals are handled.
        while not stopping.wait(0.2):
            pass
        print("Stopping the Sandbox.", file=sys.stderr, flush=True)
    finally:
        server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0
