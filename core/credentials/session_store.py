"""The store the window keeps secrets in: the keyring while there is a usable one, memory
until the app closes when there is none and memory is allowed.

Memory is allowed for the Sandbox's database passwords (throwaway, like the Sandbox's
databases, which end with the app), silently; and for everything once the user chose to
keep secrets in memory (``keep_in_memory``), which the window offers on a real account
before anything is created. Access keys are never a Sandbox secret: without a keyring they
wait for that choice too. Nothing ever goes to a plain file.
"""

from __future__ import annotations

from collections.abc import Callable

from core.credentials.store import InMemoryStore, Keyring, is_database_password
from core.errors import CredentialStoreUnavailable

__all__ = ["SessionStore"]


class SessionStore:
    """``CredentialStore`` over ``keyring`` with the memory fallback above.

    Attributes:
        keyring: where secrets go while it is usable (the OS keyring in the app).
        in_sandbox: whether the window is connected to the Sandbox now.
        memory_chosen: the user chose to keep secrets in memory until the app closes.
    """

    def __init__(self, keyring: Keyring, in_sandbox: Callable[[], bool] = lambda: False) -> None:
        self.keyring = keyring
        self.in_sandbox = in_sandbox
        self.memory_chosen = False
        self._memory = InMemoryStore()

    def problem(self) -> CredentialStoreUnavailable | None:
        """Why the keyring cannot keep secrets, or None."""
        return self.keyring.problem()

    def needs_choice(self, name: str = "") -> bool:
        """No usable keyring and no choice made yet, so the window must ask before keeping a
        secret (``keep_in_memory``, or stop): on a real account always; in the Sandbox for
        ``name`` when it is not a database password (access keys: ``AWS_ACCESS_KEY_ID``)."""
        if self.memory_chosen or self.problem() is None:
            return False
        if not self.in_sandbox():
            return True
        return bool(name) and not is_database_password(name)

    def keep_in_memory(self) -> None:
        """The user's choice: secrets stay in this process until it ends."""
        self.memory_chosen = True

    def in_memory(self, name: str) -> bool:
        """``name`` is kept in memory (gone when the app closes), not in the keyring."""
        return self._memory.get(name) is not None

    def _memory_allowed(self, name: str) -> bool:
        return self.memory_chosen or (self.in_sandbox() and is_database_password(name))

    def get(self, name: str) -> str | None:
        kept = self._memory.get(name)
        if kept is not None:
            return kept
        if self.problem() is not None:
            return None  # an unusable keyring holds nothing
        return self.keyring.get(name)

    def set(self, name: str, value: str) -> None:
        problem = self.problem()
        if problem is None:
            self.keyring.set(name, value)
            return
        if not self._memory_allowed(name):
            raise problem
        self._memory.set(name, value)

    def delete(self, name: str) -> None:
        self._memory.delete(name)
        if self.problem() is None:
            self.keyring.delete(name)
