"""Signing in through IAM Identity Center against the fake SSO service (tests/fixtures/fake_sso.py):
the device flow, the token cache the CLI reads, renewal, and the plain refusals."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import re
import stat
import subprocess
from datetime import UTC, datetime, timedelta

import boto3
import botocore.exceptions
import pytest
from botocore.utils import JSONFileCache, SSOTokenLoader

from core.aws import SANDBOX_ACCOUNT_ID, Connection, map_aws_error
from core.aws.sso import (
    SsoProfile,
    TokenState,
    format_utc,
    read_token,
    sso_profile,
    token_state,
    write_token,
)
from core.aws.sso_login import DeviceCode, SsoLogin, require_signed_in, sign_in_needed
from core.errors import AccessDenied, InvalidCredentials, NoCredentials
from core.sandbox.server import SandboxServer
from core.settings import ConnectionMode
from tests.fixtures.aws_cli import aws_cli
from tests.fixtures.clock import FakeClock
from tests.fixtures.fake_sso import ROLE_NAME, START_URL, SsoHome, point_sts_at

CLI_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def _profile(name: str = "sso-dev") -> SsoProfile:
    profile = sso_profile(name)
    assert profile is not None
    return profile


def _sign_in(profile: SsoProfile, clock: FakeClock) -> tuple[list[DeviceCode], object]:
    codes: list[DeviceCode] = []
    path = asyncio.run(SsoLogin(profile, clock=clock).sign_in(codes.append))
    return codes, path


def _expired_token(profile: SsoProfile, **extra: str) -> None:
    past = datetime.now(UTC) - timedelta(hours=1)
    write_token(
        profile,
        {
            "startUrl": START_URL,
            "region": "eu-west-1",
            "accessToken": "old",
            "expiresAt": format_utc(past),
            **extra,
        },
    )


def test_profiles_read_from_an_sso_session_and_the_legacy_keys(sso_home: SsoHome) -> None:
    session = _profile("sso-dev")
    legacy = _profile("sso-legacy")

    assert (session.session_name, session.start_url, session.sso_region) == (
        "example-org",
        START_URL,
        "eu-west-1",
    )
    assert session.scopes == ("sso:account:access",)
    assert (legacy.session_name, legacy.scopes) == (None, ())
    assert session.describe() == (
        f"Profile sso-dev signs in to account {SANDBOX_ACCOUNT_ID} as role {ROLE_NAME} "
        f"through {START_URL}."
    )
    assert sso_profile("keys-only") is None
    # The cache file names botocore's SSOTokenLoader computes.
    assert session.cache_file() == sso_home.cache_dir / (
        hashlib.sha1(b"example-org").hexdigest() + ".json"
    )
    assert legacy.cache_file() == sso_home.cache_dir / (
        hashlib.sha1(START_URL.encode()).hexdigest() + ".json"
    )


def test_device_login_waits_while_pending_then_caches_the_token_the_cli_reads(
    sso_home: SsoHome,
    sandbox: SandboxServer,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="migration_assistant")
    profile = _profile()
    assert token_state(profile) is TokenState.MISSING
    sso_home.service.approve_after(2)
    clock = FakeClock()

    codes, path = _sign_in(profile, clock)

    assert [code.user_code for code in codes] == ["0001-WXYZ"]
    assert codes[0].verification_uri_complete.endswith("?user_code=0001-WXYZ")
    assert sso_home.service.calls == [
        "RegisterClient",
        "StartDeviceAuthorization",
        "CreateToken:device_code",
        "CreateToken:device_code",
        "CreateToken:device_code",
    ]
    assert clock.sleeps == [5, 5, 5]  # the interval the service asked for
    assert sso_home.service.registered_scopes == [["sso:account:access"]]
    assert path == profile.cache_file()
    assert stat.S_IMODE(profile.cache_file().stat().st_mode) == 0o600
    token = json.loads(profile.cache_file().read_text())
    assert set(token) == {
        "startUrl",
        "region",
        "accessToken",
        "expiresAt",
        "refreshToken",
        "clientId",
        "clientSecret",
        "registrationExpiresAt",
    }
    assert CLI_TIME.match(token["expiresAt"]) and CLI_TIME.match(token["registrationExpiresAt"])
    assert "sso-oidc create-token" in caplog.text
    for secret in ("accessToken", "refreshToken", "clientSecret"):
        assert token[secret] not in caplog.text
    assert token_state(profile) is TokenState.VALID
    # botocore's own loader finds it, and its SSO provider trades it for the role's keys.
    loaded = SSOTokenLoader(JSONFileCache(str(sso_home.cache_dir)))(START_URL, "example-org")
    assert loaded["accessToken"] == token["accessToken"]
    point_sts_at(monkeypatch, sandbox)
    session = boto3.Session(profile_name="sso-dev", region_name="us-east-1")
    assert session.client("sts").get_caller_identity()["Account"] == SANDBOX_ACCOUNT_ID
    credentials = session.get_credentials()
    assert credentials is not None and credentials.method == "sso"
    assert sso_home.service.calls[-1] == "GetRoleCredentials"


def test_a_legacy_profile_signs_in_without_scopes_under_its_start_url(sso_home: SsoHome) -> None:
    legacy = _profile("sso-legacy")
    sso_home.service.approve_after(0)

    _, path = _sign_in(legacy, FakeClock())

    assert path == sso_home.cache_dir / (hashlib.sha1(START_URL.encode()).hexdigest() + ".json")
    assert sso_home.service.registered_scopes == [[]]
    credentials = boto3.Session(profile_name="sso-legacy").get_credentials()
    assert credentials is not None
    assert str(credentials.get_frozen_credentials().access_key).startswith("ASIA")
    assert sso_home.service.calls[-1] == "GetRoleCredentials"


def test_slow_down_makes_the_polls_five_seconds_slower(sso_home: SsoHome) -> None:
    sso_home.service.slow_down(1)
    sso_home.service.approve_after(1)
    clock = FakeClock()

    _sign_in(_profile(), clock)

    assert clock.sleeps == [5, 10, 10]


def test_a_denied_sign_in_says_so_and_how_to_try_again(sso_home: SsoHome) -> None:
    sso_home.service.deny()
    login = SsoLogin(_profile(), clock=FakeClock())

    with pytest.raises(AccessDenied) as raised:
        asyncio.run(login.sign_in(lambda _: sso_home.service.deny()))

    assert raised.value.message == "The sign-in was denied in the browser."
    assert "Sign in again" in raised.value.fix
    assert "aws sso login --profile sso-dev" in raised.value.fix


def test_a_code_that_expired_at_aws_or_by_time_asks_to_sign_in_again(
    sso_home: SsoHome,
) -> None:
    login = SsoLogin(_profile(), clock=FakeClock())
    with pytest.raises(InvalidCredentials) as at_aws:
        asyncio.run(login.sign_in(lambda _: sso_home.service.expire()))

    sso_home.service.codes_last(12)
    with pytest.raises(InvalidCredentials) as by_time:
        asyncio.run(SsoLogin(_profile(), clock=FakeClock()).sign_in(lambda _: None))

    for raised in (at_aws, by_time):
        assert raised.value.message == (
            "The sign-in code expired before it was approved in the browser."
        )
        assert raised.value.fix.startswith("Press Sign in again")


def test_a_second_sign_in_reuses_the_client_registration(sso_home: SsoHome) -> None:
    sso_home.service.approve_after(0)
    _sign_in(_profile(), FakeClock())
    _sign_in(_profile(), FakeClock())

    assert sso_home.service.calls.count("RegisterClient") == 1


def test_a_revoked_client_registration_is_replaced(sso_home: SsoHome) -> None:
    sso_home.service.approve_after(0)
    _sign_in(_profile(), FakeClock())
    sso_home.service.revoke_clients()

    _, path = _sign_in(_profile(), FakeClock())

    assert path == _profile().cache_file()
    assert sso_home.service.calls.count("RegisterClient") == 2
    assert token_state(_profile()) is TokenState.VALID


def test_an_expired_token_is_renewed_silently_with_its_refresh_token(
    sso_home: SsoHome,
) -> None:
    profile = _profile()
    sso_home.service.approve_after(0)
    _sign_in(profile, FakeClock())
    signed_in = read_token(profile)
    assert signed_in is not None
    _expired_token(
        profile,
        **{
            key: signed_in[key]
            for key in ("refreshToken", "clientId", "clientSecret", "registrationExpiresAt")
        },
    )
    assert token_state(profile) is TokenState.REFRESHABLE
    connection = Connection(ConnectionMode.PROFILE, "eu-west-1", profile="sso-dev")

    require_signed_in(connection)

    assert sso_home.service.calls[-1] == "CreateToken:refresh_token"
    renewed = read_token(profile)
    assert renewed is not None and renewed["accessToken"] != "old"
    assert renewed["refreshToken"] != signed_in["refreshToken"]
    assert token_state(profile) is TokenState.VALID


@pytest.mark.parametrize(
    ("token", "problem"),
    [
        (None, "The AWS profile 'sso-dev' uses single sign-on and is not signed in."),
        ({}, "The single sign-on session of the AWS profile 'sso-dev' has expired."),
        (
            {
                "refreshToken": "unknown",
                "clientId": "gone",
                "clientSecret": "gone",
                "registrationExpiresAt": "2999-01-01T00:00:00Z",
            },
            "The single sign-on session of the AWS profile 'sso-dev' has expired.",
        ),
    ],
    ids=["never signed in", "expired", "refresh refused"],
)
def test_a_command_without_a_usable_sign_in_says_where_to_sign_in(
    sso_home: SsoHome, token: dict[str, str] | None, problem: str
) -> None:
    if token is not None:
        _expired_token(_profile(), **token)
    connection = Connection(ConnectionMode.PROFILE, "eu-west-1", profile="sso-dev")

    with pytest.raises(NoCredentials) as raised:
        require_signed_in(connection)

    assert raised.value.message == problem
    assert raised.value.fix == (
        "Sign in from the app (Connect in the connection bar) or with "
        "aws sso login --profile sso-dev, then try again."
    )


def test_profiles_without_sso_need_no_sign_in(sso_home: SsoHome) -> None:
    for connection in (
        Connection(ConnectionMode.PROFILE, "us-east-1", profile="keys-only"),
        Connection(ConnectionMode.SANDBOX, "us-east-1", endpoint_url="http://127.0.0.1:9"),
    ):
        assert sign_in_needed(connection) is None


def test_botocore_sso_failures_point_to_the_app_sign_in_not_the_portal() -> None:
    error = map_aws_error(
        botocore.exceptions.UnauthorizedSSOTokenError(), "sts get-caller-identity"
    )

    assert isinstance(error, InvalidCredentials)
    assert "portal" not in error.plain()
    assert "press Connect in the connection bar, or run aws sso login" in error.fix


def test_the_aws_cli_signs_its_calls_with_the_app_s_sign_in(
    sso_home: SsoHome, sandbox: SandboxServer
) -> None:
    sso_home.service.approve_after(0)
    _sign_in(_profile(), FakeClock())

    command = ["sts", "get-caller-identity", "--profile", "sso-dev", "--output", "json"]
    done = subprocess.run(
        [str(aws_cli()), *command, "--endpoint-url", sandbox.endpoint_url],
        env=dict(os.environ),  # the test's HOME, AWS config and SSO endpoints
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["Account"] == SANDBOX_ACCOUNT_ID
    assert sso_home.service.calls[-1] == "GetRoleCredentials"


def test_a_profile_naming_a_missing_sso_session_says_how_to_fix_the_config(
    sso_home: SsoHome,
) -> None:
    with sso_home.config_file.open("a", encoding="utf-8") as config:
        config.write("\n[profile broken]\nsso_session = nowhere\n")

    with pytest.raises(NoCredentials) as raised:
        sso_profile("broken")

    assert "names the sso-session 'nowhere'" in raised.value.message
    assert raised.value.fix == ("Add the section, or run aws configure sso --profile broken.")
