"""What the pages of "Create the target database" share: ``wizard.state``."""

from __future__ import annotations

from dataclasses import dataclass

from core.flows.target_database import DatabaseResult, DatabaseSpec, Template

__all__ = ["TargetDatabaseChoices"]


@dataclass
class TargetDatabaseChoices:
    """Attributes:
    template: the template chosen on the database page (the server page presets from it).
    spec: the flow's inputs (``TargetDatabaseFlow``): made by the database page, completed
        by the server and network pages.
    master_password, password_confirmation: as typed, in memory only until the creation
        stores the password in the credential store; None again once it succeeded.
    result: the database made by the creation page.
    """

    template: Template | None = None
    spec: DatabaseSpec | None = None
    master_password: str | None = None
    password_confirmation: str | None = None
    result: DatabaseResult | None = None
