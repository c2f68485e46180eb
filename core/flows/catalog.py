"""Built-in choices for when the Sandbox cannot list what an account offers.

moto has no ``describe_db_engine_versions`` and lists no orderable MySQL classes; a real
account always answers both, and then these lists are not used.
"""

from __future__ import annotations

__all__ = [
    "DEFAULT_REPLICATION_CLASS",
    "FALLBACK_MYSQL_CLASSES",
    "FALLBACK_MYSQL_VERSIONS",
    "FALLBACK_REPLICATION_CLASSES",
    "FREE_TIER_CLASSES",
]

FALLBACK_MYSQL_VERSIONS: tuple[str, ...] = ("8.0.40", "8.0.39", "8.0.36", "8.4.3")
FALLBACK_MYSQL_CLASSES: tuple[str, ...] = (
    "db.t3.micro",
    "db.t4g.micro",
    "db.t3.small",
    "db.t4g.small",
    "db.t3.medium",
    "db.t4g.medium",
    "db.m5.large",
    "db.m6g.large",
    "db.m7g.large",
    "db.r6g.large",
)
# db.t2 classes are retired; these two are the free-tier-eligible ones (facts/aws.md).
FREE_TIER_CLASSES: tuple[str, ...] = ("db.t3.micro", "db.t4g.micro")

DEFAULT_REPLICATION_CLASS = "dms.t3.medium"
FALLBACK_REPLICATION_CLASSES: tuple[str, ...] = (
    "dms.t3.micro",
    "dms.t3.small",
    "dms.t3.medium",
    "dms.t3.large",
    "dms.c5.large",
    "dms.r5.large",
)
