"""The OS keyring as the credential store. Refuses, with the fix, rather than fall back
to a plaintext file when no real keyring service is available."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from core.credentials.store import SERVICE
from core.errors import CredentialStoreUnavailable

if TYPE_CHECKING:
    import keyring.backend

# keyring is imported where a secret is first needed, not with this module: loading it
# (and its backends' entry points) costs every headless command about 50 ms, and a
# profile's or the Sandbox's run never reads the keyring.

__all__ = ["KeyringStore", "keyring_fix"]

# Backends that are not a real secret store: the 'fail' and 'null' placeholders, and
# keyrings.alt's plaintext/base64 files, which would put secrets on disk in the clear.
_REFUSED_BACKEND_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


_NEVER_PLAIN = "Secrets are never written to a plain file."


def keyring_fix(platform: str = sys.platform) -> str:
    """How to get a usable keyring on ``platform`` (``sys.platform``)."""
    if platform == "darwin":
        return (
            "Open Keychain Access and unlock your login keychain (or create one: File > New "
            f"Keychain), then try again. {_NEVER_PLAIN}"
        )
    if platform == "win32":
        return (
            "Check that Windows Credential Manager works (Control Panel > Credential Manager; "
            f"its service is Credential Manager, VaultSvc), then try again. {_NEVER_PLAIN}"
        )
    return (
        "Install and unlock a Secret Service keyring: gnome-keyring (most desktops) or KWallet "
        "(KDE), which start with your desktop session; without a desktop, start one in your "
        "session with gnome-keyring-daemon --unlock --components=secrets. Then try again. "
        f"{_NEVER_PLAIN}"
    )


class KeyringStore:
    """Secrets in the OS keyring (Secret Service, KWallet, macOS Keychain, Windows Vault)."""

    def __init__(
        self, service: str = SERVICE, backend: keyring.backend.KeyringBackend | None = None
    ) -> None:
        self.service = service
        self._backend = backend

    @property
    def backend(self) -> keyring.backend.KeyringBackend:
        import keyring  # noqa: PLC0415 - see above

        backend = self._backend or keyring.get_keyring()
        self._check_usable(backend)
        return backend

    @staticmethod
    def _real_backends(
        backend: keyring.backend.KeyringBackend,
    ) -> list[keyring.backend.KeyringBackend]:
        """The backends that would hold a secret, the chainer's members included."""
        import keyring.backends.fail  # noqa: PLC0415 - see above
        import keyring.backends.null  # noqa: PLC0415

        placeholders = (keyring.backends.fail.Keyring, keyring.backends.null.Keyring)
        members = list(getattr(backend, "backends", [backend]))
        return [
            member
            for member in members
            if not isinstance(member, placeholders)
            and not type(member).__module__.startswith(_REFUSED_BACKEND_MODULES)
        ]

    @classmethod
    def _check_usable(cls, backend: keyring.backend.KeyringBackend) -> None:
        if not cls._real_backends(backend):
            raise cls._no_keyring(backend)

    @staticmethod
    def _no_keyring(backend: object) -> CredentialStoreUnavailable:
        kind = type(backend)
        return CredentialStoreUnavailable(
            "This computer has no usable keyring to keep your AWS keys and passwords in.",
            keyring_fix(),
            details=f"keyring backend found: {kind.__module__}.{kind.__name__}",
        )

    def problem(self) -> CredentialStoreUnavailable | None:
        """Why no secret can be kept here (no real keyring service), or None. A locked
        keyring counts as usable: using it asks the user to unlock it."""
        try:
            self.backend  # noqa: B018 - the property checks the backend
        except CredentialStoreUnavailable as error:
            return error
        return None

    def describe(self) -> str:
        """The backend's name for the UI, or the reason it is unusable."""
        try:
            backend = self.backend
        except CredentialStoreUnavailable as error:
            return error.message
        return ", ".join(str(member.name) for member in self._real_backends(backend))

    def get(self, name: str) -> str | None:
        import keyring.errors  # noqa: PLC0415 - see above

        try:
            return self.backend.get_password(self.service, name)
        except keyring.errors.KeyringError as error:
            raise self._unavailable(error) from error

    def set(self, name: str, value: str) -> None:
        import keyring.errors  # noqa: PLC0415 - see above

        try:
            self.backend.set_password(self.service, name, value)
        except keyring.errors.KeyringError as error:
            raise self._unavailable(error) from error

    def delete(self, name: str) -> None:
        import keyring.errors  # noqa: PLC0415 - see above

        try:
            self.backend.delete_password(self.service, name)
        except keyring.errors.PasswordDeleteError:
            return
        except keyring.errors.KeyringError as error:
            raise self._unavailable(error) from error

    def _unavailable(self, error: Exception) -> CredentialStoreUnavailable:
        import keyring.errors  # noqa: PLC0415 - see above

        if isinstance(error, keyring.errors.NoKeyringError):
            return self._no_keyring(self._backend or keyring.get_keyring())
        return CredentialStoreUnavailable(
            "The keyring refused the request (it may be locked).",
            f"Unlock your keyring, then try again. {_NEVER_PLAIN}",
            details=str(error),
        )
