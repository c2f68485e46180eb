"""What the pages of "Validate migrated data" share: ``wizard.state``."""

from __future__ import annotations

from dataclasses import dataclass

from core.database import DatabaseLogin, ValidationReport

__all__ = ["ValidateDataChoices"]


@dataclass
class ValidateDataChoices:
    """Attributes:
    source_login, target_login: read as defaults and written by the logins page (each
        password with it, in memory; the store keeps it under ``password_name``). Without
        a target login the target is prefilled from the newest RDS database in the ledger.
    source_schemas: the schemas to compare (the logins page writes at least one).
    validation_report: written by the comparison page, shown by the results page.
    """

    source_login: DatabaseLogin | None = None
    target_login: DatabaseLogin | None = None
    source_schemas: tuple[str, ...] = ()
    validation_report: ValidationReport | None = None
