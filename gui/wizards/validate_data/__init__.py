"""Wizard "Validate migrated data": did every table arrive, with the same rows and contents?

Its pages are self-contained so the DMS flows can insert them after a task completes.
They share these fields of ``wizard.state``, a ``ValidateDataChoices`` (``choices.py``):

- ``source_login``, ``target_login`` (``DatabaseLogin``): read as defaults, written by
  ``ValidateLoginsPage``. Without ``target_login`` the target is prefilled from the newest
  RDS database in the ledger.
- ``source_schemas`` (``tuple[str, ...]``, at least one): same.
- ``validation_report`` (``ValidationReport``): written by ``ValidateProgressPage``, shown
  by ``ValidationResultsPage``.

Passwords are kept only in the credential store under ``password_name(user, host, port)``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from gui.context import AppContext
from gui.flow_card import FlowCard
from gui.wizards.base import FlowWizard
from gui.wizards.validate_data.choices import ValidateDataChoices
from gui.wizards.validate_data.logins_page import ValidateLoginsPage
from gui.wizards.validate_data.results_page import ValidateProgressPage, ValidationResultsPage

__all__ = [
    "CARD",
    "ValidateDataChoices",
    "ValidateDataWizard",
    "ValidateLoginsPage",
    "ValidateProgressPage",
    "ValidationResultsPage",
]


class ValidateDataWizard(FlowWizard[ValidateDataChoices]):
    keeps_secrets = True  # both logins' passwords

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "Validate migrated data", ValidateDataChoices(), parent)
        self.add(ValidateLoginsPage())
        self.add(ValidateProgressPage())
        self.add(ValidationResultsPage())


CARD = FlowCard(
    "validate-data",
    "Validate migrated data",
    "After a migration, compare every table on the source and the target: row counts and "
    "contents, with examples of rows that differ.",
    ValidateDataWizard,
    order=70,
)
