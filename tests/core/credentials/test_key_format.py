from __future__ import annotations

import pytest

from core.credentials import (
    AccessKeys,
    KeyringStore,
    forget_access_keys,
    load_access_keys,
    save_access_keys,
)
from core.credentials.key_format import access_key_problems
from tests.fixtures.keyring import DictKeyring

SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


@pytest.mark.parametrize(
    ("keys", "field", "says"),
    [
        (AccessKeys("", SECRET), "access_key_id", "Enter the access key ID."),
        (AccessKeys("admin", SECRET), "access_key_id", "starts with AKIA"),
        (AccessKeys("AKIA123", SECRET), "access_key_id", "16 to 128 letters and digits"),
        (AccessKeys("AKIAIOSFODNN7EXAMPLE", ""), "secret_access_key", "Enter the secret"),
        (
            AccessKeys("AKIAIOSFODNN7EXAMPLE", SECRET[:-1]),
            "secret_access_key",
            "40 letters, digits, / or + (this one is 39 characters)",
        ),
        (AccessKeys("ASIAIOSFODNN7EXAMPLE", SECRET), "session_token", "need their session token"),
        (
            AccessKeys("AKIAIOSFODNN7EXAMPLE", SECRET, "FwoGZXIvYXdzE"),
            "session_token",
            "have no session token",
        ),
    ],
)
def test_keys_that_cannot_be_right_are_named_at_their_field(
    keys: AccessKeys, field: str, says: str
) -> None:
    problems = access_key_problems(keys)
    assert list(problems) == [field]
    assert says in problems[field]


def test_real_looking_keys_pass() -> None:
    assert access_key_problems(AccessKeys("AKIAIOSFODNN7EXAMPLE", SECRET)) == {}
    assert access_key_problems(AccessKeys("ASIAIOSFODNN7EXAMPLE", SECRET, "Fw/oGZ+X=")) == {}


def test_a_session_token_is_kept_in_the_keyring_and_forgotten_with_the_keys(
    dict_keyring: DictKeyring,
) -> None:
    store = KeyringStore()
    keys = AccessKeys("ASIAIOSFODNN7EXAMPLE", SECRET, "FwoGZXIvYXdzE")
    save_access_keys(store, keys)
    assert dict_keyring.secrets[("migration-assistant", "aws-session-token")] == "FwoGZXIvYXdzE"
    assert load_access_keys(store) == keys
    assert "FwoGZXIvYXdzE" not in repr(keys)
    # New long-term keys replace the temporary ones: the old token must not stay behind.
    save_access_keys(store, AccessKeys("AKIAIOSFODNN7EXAMPLE", SECRET))
    assert load_access_keys(store) == AccessKeys("AKIAIOSFODNN7EXAMPLE", SECRET)
    forget_access_keys(store)
    assert load_access_keys(store) is None
    assert dict_keyring.secrets == {}
