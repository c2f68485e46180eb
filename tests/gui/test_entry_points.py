"""The executable's entry points, run as a user or a script would run them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from core.aws import RDS, AwsDoor, Connection, aws_call
from core.settings import ConnectionMode

HEADLESS = [
    "sandbox",
    "upload",
    "uploads",
    "preflight",
    "validate",
    "resources",
    "whoami",
    "sync",
    "plan",
]


def app_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["MIGRATION_ASSISTANT_HOME"] = str(tmp_path / "home")
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def test_screenshot_saves_the_main_window_with_the_sandbox_banner(tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    done = subprocess.run(
        [sys.executable, "-m", "gui", "--screenshot", str(shot)],
        env=app_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    image = QImage(str(shot))
    assert image.width() >= 1000 and image.height() >= 600
    # The banner's pale yellow fills the rows under the menu bar.
    top = [image.pixelColor(5, y).name() for y in range(60)]
    assert top[0] != "#fff4ce" and "#fff4ce" in top


def _python(probe: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -c probe``, which must succeed."""
    done = subprocess.run(
        [sys.executable, "-c", probe],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done


@pytest.mark.parametrize("command", HEADLESS)
def test_headless_commands_load_where_qt_cannot(command: str) -> None:
    probe = (
        "import sys; sys.modules['PySide6'] = None; sys.modules['qasync'] = None\n"
        "from gui.__main__ import main\n"
        f"sys.exit(main([{command!r}, '--help']))"
    )
    done = _python(probe)
    assert f"migration-assistant {command}" in done.stdout


def test_the_overview_lists_every_command_where_qt_cannot_load() -> None:
    probe = (
        "import sys; sys.modules['PySide6'] = None; sys.modules['qasync'] = None\n"
        "from gui.__main__ import main\n"
        "sys.exit(main(['--help']))"
    )
    done = _python(probe)
    for command in [*HEADLESS, "tour", "vm-import", "desktop-entry"]:
        assert f"    {command} " in done.stdout, (command, done.stdout)


def test_a_command_imports_only_its_own_module() -> None:
    probe = (
        "import sys\n"
        "from gui.__main__ import build_parser\n"
        "args = build_parser(['--sandbox', 'sync', 'site', 's3://b/p']).parse_args("
        "['--sandbox', 'sync', 'site', 's3://b/p'])\n"
        "assert args.source == 'site' and args.sandbox, args\n"
        "print(sorted(name for name in sys.modules if name.startswith('gui.commands.')))"
    )
    done = _python(probe)
    assert done.stdout.strip() == "['gui.commands.common', 'gui.commands.sync']"


def test_a_command_run_as_the_process_freezes_what_it_loaded_one_called_does_not(
    tmp_path: Path,
) -> None:
    plan = ["plan", "transfer", "--size", "1TB", "--bandwidth", "1Gbps", "--json"]
    probe = (
        "import gc, sys\n"
        "from gui.__main__ import main\n"
        f"sys.argv = ['migration-assistant', *{plan!r}]\n"
        "first = main(); frozen = gc.get_freeze_count(); gc.unfreeze()\n"
        f"second = main({plan!r})\n"
        "print(first, frozen > 0, second, gc.get_freeze_count())"
    )
    done = _python(probe, app_env(tmp_path))
    assert done.stdout.splitlines()[-1] == "0 True 0 0"


def test_sandbox_command_prints_its_url_first_and_statuses_change(tmp_path: Path) -> None:
    with subprocess.Popen(
        [sys.executable, "-m", "gui", "sandbox", "--pace", "2"],
        env=app_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as server:
        try:
            assert server.stdout is not None
            url = server.stdout.readline().strip()
            assert url.startswith("http://127.0.0.1:")
            door = AwsDoor(Connection(ConnectionMode.SANDBOX, "us-east-1", endpoint_url=url))
            door.run_sync(
                aws_call(
                    RDS.create_db_instance,
                    DBInstanceIdentifier="books-db",
                    Engine="mysql",
                    DBInstanceClass="db.t3.micro",
                    AllocatedStorage=20,
                    MasterUsername="admin",
                    MasterUserPassword="Secret-password-1",
                )
            )
            seen: list[str] = []
            while "available" not in seen:
                instance = door.run_sync(aws_call(RDS.describe_db_instances))["DBInstances"][0]
                if not seen or seen[-1] != instance["DBInstanceStatus"]:
                    seen.append(instance["DBInstanceStatus"])
            # Time-paced: a slow machine may miss the first stage, never all of them.
            assert seen[0] in ("creating", "backing-up"), seen
        finally:
            server.send_signal(signal.SIGTERM)
            assert server.wait(timeout=30) == 0
