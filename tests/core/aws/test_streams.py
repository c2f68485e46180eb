"""A body that breaks off mid-read becomes our network failure (waited out by the sync)."""

from __future__ import annotations

import pytest
from botocore.exceptions import ResponseStreamingError

from core.aws import body_chunks
from core.errors import EndpointUnreachable


class _Breaks:
    def __init__(self) -> None:
        self.reads = 0

    def read(self, amt: int | None = None, /) -> bytes:
        self.reads += 1
        if self.reads > 2:
            raise ResponseStreamingError(error="Connection broken: reset by peer")
        return b"x" * (amt or 1)


def test_a_connection_lost_mid_body_is_our_network_failure_after_what_arrived() -> None:
    got: list[bytes] = []
    with pytest.raises(EndpointUnreachable) as raised:
        got.extend(body_chunks(_Breaks(), 4, operation="s3api get-object"))

    assert got == [b"xxxx", b"xxxx"]
    assert "s3api get-object" in raised.value.message
