"""The tour drives every wizard through the real window and documents each page, on a
machine without a keyring (the Sandbox keeps its passwords in memory; the tour uses the
app's own store, so it sees what the app does)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from gui.tours import tour_flows
from tests.fixtures.aws_cli import parses_all
from tests.fixtures.keyring import NO_KEYRING_ENV

SHOT_NAME = re.compile(r"^(?P<flow>[a-z0-9-]+)-(?P<nn>\d{2})-(?P<page>[a-z0-9-]+)\.png$")


@pytest.fixture(scope="module")
def toured(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """One run of ``migration-assistant tour`` for the tests below, without a keyring: its
    folder and summary."""
    out = tmp_path_factory.mktemp("tour")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **NO_KEYRING_ENV}
    done = subprocess.run(
        [sys.executable, "-m", "gui", "tour", "--out", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return out, json.loads((out / "tour.json").read_text(encoding="utf-8"))


def test_the_tour_visits_every_flow_and_saves_every_page(
    toured: tuple[Path, dict[str, Any]],
) -> None:
    out, summary = toured
    assert summary["finished"] is True
    flows = {flow["flow"]: flow for flow in summary["flows"]}
    assert set(flows) == {flow.key for flow in tour_flows()}
    assert {"home", "prerequisites", "resources"} <= set(flows)
    shots = sorted(path.name for path in out.glob("*.png"))
    expected = [
        f"{flow['flow']}-{number:02d}-{page}.png"
        for flow in summary["flows"]
        for number, page in enumerate(flow["pages"], start=1)
    ]
    assert shots == sorted(expected)
    assert all(SHOT_NAME.match(name) for name in shots)
    assert all(flow["finished"] and flow["pages"] for flow in flows.values())


def test_every_command_the_tour_shows_parses_in_the_real_aws_cli(
    toured: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    _, summary = toured
    distinct = sorted({cli for flow in summary["flows"] for cli in flow.get("commands", [])})
    assert len(distinct) > 50, "the tour made too few AWS calls to check"

    refused = parses_all(distinct, tmp_path)
    assert refused == [], "\n\n".join(refused)
