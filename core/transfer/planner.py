"""How a file is cut into parts: a pure function of its size and S3's limits.

Also the size and rate parser used by the command line and the wizard: ``KB/MB/GB/TB`` are
powers of 1000 and ``KiB/MiB/GiB/TiB`` powers of 1024, so ``10MB`` is 10,000,000 bytes.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from core.errors import ValidationError

__all__ = [
    "AUTO_MIN_PART_SIZE",
    "DEFAULT_THRESHOLD",
    "MAX_OBJECT_SIZE",
    "MAX_PARTS",
    "MAX_PART_SIZE",
    "MAX_SINGLE_PUT",
    "MIB",
    "MIN_PART_SIZE",
    "PartRange",
    "UploadPlan",
    "format_size",
    "parse_duration",
    "parse_rate",
    "parse_size",
    "plan_upload",
]

KIB = 1024
MIB = 1024 * KIB
GIB = 1024 * MIB

# S3's limits (facts/aws.md): parts of 5 MiB to 5 GiB, the last may be smaller; at most
# 10,000 parts; a single PUT at most 5 GiB; an object at most 48.8 TiB (= 5 GiB x 10,000).
MIN_PART_SIZE = 5 * MIB
MAX_PART_SIZE = 5 * GIB
MAX_PARTS = 10_000
MAX_SINGLE_PUT = 5 * GIB
MAX_OBJECT_SIZE = MAX_PART_SIZE * MAX_PARTS
# Below this a file goes as one PUT (s3transfer's default too); also the smallest automatic
# part size: fewer, larger parts cost fewer requests, and 8 MiB parts keep retries cheap.
DEFAULT_THRESHOLD = 8 * MIB
AUTO_MIN_PART_SIZE = 8 * MIB

_UNITS = {
    "": 1,
    "b": 1,
    "k": 1000,
    "kb": 1000,
    "m": 1000**2,
    "mb": 1000**2,
    "g": 1000**3,
    "gb": 1000**3,
    "t": 1000**4,
    "tb": 1000**4,
    "kib": 1024,
    "mib": 1024**2,
    "gib": 1024**3,
    "tib": 1024**4,
}
_QUANTITY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$", re.IGNORECASE)


def _parse_quantity(text: str, field: str, what: str, example: str) -> int:
    match = _QUANTITY.match(text)
    unit = match.group(2).lower() if match else ""
    if match is None or unit not in _UNITS:
        raise ValidationError(
            field,
            f"'{text}' is not a {what}.",
            f"Write a number with an optional unit, for example {example} "
            "(KB, MB, GB are powers of 1000; KiB, MiB, GiB powers of 1024).",
        )
    try:
        value = Decimal(match.group(1)) * _UNITS[unit]
    except InvalidOperation as error:  # pragma: no cover - the pattern admits only numbers
        raise ValidationError(field, f"'{text}' is not a {what}.") from error
    return int(value.to_integral_value(rounding="ROUND_HALF_UP"))


def parse_size(text: str, field: str = "part_size") -> int:
    """Bytes in ``text``: ``8MiB`` -> 8,388,608; ``10MB`` -> 10,000,000; ``512`` -> 512."""
    return _parse_quantity(text, field, "size", "16MiB or 10MB")


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|hr)?\s*$", re.IGNORECASE)
_SECONDS = {"": 1, "s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hr": 3600}


def parse_duration(text: str, field: str = "retry_for") -> float:
    """Seconds in ``text``: ``90s`` -> 90; ``15m`` -> 900; ``1.5h`` -> 5400; ``30`` -> 30."""
    match = _DURATION.match(text)
    if match is None:
        raise ValidationError(
            field,
            f"'{text}' is not a duration.",
            "Write a number with s, m or h, for example 90s, 15m or 2h.",
        )
    return float(match.group(1)) * _SECONDS[(match.group(2) or "").lower()]


def parse_rate(text: str, field: str = "max_bandwidth") -> int:
    """Bytes per second in ``text`` (``/s`` optional): ``10MB/s`` -> 10,000,000."""
    stripped = text.strip()
    if stripped.lower().endswith("/s"):
        stripped = stripped[:-2]
    rate = _parse_quantity(stripped, field, "rate", "10MB/s or 2MiB")
    if rate <= 0:
        raise ValidationError(field, "The bandwidth limit must be above zero.")
    return rate


def format_size(size: float) -> str:
    """``format_size(5 * 1024**2)`` -> ``'5.0 MiB'``; for messages and progress lines."""
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if abs(value) < 1024 or unit == "TiB":
            return f"{int(value)} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class PartRange:
    number: int  # 1-based, as S3 numbers parts
    offset: int
    length: int


@dataclass(frozen=True)
class UploadPlan:
    """How one file is sent. ``reason`` explains the part size in words for the wizard."""

    size: int
    multipart: bool
    part_size: int
    part_count: int
    reason: str

    def part(self, number: int) -> PartRange:
        if not 1 <= number <= self.part_count:
            raise IndexError(f"part {number} is outside 1..{self.part_count}")
        offset = (number - 1) * self.part_size
        return PartRange(number, offset, min(self.part_size, self.size - offset))

    def parts(self) -> list[PartRange]:
        return [self.part(number) for number in range(1, self.part_count + 1)]


def automatic_part_size(size: int) -> int:
    """The smallest size of at least 8 MiB, in whole MiB, that keeps ``size`` within 10,000
    parts."""
    needed = math.ceil(size / MAX_PARTS)
    return max(AUTO_MIN_PART_SIZE, math.ceil(needed / MIB) * MIB)


def validate_part_size(part_size: int) -> None:
    if not MIN_PART_SIZE <= part_size <= MAX_PART_SIZE:
        raise ValidationError(
            "part_size",
            f"A part size of {format_size(part_size)} ({part_size:,} bytes) is outside S3's "
            "limits of 5 MiB to 5 GiB.",
            "Choose a part size between 5MiB and 5GiB, or leave it empty for the automatic size.",
        )


def plan_upload(
    size: int, part_size: int | None = None, threshold: int = DEFAULT_THRESHOLD
) -> UploadPlan:
    """The plan for a file of ``size`` bytes.

    ``part_size`` None chooses it automatically. Files below ``threshold`` (and never above
    5 GiB) go as one PUT. Raises ValidationError for a part size outside 5 MiB..5 GiB, for more
    than 10,000 parts, and for files over S3's maximum object size.
    """
    if size < 0:
        raise ValueError("size must not be negative")
    if size > MAX_OBJECT_SIZE:
        raise ValidationError(
            "file",
            f"The file is {format_size(size)} ({size:,} bytes), more than the largest object "
            f"S3 can store ({format_size(MAX_OBJECT_SIZE)}).",
            "Split the file (for example with split or 7-Zip) and upload the pieces.",
        )
    if part_size is not None:
        validate_part_size(part_size)
    if size < min(threshold, MAX_SINGLE_PUT + 1):
        return UploadPlan(
            size,
            multipart=False,
            part_size=size,
            part_count=1,
            reason=f"Files under {format_size(threshold)} go in one request.",
        )
    if part_size is None:
        chosen = automatic_part_size(size)
        if chosen == AUTO_MIN_PART_SIZE:
            reason = f"Automatic: {format_size(chosen)} parts, the smallest size we use."
        else:
            reason = (
                f"Automatic: {format_size(chosen)}, the smallest whole MiB that keeps this file "
                f"within S3's {MAX_PARTS:,} parts."
            )
    else:
        chosen = part_size
        reason = f"Chosen: {format_size(chosen)} parts."
    count = math.ceil(size / chosen)
    if count > MAX_PARTS:
        smallest = automatic_part_size(size)
        raise ValidationError(
            "part_size",
            f"A part size of {format_size(chosen)} cuts this file into {count:,} parts, more "
            f"than S3's limit of {MAX_PARTS:,}.",
            f"Choose a part size of at least {format_size(smallest)}, or leave it empty.",
        )
    return UploadPlan(size, multipart=True, part_size=chosen, part_count=count, reason=reason)
