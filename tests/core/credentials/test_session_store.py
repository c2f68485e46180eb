"""The window's store: the keyring while it works; without one, memory for the Sandbox's
database passwords, and for everything once the user chose it; never a plain file."""

from __future__ import annotations

import pytest

from core.credentials import (
    AWS_ACCESS_KEY_ID,
    SERVICE,
    AccessKeys,
    KeyringStore,
    SessionStore,
    database_password_name,
    keyring_fix,
    load_access_keys,
    save_access_keys,
)
from core.errors import CredentialStoreUnavailable
from tests.fixtures.keyring import DictKeyring, NoKeyring

SANDBOX_PASSWORD = database_password_name("sandbox", "books-db")
KEYS = AccessKeys("AKIAIOSFODNN7EXAMPLE", "not-a-real-secret")


def test_with_a_keyring_every_secret_goes_to_it(dict_keyring: DictKeyring) -> None:
    store = SessionStore(KeyringStore(), in_sandbox=lambda: True)
    store.set(SANDBOX_PASSWORD, "pw")
    assert dict_keyring.secrets[(SERVICE, SANDBOX_PASSWORD)] == "pw"
    assert not store.needs_choice()
    store.delete(SANDBOX_PASSWORD)
    assert store.get(SANDBOX_PASSWORD) is None


def test_the_sandbox_keeps_its_database_passwords_in_memory_without_a_keyring() -> None:
    store = SessionStore(KeyringStore(backend=NoKeyring()), in_sandbox=lambda: True)
    assert store.get(SANDBOX_PASSWORD) is None  # nothing can be in a missing keyring
    store.set(SANDBOX_PASSWORD, "pw")
    assert store.get(SANDBOX_PASSWORD) == "pw"
    assert not store.needs_choice()
    store.delete(SANDBOX_PASSWORD)
    assert store.get(SANDBOX_PASSWORD) is None
    # Access keys are a real account's, never the Sandbox's: they wait for the user's choice.
    assert store.needs_choice(AWS_ACCESS_KEY_ID)
    with pytest.raises(CredentialStoreUnavailable):
        save_access_keys(store, KEYS)


def test_a_real_account_without_a_keyring_asks_then_keeps_secrets_in_memory() -> None:
    store = SessionStore(KeyringStore(backend=NoKeyring()), in_sandbox=lambda: False)
    assert store.needs_choice()
    with pytest.raises(CredentialStoreUnavailable) as refused:
        store.set(SANDBOX_PASSWORD, "pw")
    assert refused.value.message == (
        "This computer has no usable keyring to keep your AWS keys and passwords in."
    )
    assert "NoKeyring" in refused.value.details  # the backend found, for a bug report

    store.keep_in_memory()

    assert not store.needs_choice()
    save_access_keys(store, KEYS)
    assert load_access_keys(store) == KEYS


@pytest.mark.parametrize(
    ("platform", "names"),
    [
        ("linux", ("gnome-keyring", "KWallet", "gnome-keyring-daemon --unlock")),
        ("darwin", ("Keychain Access",)),
        ("win32", ("Credential Manager",)),
    ],
)
def test_the_fix_names_this_systems_keyring_and_never_a_plain_file(
    platform: str, names: tuple[str, ...]
) -> None:
    fix = keyring_fix(platform)
    assert all(name in fix for name in names)
    assert "never written to a plain file" in fix
