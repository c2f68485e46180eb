"""Read-only listings of what the account already has, for the wizards' pickers.

Each returns plain dataclasses or names, sorted the way a picker shows them; nothing here
creates or changes a resource.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.aws import DMS, RDS, AwsDoor
from core.errors import NotFound
from core.flows.replication_instance import ReplicationInstanceResult

__all__ = [
    "Choice",
    "DatabaseChoice",
    "TaskChoice",
    "endpoint_choices",
    "list_db_instances",
    "list_db_subnet_groups",
    "list_replication_instances",
    "list_replication_subnet_groups",
    "list_tasks",
    "replication_instance_choices",
]


@dataclass(frozen=True)
class Choice:
    """One pickable DMS resource: ``label`` for people, ``arn`` for DMS."""

    identifier: str
    arn: str
    label: str
    status: str = ""
    extra: str = ""


@dataclass(frozen=True)
class TaskChoice:
    identifier: str
    arn: str
    status: str

    @property
    def label(self) -> str:
        return f"{self.identifier} ({self.status})"


@dataclass(frozen=True)
class DatabaseChoice:
    """An RDS instance as the network access pages need it: where it is and its firewall."""

    identifier: str
    status: str
    engine: str
    endpoint: str
    port: int
    security_group_ids: tuple[str, ...]
    vpc_id: str

    @property
    def label(self) -> str:
        return f"{self.identifier} ({self.engine}, {self.status})"


async def _replication_instances(door: AwsDoor) -> list[dict[str, Any]]:
    try:
        return await door.collect(DMS.describe_replication_instances, "ReplicationInstances")
    except NotFound:
        return []


async def replication_instance_choices(door: AwsDoor) -> list[Choice]:
    choices = [
        Choice(
            identifier=str(item["ReplicationInstanceIdentifier"]),
            arn=str(item["ReplicationInstanceArn"]),
            label=f"{item['ReplicationInstanceIdentifier']} "
            f"({item.get('ReplicationInstanceStatus', '')}, "
            f"{item.get('ReplicationInstanceClass', '')})",
            status=str(item.get("ReplicationInstanceStatus", "")),
        )
        for item in await _replication_instances(door)
    ]
    # Available ones first: only those can test connections and run tasks.
    return sorted(choices, key=lambda choice: (choice.status != "available", choice.identifier))


async def endpoint_choices(door: AwsDoor, endpoint_type: str) -> list[Choice]:
    """Endpoints of ``endpoint_type`` ('source' or 'target'); ``extra`` is the database name."""
    found = await door.collect(DMS.describe_endpoints, "Endpoints")
    return [
        Choice(
            identifier=str(item["EndpointIdentifier"]),
            arn=str(item["EndpointArn"]),
            label=f"{item['EndpointIdentifier']} ({item.get('EngineName', '')} at "
            f"{item.get('ServerName', '?')}:{item.get('Port', '')})",
            status=str(item.get("Status", "")),
            extra=str(item.get("DatabaseName", "")),
        )
        for item in found
        if str(item.get("EndpointType", "")).lower() == endpoint_type
    ]


async def list_tasks(door: AwsDoor) -> list[TaskChoice]:
    found = await door.collect(
        DMS.describe_replication_tasks, "ReplicationTasks", WithoutSettings=True
    )
    return [
        TaskChoice(
            identifier=str(item["ReplicationTaskIdentifier"]),
            arn=str(item["ReplicationTaskArn"]),
            status=str(item.get("Status", "")),
        )
        for item in found
    ]


def _group_ids(item: dict[str, Any]) -> tuple[str, ...]:
    return tuple(g["VpcSecurityGroupId"] for g in item.get("VpcSecurityGroups", []))


async def list_db_instances(door: AwsDoor) -> list[DatabaseChoice]:
    found = await door.collect(RDS.describe_db_instances, "DBInstances")
    choices = [
        DatabaseChoice(
            identifier=str(item["DBInstanceIdentifier"]),
            status=str(item.get("DBInstanceStatus", "")),
            engine=str(item.get("Engine", "")),
            endpoint=str((item.get("Endpoint") or {}).get("Address", "")),
            port=int((item.get("Endpoint") or {}).get("Port", 3306)),
            security_group_ids=_group_ids(item),
            vpc_id=str((item.get("DBSubnetGroup") or {}).get("VpcId", "")),
        )
        for item in found
    ]
    return sorted(choices, key=lambda choice: choice.identifier)


async def list_replication_instances(door: AwsDoor) -> list[ReplicationInstanceResult]:
    """Replication instances with the addresses and groups a 3306 rule can name."""
    found = [
        ReplicationInstanceResult.from_description(i) for i in await _replication_instances(door)
    ]
    return sorted(found, key=lambda instance: instance.identifier)


async def list_db_subnet_groups(door: AwsDoor, vpc_id: str) -> list[str]:
    """The DB subnet groups already in ``vpc_id``."""
    groups = await door.collect(RDS.describe_db_subnet_groups, "DBSubnetGroups")
    return sorted(g["DBSubnetGroupName"] for g in groups if g.get("VpcId") == vpc_id)


async def list_replication_subnet_groups(door: AwsDoor, vpc_id: str) -> list[str]:
    """The replication subnet groups already in ``vpc_id``."""
    try:
        groups = await door.collect(
            DMS.describe_replication_subnet_groups, "ReplicationSubnetGroups"
        )
    except NotFound:
        return []
    return sorted(g["ReplicationSubnetGroupIdentifier"] for g in groups if g.get("VpcId") == vpc_id)
