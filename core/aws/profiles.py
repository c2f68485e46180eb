"""What the user's AWS config says about each profile: how it signs in, and its region.

Read afresh on every call (a new botocore session reads the files again), so profiles
added while the app runs are seen.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

import botocore.exceptions
import botocore.session

__all__ = ["ProfileInfo", "ProfileKind", "profile_info", "read_profiles"]


class ProfileKind(enum.StrEnum):
    """How a profile gets its credentials; the value is how the app names it."""

    KEYS = "static keys"
    ROLE = "role"
    ROLE_MFA = "role+MFA"
    SSO = "SSO"
    PROCESS = "process"
    WEB_IDENTITY = "web identity"
    # A profile with only settings (a region): the default chain supplies the credentials.
    NONE = "no credentials"


@dataclass(frozen=True)
class ProfileInfo:
    """One profile as the connection bar and ``whoami`` describe it.

    Attributes:
        name: the profile's name, as ``--profile`` takes it.
        kind: how it signs in.
        region: its ``region`` setting, or '' when it has none.
        mfa_serial: the MFA device a role+MFA profile asks a code for ('' otherwise).
        role_arn: the role a role profile assumes ('' otherwise).
        source_profile: the profile whose credentials assume the role ('' otherwise).
    """

    name: str
    kind: ProfileKind
    region: str = ""
    mfa_serial: str = ""
    role_arn: str = ""
    source_profile: str = ""

    def describe(self) -> str:
        """'dev — SSO, eu-west-1': the name, the kind and the region for a list entry."""
        details = str(self.kind) + (f", {self.region}" if self.region else "")
        return f"{self.name} — {details}"


def _kind(settings: dict[str, Any]) -> ProfileKind:
    if "sso_session" in settings or "sso_start_url" in settings:
        return ProfileKind.SSO
    if "role_arn" in settings:
        if "web_identity_token_file" in settings:
            return ProfileKind.WEB_IDENTITY
        return ProfileKind.ROLE_MFA if "mfa_serial" in settings else ProfileKind.ROLE
    if "credential_process" in settings:
        return ProfileKind.PROCESS
    if "aws_access_key_id" in settings:
        return ProfileKind.KEYS
    return ProfileKind.NONE


def _info(name: str, settings: dict[str, Any]) -> ProfileInfo:
    return ProfileInfo(
        name=name,
        kind=_kind(settings),
        region=str(settings.get("region", "")),
        mfa_serial=str(settings.get("mfa_serial", "")),
        role_arn=str(settings.get("role_arn", "")),
        source_profile=str(settings.get("source_profile", "")),
    )


def _all_settings() -> dict[str, dict[str, Any]]:
    try:
        config: dict[str, Any] = botocore.session.get_session().full_config
    except botocore.exceptions.BotoCoreError:
        # A config file botocore cannot parse: no profiles rather than no app.
        return {}
    return dict(config.get("profiles", {}))


def read_profiles() -> list[ProfileInfo]:
    """Every profile in the AWS config and credentials files, sorted by name."""
    return [_info(name, settings) for name, settings in sorted(_all_settings().items())]


def profile_info(name: str) -> ProfileInfo | None:
    """The profile called ``name``, or None when the files have no such profile."""
    settings = _all_settings().get(name)
    return None if settings is None else _info(name, settings)
