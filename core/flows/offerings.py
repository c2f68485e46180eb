"""What the account offers (RDS MySQL versions and classes, DMS replication classes and
versions), and the built-in choices for when it cannot tell.

Stock moto has no ``describe_db_engine_versions`` and lists no orderable MySQL classes (the
Sandbox answers both); a real account always answers, and then the built-in lists are unused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.aws import DMS, RDS, AwsDoor
from core.errors import MigrationAssistantError
from core.flows.context import is_unsupported

if TYPE_CHECKING:
    from mypy_boto3_rds.type_defs import DescribeOrderableDBInstanceOptionsMessageTypeDef

__all__ = [
    "DEFAULT_REPLICATION_CLASS",
    "FALLBACK_MYSQL_CLASSES",
    "FALLBACK_MYSQL_VERSIONS",
    "FALLBACK_REPLICATION_CLASSES",
    "FREE_TIER_CLASSES",
    "EngineVersion",
    "list_engine_versions",
    "list_instance_classes",
    "list_replication_classes",
    "list_replication_engine_versions",
    "version_key",
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


def version_key(version: str) -> tuple[int, ...]:
    """Sorts "8.0.9" before "8.0.40"."""
    return tuple(int(part) if part.isdigit() else 0 for part in version.split("."))


@dataclass(frozen=True)
class EngineVersion:
    version: str
    description: str = ""
    is_default: bool = False


async def list_engine_versions(door: AwsDoor, engine: str = "mysql") -> list[EngineVersion]:
    """Versions newest first; the default one flagged. Built-in list where unsupported."""
    try:
        found = await door.collect(
            RDS.describe_db_engine_versions, "DBEngineVersions", Engine=engine
        )
        default = await door.call(RDS.describe_db_engine_versions, Engine=engine, DefaultOnly=True)
    except MigrationAssistantError as error:
        if not is_unsupported(error):
            raise
        return [
            EngineVersion(version, "MySQL Community", index == 0)
            for index, version in enumerate(FALLBACK_MYSQL_VERSIONS)
        ]
    default_versions = {item["EngineVersion"] for item in default.get("DBEngineVersions", [])}
    versions = [
        EngineVersion(
            item["EngineVersion"],
            item.get("DBEngineVersionDescription", ""),
            item["EngineVersion"] in default_versions,
        )
        for item in found
    ]
    return sorted(versions, key=lambda item: version_key(item.version), reverse=True)


async def list_instance_classes(door: AwsDoor, engine: str, engine_version: str) -> list[str]:
    """Classes offered for ``engine`` ``engine_version`` here, free-tier ones first."""
    params: DescribeOrderableDBInstanceOptionsMessageTypeDef = {"Engine": engine}
    if engine_version:
        params["EngineVersion"] = engine_version
    options = await door.collect(
        RDS.describe_orderable_db_instance_options, "OrderableDBInstanceOptions", **params
    )
    classes = sorted({item["DBInstanceClass"] for item in options})
    if not classes and door.connection.is_sandbox:
        classes = list(FALLBACK_MYSQL_CLASSES)
    return sorted(classes, key=lambda item: (item not in FREE_TIER_CLASSES, item))


async def _orderable(door: AwsDoor) -> list[dict[str, Any]]:
    """What DMS offers here; empty where the Sandbox cannot tell."""
    try:
        return await door.collect(
            DMS.describe_orderable_replication_instances, "OrderableReplicationInstances"
        )
    except MigrationAssistantError as error:
        if not is_unsupported(error):
            raise
        return []


async def list_replication_classes(door: AwsDoor) -> list[str]:
    """Classes DMS offers here; built-in list where the Sandbox cannot tell."""
    found = await _orderable(door)
    return sorted({item["ReplicationInstanceClass"] for item in found}) or list(
        FALLBACK_REPLICATION_CLASSES
    )


async def list_replication_engine_versions(door: AwsDoor) -> list[str]:
    """Versions DMS offers here, newest first; empty where the Sandbox cannot tell."""
    found = await _orderable(door)
    versions = {str(item["EngineVersion"]) for item in found if item.get("EngineVersion")}
    return sorted(versions, key=version_key, reverse=True)
