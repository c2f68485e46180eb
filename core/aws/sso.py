"""IAM Identity Center (SSO) profiles: their configuration and the token cache they share
with the AWS CLI.

A profile signs in through ``sso_session = NAME`` and an ``[sso-session NAME]`` section, or
(legacy) ``sso_start_url``/``sso_region`` in the profile itself. The sign-in leaves a token
in ``~/.aws/sso/cache/<sha1>.json``; botocore's SSO credential provider reads that file and
trades the token for the role's keys. Paths, key names and the time format are the ones
botocore uses (``botocore.utils.SSOTokenLoader``, ``botocore.tokens``), so the CLI and the
app share one sign-in. The device flow itself is in ``core.aws.sso_login``.
"""

from __future__ import annotations

import contextlib
import enum
import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import botocore.session

from core.errors import NoCredentials

__all__ = [
    "SsoProfile",
    "TokenState",
    "format_utc",
    "parse_utc",
    "read_token",
    "sign_in_required",
    "sso_profile",
    "token_cache_dir",
    "token_state",
    "write_token",
]

# Registration scope `aws sso login` asks for with an sso-session (botocore's default too).
DEFAULT_SCOPES = ("sso:account:access",)
# A token this close to its end is not worth starting a connection with.
EXPIRY_MARGIN = timedelta(minutes=1)
_UTC_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


class TokenState(enum.StrEnum):
    """What the cached sign-in of a profile is good for."""

    VALID = "valid"
    # Expired, but its refresh token and client registration still work: no browser needed.
    REFRESHABLE = "expired, refreshable"
    EXPIRED = "expired"
    MISSING = "missing"

    @property
    def meaning(self) -> str:
        return {
            TokenState.VALID: "Signed in.",
            TokenState.REFRESHABLE: "The sign-in expired; it can be renewed without the browser.",
            TokenState.EXPIRED: "The sign-in expired; sign in again in the browser.",
            TokenState.MISSING: "Not signed in yet.",
        }[self]


@dataclass(frozen=True)
class SsoProfile:
    """An AWS profile that signs in through IAM Identity Center.

    Attributes:
        profile: the profile's name in the AWS config.
        start_url: the organisation's access portal (``https://NAME.awsapps.com/start``).
        sso_region: where IAM Identity Center runs (the OIDC and portal calls go there).
        session_name: the ``sso-session`` section's name; None for a legacy profile.
        account_id, role_name: which account and role the profile's keys are for (empty for
            a profile that only signs in, e.g. for the CLI's ``sso`` commands).
        scopes: the registration scopes (none for a legacy profile).
    """

    profile: str
    start_url: str
    sso_region: str
    session_name: str | None = None
    account_id: str = ""
    role_name: str = ""
    scopes: tuple[str, ...] = ()

    @property
    def cache_key(self) -> str:
        """The cache file's name without ``.json``, as botocore's SSOTokenLoader makes it:
        the SHA-1 of the session name, or of the start URL for a legacy profile."""
        source = self.session_name if self.session_name is not None else self.start_url
        return hashlib.sha1(source.encode("utf-8")).hexdigest()

    def cache_file(self, cache_dir: Path | None = None) -> Path:
        return (cache_dir or token_cache_dir()) / f"{self.cache_key}.json"

    def describe(self) -> str:
        """Which account and role, through which portal, in one sentence."""
        if self.account_id and self.role_name:
            what = f"account {self.account_id} as role {self.role_name}"
        else:
            what = "no account or role (the profile names none)"
        return f"Profile {self.profile} signs in to {what} through {self.start_url}."

    def login_command(self) -> str:
        return f"aws sso login --profile {self.profile}"


def token_cache_dir() -> Path:
    """``~/.aws/sso/cache``, where botocore and the AWS CLI keep SSO tokens. Looked up at
    each call (botocore fixes its copy at import time)."""
    return Path(os.path.expanduser(os.path.join("~", ".aws", "sso", "cache")))


def _profile_name(session: botocore.session.Session, profile: str) -> str:
    return profile or str(session.get_config_variable("profile") or "default")


def sso_profile(profile: str = "") -> SsoProfile | None:
    """The SSO settings of ``profile`` ('' is AWS_PROFILE or ``default``), or None when it
    does not sign in through SSO or does not exist (the first call reports that)."""
    session = botocore.session.Session()
    name = _profile_name(session, profile)
    config = session.full_config
    section: Mapping[str, Any] = config.get("profiles", {}).get(name, {})
    session_name = section.get("sso_session")
    if session_name is not None:
        sso_session: Mapping[str, Any] = config.get("sso_sessions", {}).get(session_name, {})
        start_url, region = sso_session.get("sso_start_url"), sso_session.get("sso_region")
        raw_scopes = str(sso_session.get("sso_registration_scopes", ""))
        scopes = tuple(s.strip() for s in raw_scopes.split(",") if s.strip()) or DEFAULT_SCOPES
    else:
        start_url, region, scopes = section.get("sso_start_url"), section.get("sso_region"), ()
    if not start_url or not region:
        if session_name is not None:
            raise NoCredentials(
                f"The AWS profile '{name}' names the sso-session '{session_name}', but your "
                "AWS config has no such section with an sso_start_url and sso_region.",
                f"Add the section, or run aws configure sso --profile {name}.",
            )
        return None
    return SsoProfile(
        profile=name,
        start_url=str(start_url),
        sso_region=str(region),
        session_name=None if session_name is None else str(session_name),
        account_id=str(section.get("sso_account_id", "")),
        role_name=str(section.get("sso_role_name", "")),
        scopes=scopes,
    )


def format_utc(moment: datetime) -> str:
    """The CLI's time format for ``expiresAt``: ``2026-12-01T15:04:05Z``."""
    return moment.astimezone(UTC).strftime(_UTC_FORMAT)


def parse_utc(text: str) -> datetime:
    """A cached time: the CLI's ``...Z`` form, or ISO 8601 with an offset (older writers)."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("UTC", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def read_token(profile: SsoProfile, cache_dir: Path | None = None) -> dict[str, Any] | None:
    """The cached token of ``profile``, or None when there is none (or it is unreadable)."""
    try:
        token = json.loads(profile.cache_file(cache_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(token, dict) or "accessToken" not in token or "expiresAt" not in token:
        return None
    return token


def _not_after(token: Mapping[str, Any], key: str, now: datetime) -> bool:
    try:
        return parse_utc(str(token[key])) <= now
    except (KeyError, ValueError):
        return True


def token_state(
    profile: SsoProfile, now: datetime | None = None, cache_dir: Path | None = None
) -> TokenState:
    """Whether ``profile`` is signed in, can renew its sign-in, or must sign in again."""
    now = now or datetime.now(UTC)
    token = read_token(profile, cache_dir)
    if token is None:
        return TokenState.MISSING
    if not _not_after(token, "expiresAt", now + EXPIRY_MARGIN):
        return TokenState.VALID
    refreshable = all(token.get(key) for key in ("refreshToken", "clientId", "clientSecret"))
    if refreshable and not _not_after(token, "registrationExpiresAt", now):
        return TokenState.REFRESHABLE
    return TokenState.EXPIRED


def write_token(
    profile: SsoProfile, token: Mapping[str, Any], cache_dir: Path | None = None
) -> Path:
    """Save ``token`` where the CLI and botocore look for it, readable by the user only
    (mode 0600), replacing the old file in one step so no reader sees half a token."""
    path = profile.cache_file(cache_dir)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # mkstemp creates the file with mode 0600 before anything secret is written to it.
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(dict(token), stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return path


def sign_in_required(profile: SsoProfile, state: TokenState) -> NoCredentials:
    """The plain error for a profile that must sign in before anything else."""
    if state is TokenState.MISSING:
        problem = f"The AWS profile '{profile.profile}' uses single sign-on and is not signed in."
    else:
        problem = f"The single sign-on session of the AWS profile '{profile.profile}' has expired."
    return NoCredentials(
        problem,
        f"Sign in from the app (Connect in the connection bar) or with "
        f"{profile.login_command()}, then try again.",
        details=f"Token cache: {profile.cache_file()}",
    )
