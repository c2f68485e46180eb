"""Read-only DMS listings the replication instance pages need (not offered by the core
flows): existing replication subnet groups, and the engine versions DMS offers."""

from __future__ import annotations

from core.aws import AwsDoor
from core.errors import MigrationAssistantError, NotFound
from core.flows.context import is_unsupported

__all__ = ["list_replication_engine_versions", "list_replication_subnet_groups"]


async def list_replication_subnet_groups(door: AwsDoor, vpc_id: str) -> list[str]:
    try:
        groups = await door.collect(
            "dms", "describe_replication_subnet_groups", "ReplicationSubnetGroups"
        )
    except NotFound:
        return []
    return sorted(g["ReplicationSubnetGroupIdentifier"] for g in groups if g.get("VpcId") == vpc_id)


async def list_replication_engine_versions(door: AwsDoor) -> list[str]:
    """Versions DMS offers here, newest first; empty where the Sandbox cannot tell."""
    try:
        found = await door.collect(
            "dms", "describe_orderable_replication_instances", "OrderableReplicationInstances"
        )
    except MigrationAssistantError as error:
        if not is_unsupported(error):
            raise
        return []
    versions = {str(item["EngineVersion"]) for item in found if item.get("EngineVersion")}
    return sorted(versions, key=lambda v: [int(p) if p.isdigit() else 0 for p in v.split(".")])[
        ::-1
    ]
