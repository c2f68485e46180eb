"""The shared duration format: minutes and seconds, hours only when there are any."""

from __future__ import annotations

import pytest

from gui.widgets.labels import duration


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(None, "…"), (0, "0:00"), (65.9, "1:05"), (3599, "59:59"), (3723, "1:02:03")],
)
def test_a_duration_reads_as_a_clock(seconds: float | None, shown: str) -> None:
    assert duration(seconds) == shown
