"""What a portfolio lists: applications and the components they split into, each moving
on its own (a VM, a database, a file share, the application's code)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["MYSQL_ENGINES", "Component", "ComponentKind"]

MYSQL_ENGINES = ("mysql", "mariadb")


class ComponentKind(StrEnum):
    VM = "vm"
    DATABASE = "database"
    FILE_SHARE = "file share"
    APP_CODE = "app code"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    ComponentKind.VM: "Virtual machine",
    ComponentKind.DATABASE: "Database",
    ComponentKind.FILE_SHARE: "File share",
    ComponentKind.APP_CODE: "Application code",
}


@dataclass(frozen=True)
class Component:
    """One part of an application. ``size`` as typed (``500GB``; empty when unknown);
    ``platform`` is the OS of a VM or the engine of a database (``MySQL 8.0``)."""

    application: str
    name: str
    kind: ComponentKind
    size: str = ""
    platform: str = ""
    notes: str = ""

    @property
    def is_mysql(self) -> bool:
        engine = self.platform.strip().lower()
        return self.kind is ComponentKind.DATABASE and engine.startswith(MYSQL_ENGINES)
