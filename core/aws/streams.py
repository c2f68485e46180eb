"""Reading a streamed answer (an object's body) outside the door's call.

The call has returned by the time the body is read, so a connection that drops mid-body
surfaces as botocore's or urllib3's own exception at ``read()``. Mapped here, it becomes
our network failure, which the sync waits out and retries like any other outage.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from core.aws.error_mapping import map_aws_error

__all__ = ["Readable", "body_chunks"]


class Readable(Protocol):
    def read(self, amt: int | None = ..., /) -> bytes: ...


def body_chunks(body: Readable, size: int, *, operation: str) -> Iterator[bytes]:
    """``body`` in chunks of at most ``size`` bytes until it ends."""
    try:
        while chunk := body.read(size):
            yield chunk
    except Exception as error:  # ResponseStreamingError, ProtocolError, a reset
        raise map_aws_error(error, operation) from error
