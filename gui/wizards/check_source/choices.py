"""What the pages of "Check source database" share: ``wizard.state``. The pages also run
inside the guided migration, so they read it through ``ChecksSource``, which both states
satisfy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from core.database import DatabaseLogin, MigrationType, PreflightReport

__all__ = ["CheckSourceChoices", "ChecksSource"]


class ChecksSource(Protocol):
    """The fields the check pages read and write in their wizard's state.

    Attributes:
        source_login: the login to check (its password in memory; the store keeps it
            under ``password_name(user, host, port)``); read as a default and written by
            ``SourceLoginPage``.
        source_schemas: the schemas to check, empty for every schema the user sees.
        migration_type: the migration the source must be ready for (None: not chosen, read
            as full load and ongoing changes).
        preflight_report: written by ``CheckProgressPage``, shown by ``CheckResultsPage``.
    """

    source_login: DatabaseLogin | None
    source_schemas: tuple[str, ...]
    migration_type: MigrationType | None
    preflight_report: PreflightReport | None


@dataclass
class CheckSourceChoices:
    """The state of "Check source database": the fields of ``ChecksSource``."""

    source_login: DatabaseLogin | None = None
    source_schemas: tuple[str, ...] = ()
    migration_type: MigrationType | None = None
    preflight_report: PreflightReport | None = None
