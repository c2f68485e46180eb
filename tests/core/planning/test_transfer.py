"""The transfer planner's arithmetic: the source's example, units, use of the link, bad input."""

from __future__ import annotations

import pytest

from core.errors import ValidationError
from core.planning.transfer import (
    ALTERNATIVES,
    TransferInputs,
    days_by_link_speed,
    estimate_transfer,
    parse_bandwidth,
    parse_percent,
    transfer_problems,
)


def test_the_source_example_is_about_nine_point_three_days_and_over_a_week() -> None:
    estimate = estimate_transfer(TransferInputs("70TB", "1Gbps", utilization=70))

    assert estimate.seconds == pytest.approx(70e12 * 8 / (1e9 * 0.7))
    assert estimate.days == pytest.approx(9.26, abs=0.01)
    assert estimate.over_a_week
    assert "more than a week" in estimate.recommendation
    assert "9.3 days" in estimate.recommendation
    assert estimate.alternatives == ALTERNATIVES


def test_the_alternatives_name_todays_ways_and_not_snowball() -> None:
    names = [alternative.name for alternative in ALTERNATIVES]

    assert names[0] == "AWS DataSync"
    assert "AWS Data Transfer Terminal" in names
    assert any("partner" in name for name in names)
    assert any("Direct Connect" in name for name in names)
    assert not any("Snowball" in name for name in names)
    assert all(alternative.trade_offs for alternative in ALTERNATIVES)


def test_within_a_week_recommends_the_network_and_offers_no_alternatives() -> None:
    estimate = estimate_transfer(TransferInputs("1TB", "1Gbps", utilization=100))

    assert estimate.seconds == pytest.approx(8000)
    assert not estimate.over_a_week
    assert estimate.alternatives == ()
    assert "send it over the network" in estimate.recommendation
    assert "2.2 hours" in estimate.recommendation


@pytest.mark.parametrize(
    ("size", "expected_bytes"),
    [
        ("70TB", 70 * 1000**4),
        ("2TiB", 2 * 1024**4),
        ("500GB", 500 * 1000**3),
        ("500GiB", 500 * 1024**3),
        ("1.5 tb", 1_500 * 1000**3),
        ("10MB", 10_000_000),
    ],
)
def test_sizes_take_the_upload_commands_suffixes_and_tb(size: str, expected_bytes: int) -> None:
    assert estimate_transfer(TransferInputs(size, "1Gbps")).size_bytes == expected_bytes


@pytest.mark.parametrize(
    ("rate", "bits"),
    [
        ("1Gbps", 1e9),
        ("500Mbps", 5e8),
        ("100 mbps", 1e8),
        ("10Gbit/s", 1e10),
        ("100MB/s", 8e8),
        ("100MiB/s", 100 * 1024**2 * 8),
    ],
)
def test_rates_are_bits_with_bps_and_bytes_with_b_per_second(rate: str, bits: float) -> None:
    assert parse_bandwidth(rate) == pytest.approx(bits)


def test_utilization_and_hours_a_day_stretch_the_calendar() -> None:
    full = estimate_transfer(TransferInputs("10TB", "1Gbps", utilization=100))
    half = estimate_transfer(TransferInputs("10TB", "1Gbps", utilization=50))
    nights = estimate_transfer(TransferInputs("10TB", "1Gbps", utilization=100, hours_per_day=8))

    assert half.seconds == pytest.approx(2 * full.seconds)
    assert nights.seconds == pytest.approx(full.seconds)  # the link works as hard ...
    assert nights.days == pytest.approx(3 * full.days)  # ... a third of each day
    assert "8 hours a day" in nights.recommendation


def test_measured_throughput_gives_its_own_days() -> None:
    estimate = estimate_transfer(TransferInputs("8.64TB", "1Gbps", measured_rate=50e6))

    assert estimate.measured_days == pytest.approx(2.0)


def test_the_chart_has_days_falling_with_link_speed_and_marks_the_example() -> None:
    chart = days_by_link_speed(70 * 1000**4, 0.7, 24)

    days = [point.days for point in chart]
    assert days == sorted(days, reverse=True)
    assert [point.label for point in chart] == [
        "100 Mbps",
        "500 Mbps",
        "1 Gbps",
        "10 Gbps",
        "100 Gbps",
    ]
    assert chart[2].days == pytest.approx(9.26, abs=0.01)


def test_bad_input_is_refused_field_by_field_in_plain_words() -> None:
    problems = transfer_problems(
        TransferInputs("lots", "fast", utilization=0, hours_per_day=25, measured_rate=-1)
    )

    assert problems == {
        "size": "'lots' is not a size. Write it as 70TB, 500GiB or 2.5TiB.",
        "bandwidth": "'fast' is not a link speed. Write a link speed such as 1Gbps, 500Mbps or "
        "100MB/s (bytes a second).",
        "utilization": "0% is not a share of the link. Enter a percentage above 0 and at most "
        "100, e.g. 70.",
        "hours_per_day": "25 is not a number of hours in a day. Enter more than 0 and at most 24 "
        "(24 when the link may be used all day).",
        "measured_rate": "The measured speed must be above zero. Leave it out instead.",
    }
    with pytest.raises(ValidationError) as refused:
        estimate_transfer(TransferInputs("", "1Gbps"))
    assert refused.value.field == "size"
    assert "Enter how much data there is." in refused.value.plain()


def test_zero_sizes_and_speeds_are_refused() -> None:
    assert set(transfer_problems(TransferInputs("0TB", "0Gbps"))) == {"size", "bandwidth"}


@pytest.mark.parametrize(("text", "percent"), [("70", 70.0), ("70%", 70.0), (" 12.5 % ", 12.5)])
def test_percentages_take_an_optional_sign(text: str, percent: float) -> None:
    assert parse_percent(text) == percent


def test_a_word_is_not_a_percentage() -> None:
    with pytest.raises(ValidationError, match="'most' is not a percentage"):
        parse_percent("most")
