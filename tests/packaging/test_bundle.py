"""Smoke tests of the frozen app in dist/migration-assistant/ (packaging/setup.sh test builds
it before pytest, only when its sources changed): the window, the Sandbox, an upload."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest

from core.aws import AwsDoor, Connection
from core.paths import HOME_ENV
from core.settings import ConnectionMode
from core.transfer.journal import JournalStore
from core.transfer.worker import upload_in_worker
from tests.core.transfer.helpers import make_file

ROOT = Path(__file__).resolve().parents[2]
EXECUTABLE = ROOT / "dist" / "migration-assistant" / "migration-assistant"
DESKTOP_FILE = ROOT / "packaging" / "linux" / "migration-assistant.desktop"
METAINFO = DESKTOP_FILE.with_name("io.github.migration_assistant.MigrationAssistant.metainfo.xml")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Any keys do for the Sandbox; given as for a real endpoint, the way a script would.
SANDBOX_KEYS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@pytest.fixture(scope="module")
def executable() -> Path:
    if not EXECUTABLE.is_file():
        pytest.fail(
            f"No bundle at {EXECUTABLE.relative_to(ROOT)}: build it with "
            "`bash packaging/setup.sh bundle` (packaging/setup.sh test does it before pytest)."
        )
    return EXECUTABLE


def _environment(home: Path) -> dict[str, str]:
    # No PYTHONPATH: the bundle must not borrow this checkout's sources.
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return {**environment, HOME_ENV: str(home), "QT_QPA_PLATFORM": "offscreen"}


@pytest.fixture(scope="module")
def frozen_sandbox(executable: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`migration-assistant sandbox --pace 0` from the bundle; its endpoint URL."""
    home = tmp_path_factory.mktemp("sandbox-home")
    process = subprocess.Popen(
        [str(executable), "sandbox", "--pace", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_environment(home),
    )
    try:
        assert process.stdout is not None
        endpoint = process.stdout.readline().strip()  # the first line, flushed at once
        assert endpoint.startswith("http://127.0.0.1:"), process.stderr and process.stderr.read()
        yield endpoint
    finally:
        process.send_signal(signal.SIGTERM)
        _, errors = process.communicate(timeout=30)
    assert process.returncode == 0, errors
    # moto answers 500 with a traceback when frozen without its data or `.urls` modules.
    assert "Traceback" not in errors, errors


def _session() -> boto3.Session:
    return boto3.Session(
        aws_access_key_id=SANDBOX_KEYS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=SANDBOX_KEYS["AWS_SECRET_ACCESS_KEY"],
        region_name=SANDBOX_KEYS["AWS_DEFAULT_REGION"],
    )


def test_screenshot_writes_a_png_of_the_window(executable: Path, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    result = subprocess.run(
        [str(executable), "--screenshot", str(shot)],
        capture_output=True,
        text=True,
        timeout=120,
        env=_environment(tmp_path / "home"),
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert shot.read_bytes().startswith(PNG_SIGNATURE)


def test_the_frozen_sandbox_serves_s3_and_sts(frozen_sandbox: str) -> None:
    session = _session()
    identity = session.client("sts", endpoint_url=frozen_sandbox).get_caller_identity()
    assert identity["Account"].isdigit()
    s3 = session.client("s3", endpoint_url=frozen_sandbox)
    s3.create_bucket(Bucket="smoke")
    assert "smoke" in [bucket["Name"] for bucket in s3.list_buckets()["Buckets"]]


def test_upload_against_the_frozen_sandbox_verifies(
    executable: Path, frozen_sandbox: str, tmp_path: Path
) -> None:
    session = _session()
    session.client("s3", endpoint_url=frozen_sandbox).create_bucket(Bucket="books")
    source = make_file(tmp_path / "dump.sql", 9 * 1024 * 1024 + 7)
    result = subprocess.run(
        [
            str(executable),
            "upload",
            str(source),
            "s3://books/dump.sql",
            "--endpoint-url",
            frozen_sandbox,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**_environment(tmp_path / "home"), **SANDBOX_KEYS},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert '"verified": true' in result.stdout.lower(), result.stdout
    head = session.client("s3", endpoint_url=frozen_sandbox).head_object(
        Bucket="books", Key="dump.sql"
    )
    assert head["ContentLength"] == source.stat().st_size


def test_every_command_is_found_frozen(executable: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(executable), "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        env=_environment(tmp_path / "home"),
        check=True,
    )
    commands = sorted(
        path.stem
        for path in (ROOT / "gui" / "commands").glob("*.py")
        if path.stem not in {"common", "__init__"} and not path.stem.startswith("_")
    )
    for name in commands:
        assert f"    {name.replace('_', '-')} " in result.stdout, (name, result.stdout)


def test_help_finds_the_readme_where_the_frozen_menus_look(executable: Path) -> None:
    # gui/menus.py reads README.md two folders above its module: _internal/ when frozen.
    bundled = executable.parent / "_internal" / "README.md"
    assert bundled.read_text(encoding="utf-8") == (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_desktop_file_validates() -> None:
    validator = shutil.which("desktop-file-validate")
    assert validator, "desktop-file-validate is missing: apt-get install desktop-file-utils"
    result = subprocess.run(
        [validator, str(DESKTOP_FILE)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_the_appstream_metainfo_validates() -> None:
    validator = shutil.which("appstreamcli")
    assert validator, "appstreamcli is missing: apt-get install appstream"
    result = subprocess.run(
        [validator, "validate", "--no-net", "--explain", str(METAINFO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_bundle_adds_itself_to_the_application_menu(executable: Path, tmp_path: Path) -> None:
    data_home = tmp_path / "share"

    def run(*argv: str) -> None:
        subprocess.run(
            [str(executable), "desktop-entry", "--data-home", str(data_home), *argv],
            capture_output=True,
            text=True,
            timeout=60,
            env=_environment(tmp_path / "home"),
            check=True,
        )

    run()
    entry = data_home / "applications" / "migration-assistant.desktop"
    assert f"Exec={executable}\n" in entry.read_text(encoding="utf-8")
    validated = subprocess.run(
        ["desktop-file-validate", str(entry)], capture_output=True, text=True, check=False
    )
    assert validated.returncode == 0 and not validated.stdout.strip(), validated.stdout
    assert (data_home / "icons/hicolor/256x256/apps/migration-assistant.png").is_file()
    assert (data_home / "icons/hicolor/scalable/apps/migration-assistant.svg").is_file()
    run("--remove")
    assert not entry.exists()


async def test_the_window_s_upload_worker_runs_frozen(
    executable: Path, frozen_sandbox: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window uploads in a worker process; frozen, that is the executable itself
    (packaging/entry.py), which has no ``python -c``."""
    _session().client("s3", endpoint_url=frozen_sandbox).create_bucket(Bucket="worker")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(executable))
    monkeypatch.delenv("PYTHONPATH", raising=False)
    door = AwsDoor(
        Connection(mode=ConnectionMode.SANDBOX, region="us-east-1", endpoint_url=frozen_sandbox)
    )
    source = make_file(tmp_path / "disk.img", 9 * 1024 * 1024 + 3)
    result = await upload_in_worker(
        door,
        source,
        "worker",
        "disk.img",
        sink=lambda event: None,
        journals=JournalStore(tmp_path / "journals"),
    )
    assert result.verified
