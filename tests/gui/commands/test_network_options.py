"""The commands' --proxy, --ca-bundle and --connect-timeout, over the app's saved settings."""

from __future__ import annotations

import argparse

import certifi
import pytest

from core.aws import AwsDoor
from core.errors import ValidationError
from core.network import NetworkSettings, ProxyMode
from core.paths import AppPaths
from core.settings import Settings
from gui.commands import uploads
from gui.commands.common import add_connection_options, connection_from_args
from tests.fixtures.recording_proxy import RecordingProxy


def _options(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_connection_options(parser)
    return parser.parse_args(["--region", "us-east-1", *argv])


def test_the_options_set_proxy_ca_bundle_and_connect_timeout(app_paths: AppPaths) -> None:
    args = _options(
        [
            "--proxy",
            "proxy.example.com:3128",
            "--ca-bundle",
            certifi.where(),
            "--connect-timeout",
            "7",
        ]
    )
    assert connection_from_args(args).network == NetworkSettings(
        ProxyMode.MANUAL, "http://proxy.example.com:3128", certifi.where(), 7.0
    )


def test_without_options_the_apps_saved_settings_apply(app_paths: AppPaths) -> None:
    saved = NetworkSettings(ProxyMode.MANUAL, "http://proxy.example.com:3128", "", 12.0)
    Settings(network=saved).save(app_paths.settings_file)
    assert connection_from_args(_options([])).network == saved
    assert connection_from_args(_options(["--proxy", "system"])).network == NetworkSettings(
        ProxyMode.SYSTEM, "", "", 12.0
    )
    assert connection_from_args(_options(["--proxy", "NONE"])).network.proxy is ProxyMode.NONE


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--proxy", "ftp://proxy.example.com:21"], "--proxy: A proxy address starts with http"),
        (["--ca-bundle", "/nowhere/ca.pem"], "--ca-bundle: There is no file /nowhere/ca.pem."),
        (["--connect-timeout", "0"], "--connect-timeout: The connect timeout is from 1 to 120"),
    ],
)
def test_a_value_that_cannot_work_names_its_option(
    app_paths: AppPaths, argv: list[str], says: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        connection_from_args(_options(argv))
    assert caught.value.plain().startswith(says)


def test_a_command_goes_through_the_proxy_and_says_so_plainly_when_refused(
    app_paths: AppPaths,
    recording_proxy: RecordingProxy,
    sandbox_door: AwsDoor,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    sandbox_door.client("s3").create_bucket(Bucket="dumps")
    parser = argparse.ArgumentParser()
    uploads.add_parser(parser.add_subparsers())
    argv = ["uploads", "list", "s3://dumps", "--region", "us-east-1"]
    argv += ["--endpoint-url", "http://s3.us-east-1.amazonaws.com"]

    args = parser.parse_args([*argv, "--proxy", recording_proxy.url])
    assert args.run(args) == 0

    assert recording_proxy.seen and all(
        "s3.us-east-1.amazonaws.com" in u for u in recording_proxy.seen
    )
    args = parser.parse_args([*argv, "--proxy", "http://me:pw@proxy.example.com:3128"])
    assert args.run(args) == 1
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last.startswith("--proxy: The proxy address holds a sign-in name or password")
    assert "pw@" not in last
