"""New botocore sessions: the one place the app makes them.

The app makes its clients on botocore's sessions, not boto3's: boto3 adds resources and
s3transfer's managed transfers, which the app does not use (its own engine moves the bytes),
and importing them (s3transfer brings multiprocessing) cost every start ~25 ms, measured.
A session made here is what ``boto3.Session`` made: the same credential chain, profile and
region settings, the same user agent; and it loads botocore's data files through the
app's cache (``core/aws/data_cache.py``).
"""

from __future__ import annotations

import functools
import importlib.metadata

import botocore.session

from core.aws.data_cache import use_data_cache
from core.paths import AppPaths

__all__ = ["new_session"]


@functools.cache
def _boto3_version() -> str | None:
    try:
        return importlib.metadata.version("boto3")
    except importlib.metadata.PackageNotFoundError:
        return None  # a bundle without boto3's metadata: botocore's own user agent


def _introduce_as_boto3(session: botocore.session.Session) -> None:
    """The user agent boto3 gives its sessions: 'Boto3/1.x ... Botocore/1.x migration-assistant'."""
    version = _boto3_version()
    if version is None:
        return
    botocore_info = f"Botocore/{session.user_agent_version}"
    extra = session.user_agent_extra
    session.user_agent_extra = f"{extra} {botocore_info}" if extra else botocore_info
    session.user_agent_name = "Boto3"
    session.user_agent_version = version


def new_session(
    *,
    profile: str | None = None,
    region: str | None = None,
    keys: tuple[str, str, str | None] | None = None,
) -> botocore.session.Session:
    """A botocore session for ``profile`` (None: AWS_PROFILE or the default chain), or signing
    with ``keys`` (access key, secret key, session token or None), in ``region`` (None: the
    profile's or AWS_DEFAULT_REGION). Raises botocore's ProfileNotFound for a profile the AWS
    config files do not have, as boto3.Session did."""
    session = botocore.session.get_session()
    _introduce_as_boto3(session)
    if profile is not None:
        session.set_config_variable("profile", profile)
    if keys is not None:
        access_key, secret_key, token = keys
        session.set_credentials(access_key, secret_key, token)
    if region is not None:
        session.set_config_variable("region", region)
    # Reads the profile's settings first: an unknown profile raises here, not at a call.
    use_data_cache(session, AppPaths.default().botocore_cache)
    return session
