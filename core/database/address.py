"""Where and as whom to connect, without the password: what a database flow's inputs hold.

A flow's inputs are shown in reprs and logs and compared by value, so the password is
given to the flow apart and joined to the address only for the connection
(``DatabaseAddress.login``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.database.connection import DatabaseLogin, address_label
from core.errors import ValidationError

__all__ = ["DatabaseAddress"]


@dataclass(frozen=True)
class DatabaseAddress:
    host: str
    user: str
    port: int = 3306
    connect_timeout: float = 10.0
    read_timeout: float = 120.0

    @classmethod
    def of(cls, login: DatabaseLogin) -> DatabaseAddress:
        """The address of a login a page already holds (its password stays with it)."""
        return cls(login.host, login.user, login.port, login.connect_timeout, login.read_timeout)

    def login(self, password: str) -> DatabaseLogin:
        return DatabaseLogin(
            self.host,
            self.user,
            password,
            port=self.port,
            connect_timeout=self.connect_timeout,
            read_timeout=self.read_timeout,
        )

    @property
    def label(self) -> str:
        return address_label(self.user, self.host, self.port)

    def checks(self, prefix: str = "") -> tuple[Callable[[], object], ...]:
        """One check per field, each raising ValidationError; ``prefix`` names which server
        (``source.`` makes the fields ``source.host`` ...). Nothing connects."""

        def host() -> None:
            # Any name the resolver may know (IPv6, a local alias): connecting tells the rest.
            if not self.host.strip() or any(char.isspace() for char in self.host.strip()):
                raise ValidationError(
                    f"{prefix}host", "Enter the database server's name or IP address."
                )

        def user() -> None:
            if not self.user.strip():
                raise ValidationError(f"{prefix}user", "Enter the database user name.")

        def port() -> None:
            if not 1 <= self.port <= 65535:
                raise ValidationError(
                    f"{prefix}port",
                    f"{self.port} is not a TCP port.",
                    "Use a number from 1 to 65535 (MySQL: 3306).",
                )

        def timeouts() -> None:
            if self.connect_timeout <= 0 or self.read_timeout <= 0:
                raise ValidationError(
                    f"{prefix}timeout", "The timeout must be more than 0 seconds."
                )

        return host, user, port, timeouts
