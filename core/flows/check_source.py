"""Check the source database: ``CheckSourceFlow`` over the preflight
(``core.database.check_source.run_preflight``).

The preflight reads the MySQL/MariaDB server (settings, grants, tables) and judges it for
a DMS migration; it changes nothing there and makes no AWS call, so its plan is empty and
its ``run`` needs only somewhere to send events (``EventContext``), not the AWS door.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from core.database import DatabaseLogin, MigrationType, PreflightReport, run_preflight
from core.database.address import DatabaseAddress
from core.errors import ValidationError
from core.flows.context import EventContext
from core.flows.shape import Flow, PlannedCall, all_problems

__all__ = ["CheckSourceFlow", "CheckSourceInputs", "check_schema_names"]

_MAX_SCHEMA_NAME = 64  # MySQL's limit for a database name


@dataclass(frozen=True)
class CheckSourceInputs:
    """The server and user to check, the schemas to migrate (empty: every schema the
    user can see but the system ones) and what DMS will do."""

    server: DatabaseAddress
    schemas: tuple[str, ...] = ()
    migration_type: MigrationType = MigrationType.FULL_LOAD_AND_CDC


def check_schema_names(schemas: Sequence[str], field: str = "schemas") -> None:
    """ValidationError for a blank or too long schema name (nothing connects)."""
    for schema in schemas:
        if not schema.strip():
            raise ValidationError(field, "A schema name is empty.", "Remove it or type the name.")
        if len(schema) > _MAX_SCHEMA_NAME:
            raise ValidationError(
                field, f"'{schema[:20]}...' is longer than a MySQL schema name can be."
            )


class CheckSourceFlow(Flow[CheckSourceInputs, PreflightReport]):
    """The source preflight. The password is given apart, so it is in no repr."""

    key = "check-source"

    def __init__(self, inputs: CheckSourceInputs, password: str) -> None:
        super().__init__(inputs)
        self._password = password

    @classmethod
    def for_login(
        cls,
        login: DatabaseLogin,
        schemas: Sequence[str] = (),
        migration_type: MigrationType = MigrationType.FULL_LOAD_AND_CDC,
    ) -> CheckSourceFlow:
        """The flow for a login a page or command already holds, password included."""
        inputs = CheckSourceInputs(DatabaseAddress.of(login), tuple(schemas), migration_type)
        return cls(inputs, login.password)

    @property
    def login(self) -> DatabaseLogin:
        return self.inputs.server.login(self._password)

    def _checks(self) -> tuple[Callable[[], object], ...]:
        return (*self.inputs.server.checks(), lambda: check_schema_names(self.inputs.schemas))

    def problems(self) -> dict[str, str]:
        """Bad fields of the inputs; no connection is made (the server's own answers are
        the report's checks)."""
        return all_problems(*self._checks())

    def plan(self) -> tuple[PlannedCall, ...]:
        """Nothing: the check makes no AWS call and only reads the database."""
        return ()

    async def run(self, ctx: EventContext) -> PreflightReport:
        """Connect, read and judge; raises ValidationError for the first bad field before
        connecting, DatabaseConnectionFailed when the server refuses or cannot be reached."""
        for check in self._checks():
            check()
        inputs = self.inputs
        return await run_preflight(self.login, inputs.schemas, inputs.migration_type, ctx.sink)
