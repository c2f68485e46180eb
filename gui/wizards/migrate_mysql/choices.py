"""What the pages of "Migrate a MySQL database" share: ``wizard.state``. The form values
themselves are core's ``GuidedChoices`` (``core/flows/migrate_mysql_choices.py``), which the
run saves and the flow's inputs come from."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.database import DatabaseLogin, MigrationType, PreflightReport
from core.flows.migrate_mysql import GuidedResult
from core.flows.migrate_mysql_choices import GuidedChoices
from core.flows.monitor import MonitorInputs

__all__ = ["MigrateMysqlChoices"]


@dataclass
class MigrateMysqlChoices:
    """Attributes:
    guided: the form values (the defaults, or the saved run's when continuing); each form
        page replaces it with its fields changed; ``guided.inputs()`` is the flow's inputs.
    scope, region: the connection's, as the intro page found them (scope None before).
    continuing: the user continues a saved run (intro page).
    db_password: the new database's master password, in memory only ("" when it is no
        longer needed: continuing, or the database exists).
    source_login, source_schemas, migration_type, preflight_report: the check pages'
        fields (``ChecksSource``), written by the source page when it is ticked.
    result: the run's outcome (run page).
    watched: the run's task, which the monitoring page watches (``WatchesTask``).
    """

    guided: GuidedChoices = field(default_factory=GuidedChoices)
    scope: str | None = None
    region: str = ""
    continuing: bool = False
    db_password: str = ""
    source_login: DatabaseLogin | None = None
    source_schemas: tuple[str, ...] = ()
    migration_type: MigrationType | None = None
    preflight_report: PreflightReport | None = None
    result: GuidedResult | None = None
    watched: MonitorInputs | None = None
