"""Where secrets live: the OS keyring in the app, a dictionary in tests."""

from core.credentials.keyring_store import KeyringStore
from core.credentials.store import (
    AWS_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY,
    AWS_SESSION_TOKEN,
    SERVICE,
    AccessKeys,
    CredentialStore,
    InMemoryStore,
    database_password_name,
    forget_access_keys,
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
    "KeyringStore",
    "database_password_name",
    "forget_access_keys",
    "load_access_keys",
    "save_access_keys",
]
