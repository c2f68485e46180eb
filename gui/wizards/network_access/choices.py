"""The databases and replication instances the network access pages choose from (reads
the core flows do not offer)."""

from __future__ import annotations

from dataclasses import dataclass

from core.aws import AwsDoor
from core.errors import NotFound

__all__ = [
    "DatabaseChoice",
    "ReplicationChoice",
    "list_db_instances",
    "list_replication_instances",
]


@dataclass(frozen=True)
class DatabaseChoice:
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


@dataclass(frozen=True)
class ReplicationChoice:
    identifier: str
    status: str
    public_ip: str
    private_ip: str
    security_group_ids: tuple[str, ...]
    vpc_id: str

    @property
    def label(self) -> str:
        return f"{self.identifier} ({self.status})"


async def list_db_instances(door: AwsDoor) -> list[DatabaseChoice]:
    found = await door.collect("rds", "describe_db_instances", "DBInstances")
    return sorted(
        (
            DatabaseChoice(
                identifier=str(item["DBInstanceIdentifier"]),
                status=str(item.get("DBInstanceStatus", "")),
                engine=str(item.get("Engine", "")),
                endpoint=str((item.get("Endpoint") or {}).get("Address", "")),
                port=int((item.get("Endpoint") or {}).get("Port", 3306)),
                security_group_ids=tuple(
                    g["VpcSecurityGroupId"] for g in item.get("VpcSecurityGroups", [])
                ),
                vpc_id=str((item.get("DBSubnetGroup") or {}).get("VpcId", "")),
            )
            for item in found
        ),
        key=lambda choice: choice.identifier,
    )


async def list_replication_instances(door: AwsDoor) -> list[ReplicationChoice]:
    try:
        found = await door.collect("dms", "describe_replication_instances", "ReplicationInstances")
    except NotFound:
        return []
    choices = []
    for item in found:
        public = item.get("ReplicationInstancePublicIpAddresses") or [
            item.get("ReplicationInstancePublicIpAddress", "")
        ]
        private = item.get("ReplicationInstancePrivateIpAddresses") or [
            item.get("ReplicationInstancePrivateIpAddress", "")
        ]
        choices.append(
            ReplicationChoice(
                identifier=str(item["ReplicationInstanceIdentifier"]),
                status=str(item.get("ReplicationInstanceStatus", "")),
                public_ip=str(public[0] or ""),
                private_ip=str(private[0] or ""),
                security_group_ids=tuple(
                    g["VpcSecurityGroupId"] for g in item.get("VpcSecurityGroups", [])
                ),
                vpc_id=str((item.get("ReplicationSubnetGroup") or {}).get("VpcId", "")),
            )
        )
    return sorted(choices, key=lambda choice: choice.identifier)
