"""Calls still waiting for AWS say so: a note a few seconds into an attempt with no answer,
and at once when botocore tries again; and a plain message when every attempt timed out.

Qt-free: the door publishes the note on the call's record (``CallRecord.waiting``); the
window shows it in its status bar and activity panel, the commands on stderr.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import botocore.exceptions

from core.errors import EndpointUnreachable, MigrationAssistantError

__all__ = ["WAITING_NOTE_AFTER", "AttemptWatch", "explain_network_failure", "waiting_note"]

# Most AWS calls answer within a second or two; after this long the user is told.
WAITING_NOTE_AFTER = 3.0

NETWORK_FIX = (
    "Check the network connection. Behind a proxy, set it in Edit > Settings… (for "
    "commands: --proxy, --ca-bundle); on a slow network raise the connect timeout there "
    "(--connect-timeout)."
)


def waiting_note(operation: str, attempt: int, attempts: int) -> str:
    return f"Still waiting for AWS ({operation}), attempt {attempt} of {attempts}…"


def explain_network_failure(
    error: BaseException, operation: str, attempts: int, connect: float, read: float
) -> MigrationAssistantError | None:
    """Our message for a call whose every attempt timed out (naming how long it waited),
    could not pass the proxy, or met a certificate it does not trust; None for any other
    failure (``map_aws_error`` explains those)."""
    times = "once" if attempts == 1 else f"{attempts} times"
    if isinstance(error, botocore.exceptions.ConnectTimeoutError):
        message = (
            f"Could not connect to AWS for '{operation}': no connection within "
            f"{connect:g} s, tried {times}."
        )
    elif isinstance(error, botocore.exceptions.ReadTimeoutError):
        message = f"AWS did not answer '{operation}' within {read:g} s, tried {times}."
    elif isinstance(error, botocore.exceptions.ProxyConnectionError):
        proxy = error.kwargs.get("proxy_url", "")
        return EndpointUnreachable(
            f"Could not go through the proxy {proxy} for '{operation}': it refused or "
            "did not answer.",
            "Check the proxy's address in Edit > Settings… (for commands: --proxy), or "
            "choose the system settings or no proxy there.",
            details=str(error),
            operation=operation,
        )
    elif isinstance(error, botocore.exceptions.SSLError):
        return EndpointUnreachable(
            f"The connection to AWS for '{operation}' is not trusted: its certificate is "
            "not signed by an authority this computer knows.",
            "Behind a proxy that inspects TLS, choose its CA bundle in Edit > Settings… "
            "(for commands: --ca-bundle); your IT department has the file.",
            details=str(error),
            operation=operation,
        )
    else:
        return None
    return EndpointUnreachable(message, NETWORK_FIX, details=str(error), operation=operation)


class AttemptWatch:
    """Calls ``notify(number, attempt)`` for a call still without an answer ``after``
    seconds into an attempt, and at once for each retry. One thread, only while calls
    wait; ``notify`` runs on it or on the calling thread, never under the watch's lock."""

    def __init__(
        self, notify: Callable[[int, int], None], after: float = WAITING_NOTE_AFTER
    ) -> None:
        self._notify = notify
        self.after = after
        self._due: dict[int, tuple[int, float]] = {}  # call number -> (attempt, when to say)
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None

    def attempt(self, number: int, attempt: int) -> None:
        """Call ``number`` sends its request for the ``attempt``-th time."""
        if attempt > 1:
            # A retry is news in itself: said at once, not again later.
            with self._changed:
                self._due.pop(number, None)
            self._notify(number, attempt)
            return
        with self._changed:
            self._due[number] = (attempt, time.monotonic() + self.after)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._watch, name="aws-attempt-watch", daemon=True
                )
                self._thread.start()
            self._changed.notify()

    def ended(self, number: int) -> None:
        with self._changed:
            self._due.pop(number, None)
            self._changed.notify()

    def _watch(self) -> None:
        while True:
            with self._changed:
                due = self._next_due()
                if due is None:
                    self._thread = None
                    return
                number, attempt, wait = due
                if wait > 0:
                    self._changed.wait(wait)
                    continue
                del self._due[number]
            self._notify(number, attempt)

    def _next_due(self) -> tuple[int, int, float] | None:
        if not self._due:
            return None
        number, (attempt, when) = min(self._due.items(), key=lambda item: item[1][1])
        return number, attempt, when - time.monotonic()
