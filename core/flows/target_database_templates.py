"""The sizes the target database wizard offers: a template fills the instance class,
storage, standby and backups, which the user may still change one by one."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from core.flows.offerings import FREE_TIER_CLASSES

__all__ = ["TEMPLATES", "Template", "TemplateDefaults"]


class Template(enum.StrEnum):
    FREE_TIER = "free tier"
    DEV_TEST = "dev/test"
    PRODUCTION = "production"


@dataclass(frozen=True)
class TemplateDefaults:
    instance_class: str
    allocated_storage: int
    storage_type: str
    multi_az: bool
    backup_retention_days: int
    explanation: str


TEMPLATES: dict[Template, TemplateDefaults] = {
    Template.FREE_TIER: TemplateDefaults(
        FREE_TIER_CLASSES[0], 20, "gp2", False, 1, "Smallest setup the AWS Free Tier covers."
    ),
    Template.DEV_TEST: TemplateDefaults(
        "db.t3.medium", 20, "gp3", False, 1, "A burstable server for trying things out."
    ),
    Template.PRODUCTION: TemplateDefaults(
        "db.m5.large", 100, "gp3", True, 7, "A standby in a second zone and a week of backups."
    ),
}
