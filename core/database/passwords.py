"""Every database password's name in the credential store, and where a password comes from.

One name per MySQL login: ``password_name(user, host, port)``, e.g.
``db-password:mysql:dms@db1:3306``. Every flow that saves or reads a login's password (the
Endpoints wizard, the guided migration, Check source, Validate, the ``preflight`` and
``validate`` commands) goes through this module, so a password saved by one is found by all.
The one other name is the master password of an RDS database this app created,
``rds_password_name(scope, identifier)``: the ledger records it and teardown deletes it.

A command takes a password from an environment variable, else the keyring; never from a
command line or a settings file.
"""

from __future__ import annotations

import logging
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
    "rds_password_name",
    "save_password",
    "saved_password",
]

log = logging.getLogger("migration_assistant.database")

SOURCE_PASSWORD_ENV = "MIGRATION_ASSISTANT_SOURCE_PASSWORD"
TARGET_PASSWORD_ENV = "MIGRATION_ASSISTANT_TARGET_PASSWORD"
KEYRING_SCOPE = "mysql"

# Before every flow used password_name, the Endpoints wizard and the guided migration kept a
# source password as 'onprem' and a typed target as 'manual', both 'user@server' without the
# port. Read only to move such a password to its login's name (see saved_password).
_OLD_SCOPES = ("onprem", "manual")


class MissingPassword(MigrationAssistantError):
    """No password in the environment nor in the keyring."""


def password_name(user: str, host: str, port: int) -> str:
    """The keyring name of a MySQL login's password, e.g. ``db-password:mysql:dms@db1:3306``."""
    return database_password_name(KEYRING_SCOPE, address_label(user, host, port))


def rds_password_name(scope: str, identifier: str) -> str:
    """The master password of an RDS database this app created in ``scope`` (the account),
    e.g. ``db-password:sandbox:books-db``: kept apart from the login's name so teardown can
    delete it with the database (the ledger records it as ``password_name``)."""
    return database_password_name(scope, identifier)


def _old_names(user: str, host: str) -> tuple[str, ...]:
    return tuple(database_password_name(scope, f"{user}@{host}") for scope in _OLD_SCOPES)


def save_password(store: CredentialStore, user: str, host: str, port: int, password: str) -> str:
    """Keep ``password`` under the login's name; returns that name."""
    name = password_name(user, host, port)
    store.set(name, password)
    return name


def saved_password(store: CredentialStore, user: str, host: str, port: int) -> str | None:
    """The login's saved password, or None. One found only under an old name is moved to the
    login's name. Raises CredentialStoreUnavailable when the store cannot be read."""
    name = password_name(user, host, port)
    password = store.get(name)
    if password is not None:
        return password
    for old in _old_names(user, host):
        password = store.get(old)
        if password is None:
            continue
        try:
            store.set(name, password)
            store.delete(old)
        except CredentialStoreUnavailable as error:
            # Found all the same; moving it can wait for the next read.
            log.warning("database password not moved to %s: %s", name, error.plain())
        return password
    return None


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
        "app: “Check source database” on its Home page keeps it in your keyring once it "
        "worked. Passwords are never taken from the command line."
    )
    try:
        password = saved_password(store, user, host, port)
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
