"""Typed user settings under the platform's config directory. Never a secret here:
access keys and passwords live in the credential store."""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.fileio import atomic_write_json, read_json
from core.network import NetworkSettings

__all__ = ["ConnectionMode", "RetryMode", "Settings"]

DEFAULT_REGION = "us-east-1"


class ConnectionMode(enum.StrEnum):
    SANDBOX = "sandbox"
    PROFILE = "profile"
    KEYS = "keys"


class RetryMode(enum.StrEnum):
    STANDARD = "standard"
    ADAPTIVE = "adaptive"


@dataclass(frozen=True)
class Settings:
    """What the user chose last time. Every field is safe to write to disk."""

    connection: ConnectionMode = ConnectionMode.SANDBOX
    profile: str = ""
    region: str = DEFAULT_REGION
    retry_mode: RetryMode = RetryMode.STANDARD
    # Seconds a Sandbox lifecycle stage lasts in the GUI (tests use 0).
    sandbox_pace: float = 1.0
    # Proxy, CA bundle and connect timeout for every AWS call (Edit > Settings…).
    network: NetworkSettings = field(default_factory=NetworkSettings)

    @classmethod
    def load(cls, path: Path) -> Settings:
        raw: dict[str, Any] = read_json(path, {})
        known = {field.name for field in dataclasses.fields(cls)}
        values = {key: value for key, value in raw.items() if key in known}
        try:
            return cls(
                connection=ConnectionMode(values.get("connection", ConnectionMode.SANDBOX)),
                profile=str(values.get("profile", "")),
                region=str(values.get("region", DEFAULT_REGION)) or DEFAULT_REGION,
                retry_mode=RetryMode(values.get("retry_mode", RetryMode.STANDARD)),
                sandbox_pace=float(values.get("sandbox_pace", 1.0)),
                network=NetworkSettings.from_json(values.get("network")),
            )
        except ValueError:
            # A hand-edited or older file must not stop the app from starting.
            return cls()

    def save(self, path: Path) -> None:
        data = dataclasses.asdict(self)
        data["connection"] = str(self.connection)
        data["retry_mode"] = str(self.retry_mode)
        data["network"] = self.network.to_json()
        atomic_write_json(path, data)

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)
