"""Wizard "Check source database": is the MySQL/MariaDB source ready for DMS, and what to change.

Its pages are self-contained so the DMS flows can insert them before anything is created:
they are generic over ``ChecksSource`` (``choices.py``), the fields of ``wizard.state``
they share (``CheckSourceChoices`` here, ``MigrateMysqlChoices`` in the guided migration):

- ``source_login`` (``DatabaseLogin``): read as defaults, written by ``SourceLoginPage``.
- ``source_schemas`` (``tuple[str, ...]``, empty = every schema the user sees): same.
- ``migration_type`` (``MigrationType``): same.
- ``preflight_report`` (``PreflightReport``): written by ``CheckProgressPage``, shown by
  ``CheckResultsPage``.

The password is kept only in the credential store under ``password_name(user, host, port)``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from gui.context import AppContext
from gui.flow_card import FlowCard
from gui.wizards.base import FlowWizard
from gui.wizards.check_source.choices import CheckSourceChoices, ChecksSource
from gui.wizards.check_source.results_page import CheckProgressPage, CheckResultsPage
from gui.wizards.check_source.source_page import SourceLoginPage

__all__ = [
    "CARD",
    "CheckProgressPage",
    "CheckResultsPage",
    "CheckSourceChoices",
    "CheckSourceWizard",
    "ChecksSource",
    "SourceLoginPage",
]


class CheckSourceWizard(FlowWizard[CheckSourceChoices]):
    keeps_secrets = True  # the login's password, remembered once it worked

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "Check source database", CheckSourceChoices(), parent)
        self.add(SourceLoginPage[CheckSourceChoices]())
        self.add(CheckProgressPage[CheckSourceChoices]())
        self.add(CheckResultsPage[CheckSourceChoices]())


CARD = FlowCard(
    "check-source",
    "Check source database",
    "See whether your MySQL or MariaDB server is ready for migration, and exactly what to "
    "change, before anything is created on AWS.",
    CheckSourceWizard,
    order=15,
)
