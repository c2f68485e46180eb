"""Validate migrated data: ``ValidateDataFlow`` over the comparison
(``core.database.validate_data.validate``).

It reads both servers table by table and changes neither; it makes no AWS call, so its
plan is empty and its ``run`` needs only somewhere to send events (``EventContext``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from core.database import DatabaseLogin, ValidationOptions, ValidationReport, validate
from core.database.address import DatabaseAddress
from core.errors import ValidationError
from core.flows.check_source import check_schema_names
from core.flows.context import EventContext
from core.flows.shape import Flow, PlannedCall, all_problems

__all__ = ["ValidateDataFlow", "ValidateDataInputs"]


@dataclass(frozen=True)
class ValidateDataInputs:
    """Both servers, the schemas to compare (the same names on both) and how."""

    source: DatabaseAddress
    target: DatabaseAddress
    schemas: tuple[str, ...]
    options: ValidationOptions = field(default_factory=ValidationOptions)


def _check_schemas(schemas: tuple[str, ...]) -> None:
    if not schemas:
        raise ValidationError("schemas", "Choose at least one schema to validate.")
    check_schema_names(schemas)


def _check_options(options: ValidationOptions) -> None:
    if options.chunk_rows < 1:
        raise ValidationError("chunk_rows", "A chunk holds at least one row.")
    if options.sample_limit < 0:
        raise ValidationError("sample_limit", "The number of sample rows cannot be negative.")


class ValidateDataFlow(Flow[ValidateDataInputs, ValidationReport]):
    """The comparison. Both passwords are given apart, so they are in no repr."""

    key = "validate-data"

    def __init__(
        self, inputs: ValidateDataInputs, source_password: str, target_password: str
    ) -> None:
        super().__init__(inputs)
        self._passwords = (source_password, target_password)

    @classmethod
    def for_logins(
        cls,
        source: DatabaseLogin,
        target: DatabaseLogin,
        schemas: tuple[str, ...],
        options: ValidationOptions | None = None,
    ) -> ValidateDataFlow:
        """The flow for logins a page already holds, passwords included."""
        inputs = ValidateDataInputs(
            DatabaseAddress.of(source),
            DatabaseAddress.of(target),
            schemas,
            options or ValidationOptions(),
        )
        return cls(inputs, source.password, target.password)

    @property
    def logins(self) -> tuple[DatabaseLogin, DatabaseLogin]:
        return (
            self.inputs.source.login(self._passwords[0]),
            self.inputs.target.login(self._passwords[1]),
        )

    def _checks(self) -> tuple[Callable[[], object], ...]:
        inputs = self.inputs
        return (
            *inputs.source.checks("source."),
            *inputs.target.checks("target."),
            lambda: _check_schemas(inputs.schemas),
            lambda: _check_options(inputs.options),
        )

    def problems(self) -> dict[str, str]:
        """Bad fields of the inputs (``source.port``, ``schemas`` ...); nothing connects."""
        return all_problems(*self._checks())

    def plan(self) -> tuple[PlannedCall, ...]:
        """Nothing: the comparison makes no AWS call and only reads the databases."""
        return ()

    async def run(self, ctx: EventContext) -> ValidationReport:
        """Compare; raises ValidationError for the first bad field before connecting,
        DatabaseConnectionFailed when either server refuses or cannot be reached."""
        for check in self._checks():
            check()
        source, target = self.logins
        inputs = self.inputs
        return await validate(source, target, inputs.schemas, ctx.sink, inputs.options)
