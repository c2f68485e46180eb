"""How the app's AWS calls reach the network: the proxy, a CA bundle for TLS-inspecting
proxies, and how long to wait for a connection. Saved with the settings (never a secret:
a proxy URL carrying a password is refused), checked before they are used."""

from __future__ import annotations

import dataclasses
import enum
import ipaddress
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from core.errors import ValidationError, all_problems

__all__ = [
    "DEFAULT_CONNECT_TIMEOUT",
    "MAX_CONNECT_TIMEOUT",
    "NetworkSettings",
    "ProxyMode",
    "check_ca_bundle",
    "check_connect_timeout",
    "check_proxy_url",
    "describe_system_proxy",
    "is_local_endpoint",
]

# Seconds to wait for a TCP (and TLS) connection. A reachable AWS endpoint connects in well
# under a second; 5 s leaves room for a slow proxy and keeps three attempts under ~30 s.
DEFAULT_CONNECT_TIMEOUT = 5.0
MAX_CONNECT_TIMEOUT = 120.0
_LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain"})


class ProxyMode(enum.StrEnum):
    # What botocore does by itself: HTTPS_PROXY / HTTP_PROXY / NO_PROXY (and the OS's
    # proxy settings on macOS and Windows), AWS_CA_BUNDLE or the profile's ca_bundle.
    SYSTEM = "system"
    NONE = "none"
    MANUAL = "manual"

    @property
    def label(self) -> str:
        return _PROXY_LABELS[self]


_PROXY_LABELS = {
    ProxyMode.SYSTEM: "Use the system settings (HTTPS_PROXY, NO_PROXY)",
    ProxyMode.NONE: "No proxy",
    ProxyMode.MANUAL: "This proxy:",
}


def check_proxy_url(url: str) -> str:
    """``url`` stripped when it names a usable proxy (``http://proxy.example.com:3128``);
    raises ValidationError on field ``proxy_url`` with what to type otherwise."""
    url = url.strip()
    example = "Type the proxy as http://HOST:PORT, e.g. http://proxy.example.com:3128."
    if not url:
        raise ValidationError("proxy_url", "Enter the proxy's address.", example)
    parts = urlsplit(url if "://" in url else f"http://{url}")
    if parts.scheme not in ("http", "https"):
        raise ValidationError(
            "proxy_url",
            f"A proxy address starts with http:// or https://, not {parts.scheme}://.",
            example,
        )
    if parts.username or parts.password:
        raise ValidationError(
            "proxy_url",
            "The proxy address holds a sign-in name or password, which the app never keeps "
            "in its settings file.",
            "Put the address with them in HTTPS_PROXY in your environment and choose the "
            "system settings (for commands: --proxy system).",
        )
    try:
        port = parts.port
    except ValueError:
        raise ValidationError(
            "proxy_url", "The proxy's port is not a number from 1 to 65535.", example
        ) from None
    if not parts.hostname or port is None or parts.path not in ("", "/"):
        raise ValidationError("proxy_url", "The proxy address needs a host and a port.", example)
    return f"{parts.scheme}://{parts.netloc}"


def check_ca_bundle(path: str) -> str:
    """``path`` when it is a readable PEM file of certificates that TLS can load; raises
    ValidationError on field ``ca_bundle`` otherwise ('' means: no bundle of our own)."""
    path = path.strip()
    if not path:
        return ""
    file = Path(path).expanduser()
    if not file.is_file():
        raise ValidationError(
            "ca_bundle", f"There is no file {file}.", "Choose the CA bundle file again."
        )
    pem_fix = (
        "Choose the PEM file your IT department gives for the proxy (text starting with "
        "-----BEGIN CERTIFICATE-----); convert a .cer/.der file with "
        "openssl x509 -inform der -in FILE -out FILE.pem."
    )
    try:
        text = file.read_bytes()[:1_000_000]
    except OSError as error:
        raise ValidationError(
            "ca_bundle",
            f"The file {file} cannot be read: {error.strerror}.",
            "Check its permissions.",
        ) from error
    if b"-----BEGIN CERTIFICATE-----" not in text:
        raise ValidationError("ca_bundle", f"{file.name} is not a PEM certificate file.", pem_fix)
    try:
        ssl.create_default_context(cafile=str(file))
    except ssl.SSLError as error:
        raise ValidationError(
            "ca_bundle", f"{file.name} holds a certificate TLS cannot read.", pem_fix
        ) from error
    return str(file)


def check_connect_timeout(seconds: float) -> float:
    if not 1 <= seconds <= MAX_CONNECT_TIMEOUT:
        raise ValidationError(
            "connect_timeout",
            f"The connect timeout is from 1 to {MAX_CONNECT_TIMEOUT:.0f} seconds.",
            f"{DEFAULT_CONNECT_TIMEOUT:.0f} s suits most networks; more for a slow proxy.",
        )
    return seconds


def is_local_endpoint(url: str | None) -> bool:
    """An endpoint on this computer (the Sandbox, a test server): never through a proxy."""
    if not url:
        return False
    host = (urlsplit(url).hostname or "").lower()
    if host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class NetworkSettings:
    """The user's network choices (Edit > Settings…, or a command's options).

    ``ca_bundle`` empty means botocore's own choice (AWS_CA_BUNDLE, the profile's
    ``ca_bundle``, else the certificates that come with it)."""

    proxy: ProxyMode = ProxyMode.SYSTEM
    proxy_url: str = ""
    ca_bundle: str = ""
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT

    def problems(self) -> dict[str, str]:
        """Field name -> plain message, for each setting that cannot be used."""
        return all_problems(
            lambda: self.proxy is not ProxyMode.MANUAL or check_proxy_url(self.proxy_url),
            lambda: check_ca_bundle(self.ca_bundle),
            lambda: check_connect_timeout(self.connect_timeout),
        )

    def cleaned(self) -> NetworkSettings:
        """As saved, once ``problems()`` is empty: "proxy:3128" as http://proxy:3128, the
        CA bundle's path in full."""
        manual = self.proxy is ProxyMode.MANUAL
        return dataclasses.replace(
            self,
            proxy_url=check_proxy_url(self.proxy_url) if manual else self.proxy_url.strip(),
            ca_bundle=check_ca_bundle(self.ca_bundle),
        )

    def proxies_for(self, endpoint_url: str | None) -> dict[str, str] | None:
        """botocore's ``proxies``: None lets botocore read the environment; ``{}`` means
        no proxy. An endpoint on this computer never goes through one."""
        if is_local_endpoint(endpoint_url) or self.proxy is ProxyMode.NONE:
            return {}
        if self.proxy is ProxyMode.MANUAL:
            return {"http": self.proxy_url, "https": self.proxy_url}
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "proxy": str(self.proxy),
            "proxy_url": self.proxy_url,
            "ca_bundle": self.ca_bundle,
            "connect_timeout": self.connect_timeout,
        }

    @classmethod
    def from_json(cls, raw: object) -> NetworkSettings:
        """From a settings file; a missing or unreadable part falls back to the default
        (a CA bundle deleted since is reported when it is used, not here)."""
        if not isinstance(raw, dict):
            return cls()
        try:
            return cls(
                proxy=ProxyMode(raw.get("proxy", ProxyMode.SYSTEM)),
                proxy_url=str(raw.get("proxy_url", "")),
                ca_bundle=str(raw.get("ca_bundle", "")),
                connect_timeout=float(raw.get("connect_timeout", DEFAULT_CONNECT_TIMEOUT)),
            )
        except (TypeError, ValueError):
            return cls()


def describe_system_proxy(environ: Mapping[str, str]) -> str:
    """What "use the system settings" means on this computer now, without any password
    a proxy variable may hold."""
    names = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy")
    found = next((name for name in names if environ.get(name)), None)
    if found is None:
        return "No proxy variable is set here: calls go straight to AWS (or as the OS says)."
    parts = urlsplit(environ[found])
    where = f"{parts.hostname}:{parts.port}" if parts.hostname else "a proxy"
    bypass = environ.get("NO_PROXY") or environ.get("no_proxy")
    return f"{found.upper()} sends calls through {where}" + (
        f", except to {bypass}." if bypass else "."
    )
