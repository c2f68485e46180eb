from __future__ import annotations

from pathlib import Path

import certifi
import pytest

from core.errors import ValidationError
from core.network import (
    NetworkSettings,
    ProxyMode,
    check_ca_bundle,
    check_proxy_url,
    is_local_endpoint,
)
from core.paths import AppPaths
from core.settings import Settings


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("", "Enter the proxy's address."),
        ("ftp://proxy.example.com:21", "starts with http:// or https://, not ftp://"),
        ("http://proxy.example.com", "needs a host and a port"),
        ("http://proxy.example.com:99999", "not a number from 1 to 65535"),
        ("http://me:secret@proxy.example.com:3128", "which the app never keeps"),
    ],
)
def test_a_proxy_address_that_cannot_work_is_refused_with_what_to_type(
    typed: str, says: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        check_proxy_url(typed)
    assert caught.value.field == "proxy_url"
    assert says in caught.value.plain()
    assert "secret" not in caught.value.plain()


def test_a_proxy_without_scheme_is_taken_as_http() -> None:
    assert check_proxy_url(" proxy.example.com:3128 ") == "http://proxy.example.com:3128"


def test_a_ca_bundle_must_exist_and_be_pem(tmp_path: Path) -> None:
    der = tmp_path / "proxy.cer"
    der.write_bytes(b"\x30\x82\x03\x00 binary")
    broken = tmp_path / "broken.pem"
    broken.write_text("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")
    problems = {
        str(path): NetworkSettings(ca_bundle=str(path)).problems()["ca_bundle"]
        for path in (tmp_path / "missing.pem", der, broken)
    }
    assert problems[str(tmp_path / "missing.pem")].startswith("There is no file")
    assert "proxy.cer is not a PEM certificate file" in problems[str(der)]
    assert "openssl x509 -inform der" in problems[str(der)]
    assert "TLS cannot read" in problems[str(broken)]
    assert check_ca_bundle(certifi.where()) == certifi.where()


def test_every_bad_setting_is_named_at_once() -> None:
    settings = NetworkSettings(ProxyMode.MANUAL, "", "/nowhere/ca.pem", connect_timeout=0)
    assert set(settings.problems()) == {"proxy_url", "ca_bundle", "connect_timeout"}
    assert NetworkSettings(ProxyMode.SYSTEM, "").problems() == {}


def test_proxies_skip_endpoints_on_this_computer() -> None:
    manual = NetworkSettings(ProxyMode.MANUAL, "http://proxy.example.com:3128")
    expected = {"http": "http://proxy.example.com:3128", "https": "http://proxy.example.com:3128"}
    assert manual.proxies_for(None) == expected
    assert manual.proxies_for("https://s3.eu-west-1.amazonaws.com") == expected
    for local in ("http://127.0.0.1:5000", "http://localhost:9000", "http://[::1]:80"):
        assert is_local_endpoint(local)
        assert manual.proxies_for(local) == {}
    assert NetworkSettings(ProxyMode.NONE).proxies_for(None) == {}
    assert NetworkSettings(ProxyMode.SYSTEM).proxies_for(None) is None


def test_network_settings_round_trip_with_the_settings(app_paths: AppPaths) -> None:
    network = NetworkSettings(ProxyMode.MANUAL, "http://proxy.example.com:3128", "", 12.0)
    Settings(network=network).save(app_paths.settings_file)
    assert Settings.load(app_paths.settings_file).network == network
    app_paths.settings_file.write_text('{"network": {"proxy": "carrier-pigeon"}}')
    assert Settings.load(app_paths.settings_file).network == NetworkSettings()
