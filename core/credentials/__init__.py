"""Where secrets live: the OS keyring in the app (memory until it closes when there is
none, ``SessionStore``), a dictionary in tests."""

from core.credentials.keyring_store import KeyringStore, keyring_fix
from core.credentials.session_store import SessionStore
from core.credentials.store import (
    AWS_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY,
    AWS_SESSION_TOKEN,
    SERVICE,
    AccessKeys,
    CredentialStore,
    InMemoryStore,
    Keyring,
    database_password_name,
    forget_access_keys,
    is_database_password,
    load_access_keys,
    save_access_keys,
)

__all__ = [
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "SERVICE",
    "AccessKeys",
    "CredentialStore",
    "InMemoryStore",
    "Keyring",
    "KeyringStore",
    "SessionStore",
    "database_password_name",
    "forget_access_keys",
    "is_database_password",
    "keyring_fix",
    "load_access_keys",
    "save_access_keys",
]
