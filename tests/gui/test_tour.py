"""The tour drives every wizard through the real window and documents each page."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from gui.tours import tour_flows

SHOT_NAME = re.compile(r"^(?P<flow>[a-z0-9-]+)-(?P<nn>\d{2})-(?P<page>[a-z0-9-]+)\.png$")


def test_the_tour_visits_every_flow_and_saves_every_page(tmp_path: Path) -> None:
    out = tmp_path / "tour"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "gui", "tour", "--out", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    summary = json.loads((out / "tour.json").read_text(encoding="utf-8"))
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
