"""Where a database password comes from: an environment variable, else the keyring.

Never from a command line or a settings file. The app stores a password it was given under
``password_name(user, host, port)`` (scope ``mysql``), so the commands find it later.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from core.credentials import CredentialStore, database_password_name
from core.database.connection import address_label
from core.errors import CredentialStoreUnavailable, MigrationAssistantError

__all__ = [
    "KEYRING_SCOPE",
    "SOURCE_PASSWORD_ENV",
    "TARGET_PASSWORD_ENV",
    "MissingPassword",
    "find_password",
    "password_name",
]

SOURCE_PASSWORD_ENV = "MIGRATION_ASSISTANT_SOURCE_PASSWORD"
TARGET_PASSWORD_ENV = "MIGRATION_ASSISTANT_TARGET_PASSWORD"
KEYRING_SCOPE = "mysql"


class MissingPassword(MigrationAssistantError):
    """No password in the environment nor in the keyring."""


def password_name(user: str, host: str, port: int) -> str:
    """The keyring name of a MySQL password, e.g. ``db-password:mysql:dms@db1:3306``."""
    return database_password_name(KEYRING_SCOPE, address_label(user, host, port))


def find_password(
    env_name: str,
    user: str,
    host: str,
    port: int,
    *,
    store: CredentialStore,
    environ: Mapping[str, str] | None = None,
) -> str:
    """The password from ``env_name`` if set (even empty), else from ``store``."""
    environ = os.environ if environ is None else environ
    if env_name in environ:
        return environ[env_name]
    label = address_label(user, host, port)
    fix = (
        f"Set the environment variable {env_name}, or save the password for {label} in the "
        "app (it keeps it in your keyring). Passwords are never taken from the command line."
    )
    try:
        password = store.get(password_name(user, host, port))
    except CredentialStoreUnavailable as error:
        raise MissingPassword(
            f"No password for {label}: {env_name} is not set and the keyring is unavailable.",
            fix,
            error.details,
        ) from error
    if password is None:
        raise MissingPassword(
            f"No password for {label}: {env_name} is not set and the keyring has none.", fix
        )
    return password
