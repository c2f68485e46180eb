"""How long data takes over the network, and what to do when that is more than a week.

Sizes are decimal as link speeds are (``70TB`` is 70e12 bytes, ``1Gbps`` 1e9 bits a second),
so the source's example works out as it says: 70 TB over 1 Gbps at 70% is
70e12 * 8 / (1e9 * 0.7) s = 9.26 days, "more than a week" (facts/aws.md: ship the data then).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from core.errors import ValidationError, all_problems
from core.transfer.planner import parse_rate, parse_size

__all__ = [
    "ALTERNATIVES",
    "CHART_SPEEDS",
    "WEEK_DAYS",
    "Alternative",
    "ChartPoint",
    "TransferEstimate",
    "TransferInputs",
    "days_by_link_speed",
    "describe_transfer",
    "estimate_transfer",
    "format_bandwidth",
    "parse_bandwidth",
    "parse_percent",
    "transfer_problems",
]

WEEK_DAYS = 7.0
SECONDS_PER_HOUR = 3600.0
# The speeds the chart shows, bits a second: a small office line up to a dedicated link.
CHART_SPEEDS = (100e6, 500e6, 1e9, 10e9, 100e9)

_BITS = {"bps": 1, "kbps": 1e3, "mbps": 1e6, "gbps": 1e9, "tbps": 1e12}
_BIT_RATE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?bps|[kmgt]?bit/s)\s*$", re.IGNORECASE)
_PERCENT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%?\s*$")
_RATE_FIX = "Write a link speed such as 1Gbps, 500Mbps or 100MB/s (bytes a second)."


@dataclass(frozen=True)
class Alternative:
    """A way to move the data other than the existing link, with its trade-offs."""

    name: str
    what: str
    trade_offs: str


# Facts/aws.md: Snowball Edge is no longer offered to new customers, so it is not an answer.
ALTERNATIVES = (
    Alternative(
        "AWS DataSync",
        "An agent near the data copies it over the network, in parallel, verified, and can "
        "keep syncing changes until the cut-over.",
        "Uses the same link: faster than a single copy, but it cannot beat the link's speed.",
    ),
    Alternative(
        "AWS Data Transfer Terminal",
        "Carry your own storage devices to an AWS facility and upload them there over a "
        "high-speed connection.",
        "Needs a trip to a terminal city and devices to carry; data changed after the copy "
        "must follow over the network.",
    ),
    Alternative(
        "A partner's device",
        "An AWS partner ships a storage device, you copy the data onto it locally and they "
        "load it into S3.",
        "Days of shipping and a contract with the partner; data in transit is on a device you "
        "must encrypt.",
    ),
    Alternative(
        "A faster or dedicated link (AWS Direct Connect)",
        "A private line from your site to AWS at 1, 10 or 100 Gbps.",
        "Weeks to order and a monthly cost; worth it when moves or traffic to AWS continue.",
    ),
)


@dataclass(frozen=True)
class TransferInputs:
    """What the user typed: ``size`` as ``70TB`` or ``500GiB``; ``bandwidth`` as ``1Gbps``
    or ``100MB/s``; ``utilization`` a percentage of the link the transfer may use;
    ``measured_rate`` bytes a second this computer reached in recent uploads (or None)."""

    size: str
    bandwidth: str
    utilization: float = 70.0
    hours_per_day: float = 24.0
    measured_rate: float | None = None


@dataclass(frozen=True)
class ChartPoint:
    bits_per_second: float
    label: str
    days: float


@dataclass(frozen=True)
class TransferEstimate:
    """The time over the network: ``seconds`` of the link in use, ``days`` on the calendar
    (``hours_per_day`` of use a day); ``alternatives`` only when it is over a week."""

    size_bytes: int
    bits_per_second: float
    utilization: float
    hours_per_day: float
    seconds: float
    days: float
    over_a_week: bool
    recommendation: str
    alternatives: tuple[Alternative, ...]
    measured_days: float | None
    chart: tuple[ChartPoint, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "size_bytes": self.size_bytes,
            "bits_per_second": self.bits_per_second,
            "utilization_percent": self.utilization,
            "hours_per_day": self.hours_per_day,
            "seconds": round(self.seconds, 1),
            "days": round(self.days, 2),
            "over_a_week": self.over_a_week,
            "recommendation": self.recommendation,
            "alternatives": [
                {"name": item.name, "what": item.what, "trade_offs": item.trade_offs}
                for item in self.alternatives
            ],
            "measured_days": None if self.measured_days is None else round(self.measured_days, 2),
            "chart": [
                {"bits_per_second": point.bits_per_second, "label": point.label, "days": point.days}
                for point in self.chart
            ],
        }


def parse_bandwidth(text: str, field: str = "bandwidth") -> float:
    """Bits a second in ``text``: ``1Gbps`` -> 1e9; ``500Mbps`` -> 5e8; ``100MB/s`` (bytes,
    as the upload command's RATE) -> 8e8."""
    match = _BIT_RATE.match(text)
    if match is not None:
        unit = match.group(2).lower().replace("bit/s", "bps")
        bits = float(Decimal(match.group(1))) * _BITS[unit]
    else:
        try:
            bits = parse_rate(text, field) * 8.0
        except ValidationError as error:
            raise ValidationError(field, f"'{text}' is not a link speed.", _RATE_FIX) from error
    if bits <= 0:
        raise ValidationError(field, "The link speed must be above zero.", _RATE_FIX)
    return bits


def parse_percent(text: str, field: str = "utilization") -> float:
    """``70`` or ``70%`` -> 70.0 (checked by ``transfer_problems``, not here)."""
    match = _PERCENT.match(text)
    if match is None:
        raise ValidationError(field, f"'{text}' is not a percentage.", "Write a number such as 70.")
    return float(match.group(1))


def _size(inputs: TransferInputs) -> int:
    if not inputs.size.strip():
        raise ValidationError(
            "size", "Enter how much data there is.", "For example 70TB or 500GiB."
        )
    try:
        size = parse_size(inputs.size, "size")
    except ValidationError as error:
        raise ValidationError(
            "size", f"'{inputs.size}' is not a size.", "Write it as 70TB, 500GiB or 2.5TiB."
        ) from error
    if size <= 0:
        raise ValidationError("size", "The size must be above zero.", "For example 70TB.")
    return size


def _above_zero_up_to(value: float, top: float, field: str, message: str, fix: str) -> float:
    if not 0 < value <= top:
        raise ValidationError(field, message, fix)
    return value


def _utilization(inputs: TransferInputs) -> float:
    percent = _above_zero_up_to(
        inputs.utilization,
        100,
        "utilization",
        f"{inputs.utilization:g}% is not a share of the link.",
        "Enter a percentage above 0 and at most 100, e.g. 70.",
    )
    return percent / 100


def _hours(inputs: TransferInputs) -> float:
    return _above_zero_up_to(
        inputs.hours_per_day,
        24,
        "hours_per_day",
        f"{inputs.hours_per_day:g} is not a number of hours in a day.",
        "Enter more than 0 and at most 24 (24 when the link may be used all day).",
    )


def _measured(inputs: TransferInputs) -> float | None:
    if inputs.measured_rate is not None and inputs.measured_rate <= 0:
        raise ValidationError(
            "measured_rate", "The measured speed must be above zero.", "Leave it out instead."
        )
    return inputs.measured_rate


def transfer_problems(inputs: TransferInputs) -> dict[str, str]:
    """Field -> plain message for each bad input; empty when ``estimate_transfer`` may run."""
    return all_problems(
        lambda: _size(inputs),
        lambda: parse_bandwidth(inputs.bandwidth),
        lambda: _utilization(inputs),
        lambda: _hours(inputs),
        lambda: _measured(inputs),
    )


def _calendar_days(size_bytes: int, bytes_per_second: float, hours_per_day: float) -> float:
    return size_bytes / bytes_per_second / (hours_per_day * SECONDS_PER_HOUR)


def format_bandwidth(bits_per_second: float) -> str:
    """``1e9`` -> ``'1 Gbps'``; ``5e8`` -> ``'500 Mbps'``."""
    for unit, scale in (("Tbps", 1e12), ("Gbps", 1e9), ("Mbps", 1e6), ("kbps", 1e3)):
        if bits_per_second >= scale:
            return f"{bits_per_second / scale:g} {unit}"
    return f"{bits_per_second:g} bps"


def days_by_link_speed(
    size_bytes: int,
    utilization: float,
    hours_per_day: float,
    speeds: tuple[float, ...] = CHART_SPEEDS,
) -> tuple[ChartPoint, ...]:
    """The chart's data: calendar days for ``size_bytes`` at each link speed (bits a second),
    ``utilization`` a fraction."""
    return tuple(
        ChartPoint(
            speed,
            format_bandwidth(speed),
            round(_calendar_days(size_bytes, speed / 8 * utilization, hours_per_day), 2),
        )
        for speed in speeds
    )


def _recommendation(days: float, hours_per_day: float) -> str:
    when = f"{days:.1f} days" if days >= 1 else f"{days * 24:.1f} hours"
    if days > WEEK_DAYS:
        return (
            f"About {when} over the network: more than a week. Consider moving the data "
            "another way (below), or a faster link."
        )
    day_note = "" if hours_per_day >= 24 else f" using the link {hours_per_day:g} hours a day"
    return f"About {when} over the network{day_note}: within a week, so send it over the network."


def estimate_transfer(inputs: TransferInputs) -> TransferEstimate:
    """The estimate; raises ValidationError on the first bad input (see
    ``transfer_problems`` for all of them)."""
    size = _size(inputs)
    bits = parse_bandwidth(inputs.bandwidth)
    share = _utilization(inputs)
    hours = _hours(inputs)
    measured = _measured(inputs)
    seconds = size * 8 / (bits * share)
    days = seconds / (hours * SECONDS_PER_HOUR)
    over = days > WEEK_DAYS
    return TransferEstimate(
        size_bytes=size,
        bits_per_second=bits,
        utilization=inputs.utilization,
        hours_per_day=hours,
        seconds=seconds,
        days=days,
        over_a_week=over,
        recommendation=_recommendation(days, hours),
        alternatives=ALTERNATIVES if over else (),
        measured_days=None if measured is None else _calendar_days(size, measured, hours),
        chart=days_by_link_speed(size, share, hours),
    )


def _decimal_size(size_bytes: int) -> str:
    for unit, scale in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6)):
        if size_bytes >= scale:
            return f"{size_bytes / scale:.3g} {unit}"
    return f"{size_bytes} bytes"


def describe_transfer(estimate: TransferEstimate) -> str:
    """The estimate in words, as the command prints it and the wizard shows it: the numbers,
    the recommendation, then each alternative with its trade-off."""
    hours_a_day = "" if estimate.hours_per_day >= 24 else f", {estimate.hours_per_day:g} h a day"
    lines = [
        f"{_decimal_size(estimate.size_bytes)} over {format_bandwidth(estimate.bits_per_second)}"
        f" at {estimate.utilization:g}%{hours_a_day}: {estimate.days:.1f} days "
        f"({estimate.seconds / 3600:.1f} hours of transfer).",
        estimate.recommendation,
    ]
    if estimate.measured_days is not None:
        lines.append(
            f"At the speed this computer's recent uploads to AWS reached: "
            f"{estimate.measured_days:.1f} days."
        )
    lines += [
        f"- {item.name}: {item.what} Trade-off: {item.trade_offs}" for item in estimate.alternatives
    ]
    return "\n".join(lines)
