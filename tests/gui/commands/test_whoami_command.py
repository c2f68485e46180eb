"""``migration-assistant whoami``: one JSON line per connection kind, and the sign-in rule
every headless command shares for SSO profiles."""

from __future__ import annotations

import json

import pytest

from core.aws import SANDBOX_ACCOUNT_ID
from core.sandbox.server import SandboxServer
from gui.__main__ import build_parser
from tests.fixtures.fake_sso import SsoHome, sign_in_now

NOT_SIGNED_IN = (
    "The AWS profile 'sso-dev' uses single sign-on and is not signed in. Sign in from the app "
    "(Connect in the connection bar) or with aws sso login --profile sso-dev, then try again."
)


def _run(*argv: str) -> int:
    args = build_parser().parse_args(list(argv))
    code: int = args.run(args)
    return code


def _identity(capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    identity: dict[str, str] = json.loads(lines[0])
    return identity


def test_the_sandbox_answers_as_the_sandbox(
    sandbox: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run("whoami", "--endpoint-url", sandbox.endpoint_url) == 0

    identity = _identity(capsys)
    assert identity["account"] == SANDBOX_ACCOUNT_ID
    assert identity["arn"].startswith(f"arn:aws:sts::{SANDBOX_ACCOUNT_ID}:")
    assert (identity["region"], identity["profile"], identity["credentials"]) == (
        "us-east-1",
        "",
        "sandbox",
    )


def test_a_signed_in_sso_profile_answers_with_its_region_and_kind(
    sso_home: SsoHome, sandbox: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    sign_in_now(sso_home)

    code = _run("whoami", "--profile", "sso-dev", "--endpoint-url", sandbox.endpoint_url)

    assert code == 0, capsys.readouterr().err
    identity = _identity(capsys)
    assert identity["account"] == SANDBOX_ACCOUNT_ID
    assert (identity["region"], identity["profile"], identity["credentials"]) == (
        "eu-west-1",
        "sso-dev",
        "sso",
    )
    assert sso_home.service.calls[-1] == "GetRoleCredentials"


def test_a_profile_with_keys_in_the_credentials_file_is_static_keys(
    sso_home: SsoHome, sandbox: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    (sso_home.home / ".aws" / "credentials").write_text(
        "[keys-only]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
        "aws_secret_access_key = not-a-real-secret\n",
        encoding="utf-8",
    )

    assert _run("whoami", "--profile", "keys-only", "--endpoint-url", sandbox.endpoint_url) == 0

    assert _identity(capsys)["credentials"] == "static-keys"


@pytest.mark.parametrize(
    "command",
    [["whoami"], ["uploads", "list", "s3://books"], ["resources", "list"]],
    ids=["whoami", "uploads", "resources"],
)
def test_every_command_asks_an_sso_profile_without_a_token_to_sign_in(
    sso_home: SsoHome, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    assert _run(*command, "--profile", "sso-dev") == 1

    output = capsys.readouterr()
    assert output.out == ""
    assert output.err.strip().splitlines()[-1] == NOT_SIGNED_IN
    assert sso_home.service.calls == []
