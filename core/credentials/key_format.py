"""What AWS access keys look like, checked before any call so a typo is named at its field.

IAM API reference (AccessKey): the key id is 16 to 128 word characters; in practice it
starts with AKIA (an IAM user's long-term key) or ASIA (temporary keys from STS, which only
work with their session token). A secret access key is 40 base64 characters.
"""

from __future__ import annotations

import re

from core.credentials.store import AccessKeys
from core.errors import ValidationError, all_problems

__all__ = ["access_key_problems"]

_KEY_ID = re.compile(r"\w{16,128}")
_SECRET = re.compile(r"[A-Za-z0-9/+]{40}")
_TOKEN = re.compile(r"[A-Za-z0-9/+=_-]+")
LONG_TERM, TEMPORARY = "AKIA", "ASIA"
_COPY_AGAIN = "Copy it again from where you got the keys, without spaces or quotes."


def _check_key_id(key_id: str) -> None:
    if not key_id:
        raise ValidationError("access_key_id", "Enter the access key ID.")
    if not key_id.startswith((LONG_TERM, TEMPORARY)):
        raise ValidationError(
            "access_key_id",
            "An access key ID starts with AKIA (an IAM user's key) or ASIA (temporary keys).",
            "Check that this is the key ID, not the secret or a user name.",
        )
    if not _KEY_ID.fullmatch(key_id):
        raise ValidationError(
            "access_key_id",
            "An access key ID is 16 to 128 letters and digits (e.g. 20, AKIA plus 16).",
            _COPY_AGAIN,
        )


def _check_secret(secret: str) -> None:
    if not secret:
        raise ValidationError("secret_access_key", "Enter the secret access key.")
    if not _SECRET.fullmatch(secret):
        raise ValidationError(
            "secret_access_key",
            f"A secret access key is 40 letters, digits, / or + (this one is {len(secret)} "
            "characters).",
            _COPY_AGAIN,
        )


def _check_token(key_id: str, token: str) -> None:
    if key_id.startswith(TEMPORARY) and not token:
        raise ValidationError(
            "session_token",
            "Temporary keys (ASIA…) need their session token.",
            "Paste the session token given with the keys (AWS_SESSION_TOKEN in a portal's "
            "'command line access' text).",
        )
    if key_id.startswith(LONG_TERM) and token:
        raise ValidationError(
            "session_token",
            "An IAM user's keys (AKIA…) have no session token.",
            "Leave the session token empty, or enter the temporary keys (ASIA…) it came with.",
        )
    if token and not _TOKEN.fullmatch(token):
        raise ValidationError(
            "session_token", "The session token has spaces or other stray characters.", _COPY_AGAIN
        )


def access_key_problems(keys: AccessKeys) -> dict[str, str]:
    """Field (``access_key_id``, ``secret_access_key``, ``session_token``) -> plain message,
    for keys that cannot be right; empty when they look like AWS keys."""
    return all_problems(
        lambda: _check_key_id(keys.access_key_id),
        lambda: _check_secret(keys.secret_access_key),
        lambda: _check_token(keys.access_key_id, keys.session_token),
    )
