"""How the app reaches AWS: the Sandbox, a named profile, or access keys from the keyring."""

from __future__ import annotations

from dataclasses import dataclass

import boto3
import botocore.config
import botocore.exceptions

from core.credentials import CredentialStore, load_access_keys
from core.errors import NoCredentials
from core.settings import ConnectionMode, RetryMode

__all__ = [
    "SANDBOX_ACCOUNT_ID",
    "SANDBOX_KEY",
    "Connection",
    "available_profiles",
    "configured_region",
    "known_regions",
    "make_session",
]

SANDBOX_ACCOUNT_ID = "123456789012"
MAX_CONNECTIONS = 32
# moto accepts any keys; these are not secrets and never leave the machine.
SANDBOX_KEY = "sandbox"


@dataclass(frozen=True)
class Connection:
    """Which AWS to talk to. ``profile`` empty in PROFILE mode means boto3's default chain
    (environment variables, ~/.aws, instance role)."""

    mode: ConnectionMode
    region: str
    profile: str = ""
    endpoint_url: str | None = None
    retry_mode: RetryMode = RetryMode.STANDARD
    max_attempts: int = 5

    @property
    def is_sandbox(self) -> bool:
        return self.mode is ConnectionMode.SANDBOX

    def label(self) -> str:
        if self.is_sandbox:
            return "Sandbox"
        if self.mode is ConnectionMode.KEYS:
            return "Stored access keys"
        return f"Profile {self.profile}" if self.profile else "Default AWS credentials"

    def botocore_config(self) -> botocore.config.Config:
        return botocore.config.Config(
            region_name=self.region,
            retries={"mode": self.retry_mode.value, "max_attempts": self.max_attempts},
            user_agent_extra="migration-assistant",
            # Our transfer engine sends its own per-part checksums; see shared facts on
            # S3-compatible servers rejecting the SDK's default trailing CRC32.
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
            # Over plain HTTP botocore would SHA-256 every part just to sign it; our per-part
            # checksum and the final ETag check protect the data (bench/README.md).
            s3={"payload_signing_enabled": False},
            # One connection per concurrent part (the engine allows up to 32).
            max_pool_connections=MAX_CONNECTIONS,
        )


def make_session(connection: Connection, store: CredentialStore | None = None) -> boto3.Session:
    """A boto3 session for ``connection``. Raises NoCredentials with the fix when keys are
    missing; a profile's own problems (SSO expired, bad role) surface on the first call."""
    if connection.is_sandbox:
        return boto3.Session(
            aws_access_key_id=SANDBOX_KEY,
            aws_secret_access_key=SANDBOX_KEY,
            region_name=connection.region,
        )
    if connection.mode is ConnectionMode.KEYS:
        keys = load_access_keys(store) if store is not None else None
        if keys is None:
            raise NoCredentials("No access keys are stored yet.")
        return boto3.Session(
            aws_access_key_id=keys.access_key_id,
            aws_secret_access_key=keys.secret_access_key,
            region_name=connection.region,
        )
    try:
        return boto3.Session(profile_name=connection.profile or None, region_name=connection.region)
    except botocore.exceptions.ProfileNotFound as error:
        raise NoCredentials(
            f"The AWS profile '{connection.profile}' is not in your AWS configuration.",
            "Choose one of the listed profiles, or enter access keys instead.",
            details=str(error),
        ) from error


def available_profiles() -> list[str]:
    """Profile names from the user's AWS config and credentials files (SSO ones included)."""
    return sorted(boto3.Session().available_profiles)


def configured_region(profile: str = "") -> str | None:
    """The region the user's AWS config gives ``profile`` (or the default chain), if any."""
    try:
        return boto3.Session(profile_name=profile or None).region_name
    except botocore.exceptions.BotoCoreError:
        # An unknown profile is reported by the first call, in plain words.
        return None


def known_regions() -> list[str]:
    """Regions botocore knows for EC2 (the commercial partition), sorted."""
    return sorted(boto3.Session().get_available_regions("ec2"))
