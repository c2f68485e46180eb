"""How fast this computer's recent uploads to AWS went, for the transfer planner.

Each finished upload adds its bytes sent and wall time, pauses included, to a small file
beside the upload journals; the planner takes the median of the last ones that went over the
network (not to the Sandbox or another endpoint on this computer) and were big enough to
fill the link.
"""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from core.fileio import atomic_write_json, locked, read_json
from core.transfer.planner import MIB

__all__ = ["MIN_MEASURED_BYTES", "MeasuredUpload", "ThroughputLog"]

# Smaller uploads end before the parts in flight reach the link's speed.
MIN_MEASURED_BYTES = 64 * MIB
KEPT = 20
FILE_NAME = "throughput.json"


@dataclass(frozen=True)
class MeasuredUpload:
    bytes_sent: int
    seconds: float
    local: bool  # to an endpoint on this computer: says nothing of the link
    finished_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat())

    @property
    def rate(self) -> float:
        return self.bytes_sent / self.seconds


class ThroughputLog:
    """The last ``KEPT`` measured uploads in ``path`` (JSON)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def beside(cls, journals_root: Path) -> ThroughputLog:
        return cls(journals_root / FILE_NAME)

    def samples(self) -> list[MeasuredUpload]:
        raw = read_json(self.path, {"uploads": []})
        try:
            return [MeasuredUpload(**item) for item in raw.get("uploads", [])]
        except TypeError:
            # A damaged file only costs the estimate; the next upload writes it anew.
            return []

    def add(self, bytes_sent: int, seconds: float, *, local: bool) -> None:
        """Keep an upload that was big enough to tell the link's speed."""
        if bytes_sent < MIN_MEASURED_BYTES or seconds <= 0:
            return
        with locked(self.path):
            kept = [*self.samples(), MeasuredUpload(bytes_sent, seconds, local)][-KEPT:]
            atomic_write_json(self.path, {"uploads": [asdict(item) for item in kept]})

    def recent_rate(self) -> float | None:
        """Bytes a second: the median of the kept uploads over the network, or None when
        there are none."""
        rates = [item.rate for item in self.samples() if not item.local]
        return statistics.median(rates) if rates else None
