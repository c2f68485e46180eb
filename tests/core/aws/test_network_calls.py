"""The Settings dialog's proxy and CA bundle reach botocore, and the Sandbox bypasses both."""

from __future__ import annotations

from pathlib import Path

import certifi
import pytest

from core.aws import STS, AwsDoor, Connection
from core.credentials import AccessKeys, InMemoryStore, save_access_keys
from core.errors import EndpointUnreachable
from core.network import NetworkSettings, ProxyMode
from core.sandbox.server import SandboxServer
from core.settings import ConnectionMode
from tests.fixtures.recording_proxy import RecordingProxy
from tests.fixtures.tls_interception import make_interception_ca

# A plain-HTTP AWS endpoint URL: the proxy sees the whole URL and sends it to the Sandbox.
STS_URL = "http://sts.us-east-1.amazonaws.com"
TEMPORARY = AccessKeys(
    "ASIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "FwoGZXIvYXdzEJr"
)


def _keys_door(network: NetworkSettings, endpoint_url: str | None = STS_URL) -> AwsDoor:
    store = InMemoryStore()
    save_access_keys(store, TEMPORARY)
    connection = Connection(
        ConnectionMode.KEYS, "us-east-1", endpoint_url=endpoint_url, network=network
    )
    return AwsDoor(connection, store=store)


async def test_a_manual_proxy_carries_the_call_with_the_session_token(
    recording_proxy: RecordingProxy,
) -> None:
    door = _keys_door(NetworkSettings(ProxyMode.MANUAL, recording_proxy.url))

    identity = await door.call(STS.get_caller_identity)

    assert identity["Account"]
    assert recording_proxy.seen == [f"{STS_URL}/"]
    assert recording_proxy.headers[0]["X-Amz-Security-Token"] == TEMPORARY.session_token
    assert door.client("sts")._client_config.proxies == {
        "http": recording_proxy.url,
        "https": recording_proxy.url,
    }


async def test_aws_over_https_is_tunnelled_through_the_proxy(
    recording_proxy: RecordingProxy,
) -> None:
    door = _keys_door(NetworkSettings(ProxyMode.MANUAL, recording_proxy.url), endpoint_url=None)

    with pytest.raises(EndpointUnreachable) as caught:
        await door.call(STS.get_caller_identity)

    # Our test proxy refuses to tunnel; what matters is that the call went to it.
    assert set(recording_proxy.seen) == {"CONNECT sts.us-east-1.amazonaws.com:443"}
    assert caught.value.message == (
        f"Could not go through the proxy {recording_proxy.url} for 'sts get-caller-identity':"
        " it refused or did not answer."
    )
    assert "Edit > Settings…" in caught.value.fix


async def test_the_system_setting_follows_https_proxy_from_the_environment(
    recording_proxy: RecordingProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", recording_proxy.url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)

    await _keys_door(NetworkSettings(ProxyMode.SYSTEM)).call(STS.get_caller_identity)

    assert recording_proxy.seen == [f"{STS_URL}/"]
    assert _keys_door(NetworkSettings(ProxyMode.NONE)).client("sts")._client_config.proxies == {}


@pytest.mark.parametrize("mode", [ProxyMode.SYSTEM, ProxyMode.MANUAL])
async def test_sandbox_calls_never_go_through_a_proxy(
    sandbox: SandboxServer,
    recording_proxy: RecordingProxy,
    monkeypatch: pytest.MonkeyPatch,
    mode: ProxyMode,
) -> None:
    monkeypatch.setenv("HTTP_PROXY", recording_proxy.url)
    network = NetworkSettings(mode, recording_proxy.url)
    connection = Connection(
        ConnectionMode.SANDBOX, "us-east-1", endpoint_url=sandbox.endpoint_url, network=network
    )

    await AwsDoor(connection).call(STS.get_caller_identity)

    assert recording_proxy.seen == []


async def test_behind_a_tls_inspecting_proxy_its_ca_bundle_makes_aws_trusted(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    ca_bundle, tls = make_interception_ca(tmp_path, ["sts.us-east-1.amazonaws.com"])
    proxy = RecordingProxy(sandbox.endpoint_url, tls=tls)
    try:
        inspected = NetworkSettings(ProxyMode.MANUAL, proxy.url, str(ca_bundle))
        identity = await _keys_door(inspected, endpoint_url=None).call(STS.get_caller_identity)
        untrusting = _keys_door(NetworkSettings(ProxyMode.MANUAL, proxy.url), endpoint_url=None)
        with pytest.raises(EndpointUnreachable) as caught:
            await untrusting.call(STS.get_caller_identity)
    finally:
        proxy.stop()

    assert identity["Account"]
    # The tunnel to AWS's host, then the request the proxy read inside it.
    assert proxy.seen[:2] == ["CONNECT sts.us-east-1.amazonaws.com:443", "/"]
    assert "is not trusted" in caught.value.message
    assert "choose its CA bundle in Edit > Settings…" in caught.value.fix


async def test_a_role_profile_assumes_its_role_through_the_same_proxy_and_ca_bundle(
    sandbox: SandboxServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, credentials = tmp_path / "config", tmp_path / "credentials"
    config.write_text(
        "[profile deploy]\nrole_arn = arn:aws:iam::123456789012:role/deploy\n"
        "source_profile = base\nregion = us-east-1\n"
    )
    key = TEMPORARY.secret_access_key
    credentials.write_text(
        f"[base]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = {key}\n"
    )
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))
    ca_bundle, tls = make_interception_ca(tmp_path, ["sts.us-east-1.amazonaws.com"])
    proxy = RecordingProxy(sandbox.endpoint_url, tls=tls)
    network = NetworkSettings(ProxyMode.MANUAL, proxy.url, str(ca_bundle))
    door = AwsDoor(Connection(ConnectionMode.PROFILE, "us-east-1", "deploy", network=network))
    try:
        identity = await door.call(STS.get_caller_identity)
    finally:
        proxy.stop()

    assert ":assumed-role/deploy/" in identity["Arn"]
    # botocore's own client asked for the role's keys, then ours asked who we are: both
    # through the proxy, both trusting its CA.
    assert proxy.seen.count("CONNECT sts.us-east-1.amazonaws.com:443") == 2
    signed_by = [h["Authorization"].split("Credential=")[1].split("/")[0] for h in proxy.headers]
    assert signed_by[0] == "AKIAIOSFODNN7EXAMPLE"
    assert signed_by[1].startswith("ASIA")


def test_the_ca_bundle_is_what_every_client_verifies_with(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    chosen = _keys_door(NetworkSettings(ca_bundle=certifi.where()), endpoint_url=None)
    for service in ("sts", "s3", "rds"):
        assert chosen.client(service)._endpoint.http_session._verify == certifi.where()
    # Without one of ours, AWS_CA_BUNDLE counts, as for the aws command.
    monkeypatch.setenv("AWS_CA_BUNDLE", certifi.where())
    default = _keys_door(NetworkSettings(), endpoint_url=None)
    assert default.client("sts")._endpoint.http_session._verify == certifi.where()
