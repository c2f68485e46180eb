"""What the user chose for the guided migration, with good defaults and the names made from
them, saved next to the progress file so a run continued after a restart uses the same names.
The wizard's pages only read their widgets into ``GuidedChoices``; ``inputs()`` turns them
into the flow's inputs.

No secrets here: passwords live in the credential store only, the source's under its
login's name (``core.database.password_name``), as in every other flow.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.fileio import atomic_write_json, read_json
from core.flows.endpoints import EndpointSpec, EndpointType, SslMode
from core.flows.migrate_mysql_plan import MigrateMysqlInputs
from core.flows.migration_task import MigrationType, TablePrepMode
from core.flows.replication_instance import ReplicationInstanceSpec
from core.flows.table_mapping import SelectionRule, TableMapping
from core.flows.target_database import DatabaseSpec, Template
from core.paths import AppPaths

__all__ = ["GuidedChoices", "choices_path", "load_choices", "save_choices"]


@dataclass(frozen=True)
class GuidedChoices:
    """The form values. Defaults fit our scenario: database ``books`` into ``books-db``."""

    source_server: str = ""
    source_port: int = 3306
    database: str = "books"
    source_user: str = "dms_user"
    source_engine: str = "mysql"
    ssl_mode: str = SslMode.NONE.value
    target_identifier: str = "books-db"
    master_user: str = "admin"
    template: str = Template.FREE_TIER.value
    replication_identifier: str = "books-repl"
    task_identifier: str = "books-migration"
    migration_type: str = MigrationType.FULL_LOAD.value
    prep_mode: str = TablePrepMode.DROP_AND_CREATE.value
    tables: str = "%"
    allow_by_security_group: bool = False

    def inputs(self) -> MigrateMysqlInputs:
        """The flow's inputs for these choices, with the names made from them (identifiers
        are validated by the flow)."""
        return MigrateMysqlInputs(
            database=DatabaseSpec.from_template(
                Template(self.template),
                self.target_identifier,
                master_username=self.master_user,
                database_name=self.database,
                new_security_group_name=f"{self.target_identifier}-mysql",
            ),
            replication_instance=ReplicationInstanceSpec(
                self.replication_identifier,
                description=f"Migration Assistant: {self.database} to {self.target_identifier}",
            ),
            source=EndpointSpec(
                identifier=f"{self.task_identifier}-source",
                endpoint_type=EndpointType.SOURCE,
                server_name=self.source_server,
                username=self.source_user,
                engine=self.source_engine,
                port=self.source_port,
                database_name=self.database,
                ssl_mode=SslMode(self.ssl_mode),
            ),
            task_identifier=self.task_identifier,
            table_mapping=TableMapping(selections=(SelectionRule(self.database, self.tables),)),
            migration_type=MigrationType(self.migration_type),
            target_table_prep_mode=TablePrepMode(self.prep_mode),
            target_endpoint_identifier=f"{self.task_identifier}-target",
            allow_by_security_group=self.allow_by_security_group,
        )

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> GuidedChoices:
        known = {field.name for field in dataclasses.fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in known})


def choices_path(paths: AppPaths, scope: str, region: str) -> Path:
    return paths.data_dir / "guided" / f"migrate-mysql-choices-{scope}-{region}.json"


def save_choices(paths: AppPaths, scope: str, region: str, choices: GuidedChoices) -> None:
    atomic_write_json(choices_path(paths, scope, region), choices.to_json())


def load_choices(paths: AppPaths, scope: str, region: str) -> GuidedChoices | None:
    data = read_json(choices_path(paths, scope, region), None)
    if not isinstance(data, dict):
        return None
    try:
        return GuidedChoices.from_json(data)
    except (TypeError, ValueError):
        return None  # an unreadable old file: start with the defaults
