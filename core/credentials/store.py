"""The credential store protocol, an in-memory backend, and the names we store secrets under."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from core.errors import CredentialStoreUnavailable

__all__ = [
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "SERVICE",
    "AccessKeys",
    "CredentialStore",
    "InMemoryStore",
    "Keyring",
    "database_password_name",
    "forget_access_keys",
    "is_database_password",
    "load_access_keys",
    "save_access_keys",
]

SERVICE = "migration-assistant"
AWS_ACCESS_KEY_ID = "aws-access-key-id"
AWS_SECRET_ACCESS_KEY = "aws-secret-access-key"
AWS_SESSION_TOKEN = "aws-session-token"


class CredentialStore(Protocol):
    """get/set/delete secrets by name. Raises CredentialStoreUnavailable when it cannot."""

    def get(self, name: str) -> str | None: ...

    def set(self, name: str, value: str) -> None: ...

    def delete(self, name: str) -> None: ...


class Keyring(CredentialStore, Protocol):
    """A store that can tell beforehand that it cannot keep secrets (no keyring service)."""

    def problem(self) -> CredentialStoreUnavailable | None: ...


class InMemoryStore:
    """A dictionary; for tests, and for secrets kept until the app closes (``SessionStore``)."""

    def __init__(self) -> None:
        self._secrets: dict[str, str] = {}

    def problem(self) -> CredentialStoreUnavailable | None:
        return None

    def get(self, name: str) -> str | None:
        return self._secrets.get(name)

    def set(self, name: str, value: str) -> None:
        self._secrets[name] = value

    def delete(self, name: str) -> None:
        self._secrets.pop(name, None)


@dataclass(frozen=True)
class AccessKeys:
    """An access key pair; ``session_token`` for temporary keys (ASIA…, from a portal or
    ``aws sts``), empty for an IAM user's own keys."""

    access_key_id: str
    secret_access_key: str
    session_token: str = ""

    def __repr__(self) -> str:
        # Never let a secret reach a log through a repr.
        token = ", session_token='****'" if self.session_token else ""
        return f"AccessKeys(access_key_id={self.access_key_id!r}, secret_access_key='****'{token})"


def save_access_keys(store: CredentialStore, keys: AccessKeys) -> None:
    store.set(AWS_ACCESS_KEY_ID, keys.access_key_id)
    store.set(AWS_SECRET_ACCESS_KEY, keys.secret_access_key)
    if keys.session_token:
        store.set(AWS_SESSION_TOKEN, keys.session_token)
    else:
        # An old token would be sent with the new keys and AWS would refuse both.
        store.delete(AWS_SESSION_TOKEN)


def load_access_keys(store: CredentialStore) -> AccessKeys | None:
    key_id = store.get(AWS_ACCESS_KEY_ID)
    secret = store.get(AWS_SECRET_ACCESS_KEY)
    if not key_id or not secret:
        return None
    return AccessKeys(key_id, secret, store.get(AWS_SESSION_TOKEN) or "")


def forget_access_keys(store: CredentialStore) -> None:
    """Delete the stored keys (and token); nothing happens for those not stored."""
    for name in (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN):
        store.delete(name)


DATABASE_PASSWORD_PREFIX = "db-password:"


def database_password_name(scope: str, identifier: str) -> str:
    """The name a database password is stored under, e.g. ``db-password:sandbox:books-db``."""
    return f"{DATABASE_PASSWORD_PREFIX}{scope}:{identifier}"


def is_database_password(name: str) -> bool:
    return name.startswith(DATABASE_PASSWORD_PREFIX)
