"""The part planner and the size/rate parser: S3's limits at their edges."""

from __future__ import annotations

import pytest

from core.errors import ValidationError
from core.transfer.planner import (
    MAX_OBJECT_SIZE,
    MAX_PART_SIZE,
    MAX_PARTS,
    MIB,
    MIN_PART_SIZE,
    automatic_part_size,
    parse_duration,
    parse_rate,
    parse_size,
    plan_upload,
)


def test_an_empty_file_goes_as_one_put() -> None:
    plan = plan_upload(0)
    assert (plan.multipart, plan.part_count, plan.part_size) == (False, 1, 0)
    assert plan.part(1).length == 0


def test_a_one_byte_file_goes_as_one_put() -> None:
    plan = plan_upload(1)
    assert (plan.multipart, plan.part_count, plan.part(1).length) == (False, 1, 1)


@pytest.mark.parametrize("size", [MIN_PART_SIZE - 1, MIN_PART_SIZE, MIN_PART_SIZE + 1])
def test_files_around_five_mib_go_as_one_put_below_the_threshold(size: int) -> None:
    plan = plan_upload(size)
    assert not plan.multipart
    assert plan.part(1).length == size


@pytest.mark.parametrize("size", [MIN_PART_SIZE, MIN_PART_SIZE + 1, 3 * MIN_PART_SIZE - 1])
def test_a_low_threshold_cuts_five_mib_parts_with_a_smaller_last_part(size: int) -> None:
    plan = plan_upload(size, part_size=MIN_PART_SIZE, threshold=MIN_PART_SIZE)
    assert plan.multipart
    assert plan.part_size == MIN_PART_SIZE
    assert sum(part.length for part in plan.parts()) == size
    assert plan.parts()[-1].offset + plan.parts()[-1].length == size
    assert all(part.length == MIN_PART_SIZE for part in plan.parts()[:-1])


def test_refuses_a_part_size_one_byte_under_five_mib() -> None:
    with pytest.raises(ValidationError) as caught:
        plan_upload(100 * MIB, part_size=MIN_PART_SIZE - 1)
    assert caught.value.field == "part_size"
    assert "5 MiB to 5 GiB" in caught.value.message


def test_accepts_exactly_five_mib_and_five_gib_parts() -> None:
    assert plan_upload(100 * MIB, part_size=MIN_PART_SIZE).part_count == 20
    assert plan_upload(6 * 1024 * MIB, part_size=MAX_PART_SIZE).part_count == 2


def test_refuses_a_part_size_one_byte_over_five_gib() -> None:
    with pytest.raises(ValidationError, match="outside S3's limits"):
        plan_upload(100 * MIB, part_size=MAX_PART_SIZE + 1)


def test_automatic_size_is_eight_mib_up_to_exactly_ten_thousand_parts() -> None:
    size = 8 * MIB * MAX_PARTS
    plan = plan_upload(size)
    assert (plan.part_size, plan.part_count) == (8 * MIB, MAX_PARTS)
    assert "8.0 MiB" in plan.reason


def test_automatic_size_grows_by_whole_mib_one_byte_past_ten_thousand_parts() -> None:
    plan = plan_upload(8 * MIB * MAX_PARTS + 1)
    assert plan.part_size == 9 * MIB
    assert plan.part_count <= MAX_PARTS
    assert "10,000 parts" in plan.reason


def test_a_chosen_size_giving_exactly_ten_thousand_parts_is_accepted() -> None:
    assert plan_upload(MIN_PART_SIZE * MAX_PARTS, part_size=MIN_PART_SIZE).part_count == MAX_PARTS


def test_a_chosen_size_giving_ten_thousand_and_one_parts_is_refused_with_the_fix() -> None:
    with pytest.raises(ValidationError) as caught:
        plan_upload(MIN_PART_SIZE * MAX_PARTS + 1, part_size=MIN_PART_SIZE)
    assert "10,001 parts" in caught.value.message
    assert "at least 8.0 MiB" in caught.value.fix


def test_the_largest_object_is_planned_with_five_gib_parts() -> None:
    plan = plan_upload(MAX_OBJECT_SIZE)
    assert (plan.part_size, plan.part_count) == (MAX_PART_SIZE, MAX_PARTS)
    assert automatic_part_size(MAX_OBJECT_SIZE) == MAX_PART_SIZE


def test_refuses_a_file_one_byte_over_the_maximum_object_size() -> None:
    with pytest.raises(ValidationError) as caught:
        plan_upload(MAX_OBJECT_SIZE + 1)
    assert caught.value.field == "file"
    assert "largest object" in caught.value.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10MB", 10_000_000),
        ("10mb", 10_000_000),
        ("10 MiB", 10 * MIB),
        ("5MiB", MIN_PART_SIZE),
        ("1KB", 1000),
        ("1KiB", 1024),
        ("2GB", 2_000_000_000),
        ("1GiB", 1024**3),
        ("1.5MiB", 3 * MIB // 2),
        ("4096", 4096),
        ("7B", 7),
    ],
)
def test_parses_sizes_with_decimal_and_binary_suffixes(text: str, expected: int) -> None:
    assert parse_size(text) == expected


@pytest.mark.parametrize("text", ["", "ten", "5 XB", "-5MB", "5 MiB extra"])
def test_refuses_sizes_it_cannot_read(text: str) -> None:
    with pytest.raises(ValidationError, match="is not a size"):
        parse_size(text)


def test_parses_rates_with_or_without_per_second() -> None:
    assert parse_rate("10MB/s") == 10_000_000
    assert parse_rate("2MiB") == 2 * MIB
    with pytest.raises(ValidationError, match="above zero"):
        parse_rate("0")


@pytest.mark.parametrize(
    ("text", "seconds"), [("90s", 90.0), ("15m", 900.0), ("1.5h", 5400.0), ("30", 30.0)]
)
def test_parses_how_long_to_wait_out_an_outage(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


def test_refuses_a_duration_it_cannot_read() -> None:
    with pytest.raises(ValidationError, match="'a while' is not a duration"):
        parse_duration("a while")
