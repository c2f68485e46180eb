from __future__ import annotations

import os
import uuid

import pytest

from core.credentials import (
    AccessKeys,
    InMemoryStore,
    KeyringStore,
    load_access_keys,
    save_access_keys,
)
from core.errors import CredentialStoreUnavailable
from tests.fixtures.keyring import DictKeyring, NoKeyring


class PlaintextLikeKeyring(DictKeyring):
    """Stands in for keyrings.alt's file backends, which the app must refuse."""


PlaintextLikeKeyring.__module__ = "keyrings.alt.file"


def test_in_memory_store_round_trip() -> None:
    store = InMemoryStore()
    save_access_keys(store, AccessKeys("AKIAEXAMPLE", "secret"))
    assert load_access_keys(store) == AccessKeys("AKIAEXAMPLE", "secret")
    store.delete("aws-secret-access-key")
    assert load_access_keys(store) is None


def test_access_keys_never_show_the_secret() -> None:
    assert "secret-value" not in repr(AccessKeys("AKIAEXAMPLE", "secret-value"))


def test_keyring_store_uses_the_os_keyring(dict_keyring: DictKeyring) -> None:
    store = KeyringStore()
    store.set("db-password:sandbox:books", "pw")
    assert dict_keyring.secrets[("migration-assistant", "db-password:sandbox:books")] == "pw"
    assert store.get("db-password:sandbox:books") == "pw"
    store.delete("db-password:sandbox:books")
    store.delete("db-password:sandbox:books")  # deleting twice is not an error
    assert store.get("db-password:sandbox:books") is None


def test_no_keyring_says_so_plainly_with_the_fix() -> None:
    store = KeyringStore(backend=NoKeyring())
    with pytest.raises(CredentialStoreUnavailable) as caught:
        store.set("aws-secret-access-key", "x")
    assert "no usable keyring" in caught.value.message
    assert "gnome-keyring" in caught.value.fix
    assert "never written to a plain file" in caught.value.fix


def test_a_plaintext_keyring_is_refused() -> None:
    store = KeyringStore(backend=PlaintextLikeKeyring())
    with pytest.raises(CredentialStoreUnavailable):
        store.get("aws-access-key-id")


@pytest.mark.skipif(
    not os.environ.get("DBUS_SESSION_BUS_ADDRESS"),
    reason="needs the D-Bus session with gnome-keyring that `packaging/setup.sh test` starts",
)
def test_the_real_secret_service_keeps_a_secret() -> None:
    store = KeyringStore()
    assert "SecretService" in store.describe()
    name = f"test-{uuid.uuid4()}"
    store.set(name, "value-1")
    try:
        assert store.get(name) == "value-1"
    finally:
        store.delete(name)
    assert store.get(name) is None
