"""``serve``: the headless Sandbox prints its URL first, serves, and stops cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import boto3
import pytest

REPO = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("stop_with", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_prints_the_url_first_then_serves_until_signalled(stop_with: signal.Signals) -> None:
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from core.sandbox.serve import serve; sys.exit(serve(0.0, sys.stdout))",
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        rds = boto3.client(
            "rds",
            endpoint_url=url,
            region_name="us-east-1",
            aws_access_key_id="sandbox",
            aws_secret_access_key="sandbox",
        )
        assert rds.describe_db_instances()["DBInstances"] == []
        process.send_signal(stop_with)
        _, errors = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, errors
    assert "Traceback" not in errors
