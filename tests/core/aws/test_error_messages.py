"""What the errors tell a person: real places in the window and the commands' options;
Sandbox advice only in the Sandbox; a failing credential_process in plain words."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from core.aws import STS, AwsDoor, Connection
from core.errors import EndpointUnreachable, InvalidCredentials
from core.settings import ConnectionMode
from tests.core.aws.test_error_mapping import closed_port


async def unreachable(mode: ConnectionMode) -> EndpointUnreachable:
    connection = Connection(
        mode, "us-east-1", endpoint_url=f"http://127.0.0.1:{closed_port()}", max_attempts=1
    )
    with pytest.raises(EndpointUnreachable) as caught:
        await AwsDoor(connection).call(STS.get_caller_identity)
    return caught.value


async def test_an_unreachable_sandbox_says_to_restart_the_app() -> None:
    error = await unreachable(ConnectionMode.SANDBOX)
    assert "restart the app" in error.fix


async def test_an_unreachable_account_names_the_settings_and_the_option_not_a_restart(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    error = await unreachable(ConnectionMode.PROFILE)
    assert "restart" not in error.fix
    assert "Edit > Settings…" in error.fix
    assert "--region" in error.fix


async def test_a_failing_credential_process_gets_a_plain_message(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = tmp_path / "config"
    failing = f"{sys.executable} -c \"import sys; sys.exit('Sign in to the vault first')\""
    config.write_text(f"[profile vault]\ncredential_process = {failing}\n", encoding="utf-8")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    connection = Connection(
        ConnectionMode.PROFILE,
        "us-east-1",
        profile="vault",
        endpoint_url=f"http://127.0.0.1:{closed_port()}",
        max_attempts=1,
    )

    with pytest.raises(InvalidCredentials) as caught:
        await AwsDoor(connection).call(STS.get_caller_identity)

    error = caught.value
    assert error.message == (
        "The command your AWS profile runs to get credentials (its credential_process) failed."
    )
    assert "unexpectedly" not in error.message
    assert "press Connect" in error.fix
    assert "--profile NAME" in error.fix
    assert "Sign in to the vault first" in error.details
