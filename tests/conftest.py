"""Test session set-up shared by every test package.

Fixture modules per area live in tests/fixtures/ and are registered here.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Qt must never try to open a display in tests; set before anything imports PySide6.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The Sandbox and moto must never reach real AWS, even if the machine has credentials.
for _name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
    os.environ.pop(_name, None)

from core.paths import HOME_ENV, AppPaths  # noqa: E402

pytest_plugins = [
    "tests.fixtures.sandbox",
    "tests.fixtures.mariadb",
    "tests.fixtures.s3servers",
    "tests.fixtures.keyring",
    "tests.fixtures.outage_proxy",
    "tests.fixtures.fake_sso",
    "tests.fixtures.recording_proxy",
    "tests.fixtures.silent_servers",
    "tests.fixtures.fake_sts",
]


@pytest.fixture
def app_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppPaths]:
    """A private config/data/log home for one test; nothing touches the user's real files."""
    monkeypatch.setenv(HOME_ENV, str(tmp_path / "home"))
    yield AppPaths.default().ensure()
