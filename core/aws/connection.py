"""How the app reaches AWS: the Sandbox, a named profile, or access keys from the keyring."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

import botocore.config
import botocore.exceptions
import botocore.session

from core.aws.mfa import MfaPrompter, install_prompter, refusing_prompter
from core.aws.sessions import new_session
from core.credentials import CredentialStore, load_access_keys
from core.errors import NoCredentials
from core.network import NetworkSettings
from core.settings import ConnectionMode, RetryMode

__all__ = [
    "QUICK_READ_TIMEOUT",
    "SANDBOX_ACCOUNT_ID",
    "SANDBOX_KEY",
    "TRANSFER_OPERATIONS",
    "TRANSFER_READ_TIMEOUT",
    "CallKind",
    "Connection",
    "available_profiles",
    "configured_region",
    "known_regions",
    "make_session",
    "use_network_for_credentials",
]

SANDBOX_ACCOUNT_ID = "123456789012"
MAX_CONNECTIONS = 32
# moto accepts any keys; these are not secrets and never leave the machine.
SANDBOX_KEY = "sandbox"

# How long a call waits for AWS's answer once its request is sent. Describe/create calls of
# RDS, DMS, EC2, IAM and STS answer in a second or two: 9 s x 3 attempts (plus the connect
# timeouts) makes a call to nothing fail in about 30 s instead of botocore's 60 s x 5.
QUICK_READ_TIMEOUT = 9.0
# S3 calls that move data or make S3 assemble it: a part's answer comes after its body, a
# complete/copy may take a while. botocore's default; the upload engine retries parts itself.
TRANSFER_READ_TIMEOUT = 60.0
# Attempts of a transfer call, the first included: as before quick calls were tuned (the
# engine's part retries and outage wait sit above these).
TRANSFER_MAX_ATTEMPTS = 6
# urllib3 2.x applies the connect timeout to each send of a body (facts/fault-injection.md):
# a part on a busy uplink may not move for a few seconds without anything being wrong.
TRANSFER_SEND_TIMEOUT = 20.0
TRANSFER_OPERATIONS = frozenset(
    {
        ("s3", "upload_part"),
        ("s3", "upload_part_copy"),
        ("s3", "put_object"),
        ("s3", "get_object"),
        ("s3", "copy_object"),
        ("s3", "complete_multipart_upload"),
    }
)


class CallKind(enum.Enum):
    """Which client tuning a call gets (see ``Connection.botocore_config``)."""

    QUICK = "quick"
    TRANSFER = "transfer"

    @classmethod
    def of(cls, service: str, operation: str) -> CallKind:
        return cls.TRANSFER if (service, operation) in TRANSFER_OPERATIONS else cls.QUICK


@dataclass(frozen=True)
class Connection:
    """Which AWS to talk to. ``profile`` empty in PROFILE mode means botocore's default chain
    (environment variables, ~/.aws, instance role)."""

    mode: ConnectionMode
    region: str
    profile: str = ""
    endpoint_url: str | None = None
    retry_mode: RetryMode = RetryMode.STANDARD
    # Attempts of a quick call, the first included (botocore's total_max_attempts).
    max_attempts: int = 3
    # Seconds a quick call waits for the answer (transfers: TRANSFER_READ_TIMEOUT).
    read_timeout: float = QUICK_READ_TIMEOUT
    network: NetworkSettings = field(default_factory=NetworkSettings)

    @property
    def is_sandbox(self) -> bool:
        return self.mode is ConnectionMode.SANDBOX

    def label(self) -> str:
        if self.is_sandbox:
            return "Sandbox"
        if self.mode is ConnectionMode.KEYS:
            return "Stored access keys"
        return f"Profile {self.profile}" if self.profile else "Default AWS credentials"

    def attempts(self, kind: CallKind = CallKind.QUICK) -> int:
        return TRANSFER_MAX_ATTEMPTS if kind is CallKind.TRANSFER else self.max_attempts

    def connect_timeout_for(self, kind: CallKind = CallKind.QUICK) -> float:
        chosen = self.network.connect_timeout
        return max(chosen, TRANSFER_SEND_TIMEOUT) if kind is CallKind.TRANSFER else chosen

    def read_timeout_for(self, kind: CallKind = CallKind.QUICK) -> float:
        return TRANSFER_READ_TIMEOUT if kind is CallKind.TRANSFER else self.read_timeout

    def network_config(self, kind: CallKind = CallKind.QUICK) -> botocore.config.Config:
        """Timeouts and proxies (the Settings dialog's) for ``kind`` of call."""
        network = self.network
        return botocore.config.Config(
            connect_timeout=self.connect_timeout_for(kind),
            read_timeout=self.read_timeout_for(kind),
            proxies=network.proxies_for(self.endpoint_url),
            # An https:// proxy that inspects TLS shows a certificate from the same CA.
            proxies_config={"proxy_ca_bundle": network.ca_bundle} if network.ca_bundle else None,
        )

    def botocore_config(self, kind: CallKind = CallKind.QUICK) -> botocore.config.Config:
        """The client settings for ``kind`` of call: retries, timeouts and proxies,
        checksums and the connection pool."""
        return self.network_config(kind).merge(
            botocore.config.Config(
                region_name=self.region,
                # botocore's "max_attempts" counts retries only; "total_max_attempts" all.
                retries={"mode": self.retry_mode.value, "total_max_attempts": self.attempts(kind)},
                user_agent_extra="migration-assistant",
                # Our transfer engine sends its own per-part checksums; see shared facts on
                # S3-compatible servers rejecting the SDK's default trailing CRC32.
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
                # Over plain HTTP botocore would SHA-256 every part just to sign it; our
                # per-part checksum and the final ETag check protect the data (bench/README.md).
                s3={"payload_signing_enabled": False},
                # One connection per concurrent part (the engine allows up to 32).
                max_pool_connections=MAX_CONNECTIONS,
                # Transfer calls come only from our typed builders (core/transfer/s3_calls.py,
                # core/sync/calls.py), checked by mypy against the stubs: botocore's check
                # again costs ~0.15 ms a call, ~12% of a small file's PUT (bench/README.md).
                # Quick calls carry what users type, and keep botocore's plain messages.
                parameter_validation=kind is not CallKind.TRANSFER,
            )
        )

    @property
    def verify(self) -> str | None:
        """A client's ``verify``: the chosen CA bundle, or None for botocore's own choice
        (AWS_CA_BUNDLE, the profile's ca_bundle, its bundled certificates)."""
        return self.network.ca_bundle or None


def make_session(
    connection: Connection,
    store: CredentialStore | None = None,
    mfa_prompter: MfaPrompter | None = None,
) -> botocore.session.Session:
    """A botocore session for ``connection`` (``core/aws/sessions.py``). Raises NoCredentials
    with the fix when keys are missing; a profile's own problems (SSO expired, bad role)
    surface on the first call.

    A role profile with ``mfa_serial`` asks ``mfa_prompter`` for the code at the first
    call; without one (headless commands) that call fails with a plain error, never a
    prompt on stdin."""
    if connection.is_sandbox:
        return new_session(keys=(SANDBOX_KEY, SANDBOX_KEY, None), region=connection.region)
    if connection.mode is ConnectionMode.KEYS:
        keys = load_access_keys(store) if store is not None else None
        if keys is None:
            raise NoCredentials("No access keys are stored yet.")
        return new_session(
            keys=(keys.access_key_id, keys.secret_access_key, keys.session_token or None),
            region=connection.region,
        )
    try:
        session = new_session(profile=connection.profile or None, region=connection.region)
    except botocore.exceptions.ProfileNotFound as error:
        raise NoCredentials(
            f"The AWS profile '{connection.profile}' is not in your AWS configuration.",
            "Choose one of the listed profiles, or enter access keys instead.",
            details=str(error),
        ) from error
    install_prompter(session, mfa_prompter or refusing_prompter(session.profile or "default"))
    return session


def use_network_for_credentials(session: botocore.session.Session, connection: Connection) -> None:
    """Clients botocore makes by itself while it gets credentials (a role's AssumeRole, an
    SSO profile's GetRoleCredentials) take the same proxy, CA bundle and timeouts as ours:
    behind a proxy they could not reach AWS otherwise."""
    session.set_default_client_config(connection.network_config())
    if connection.verify:
        session.set_config_variable("ca_bundle", connection.verify)


def available_profiles() -> list[str]:
    """Profile names from the user's AWS config and credentials files (SSO ones included)."""
    return sorted(botocore.session.get_session().available_profiles)


def configured_region(profile: str = "") -> str | None:
    """The region the user's AWS config gives ``profile`` (or the default chain), if any."""
    try:
        session = botocore.session.get_session()
        if profile:
            session.set_config_variable("profile", profile)
        region: str | None = session.get_config_variable("region")
        return region
    except botocore.exceptions.BotoCoreError:
        # An unknown profile is reported by the first call, in plain words.
        return None


def known_regions() -> list[str]:
    """Regions botocore knows for EC2 (the commercial partition), sorted."""
    return sorted(new_session().get_available_regions("ec2"))
