"""Replication subnet groups in the Sandbox that tell their real VPC and subnets.

Stock moto answers every replication subnet group (and every replication instance's group)
with the fixed ``vpc-12345`` and ``subnet-12345`` (it drops the subnet ids it is given), so a
wizard that lists "the groups already in this VPC" would never find one. The Sandbox keeps the
subnet ids each group was created with and answers their VPC and zones from moto's EC2.
"""

from __future__ import annotations

import json
from typing import Any

from moto.dms.responses import DatabaseMigrationServiceResponse as DmsResponse
from moto.ec2.exceptions import InvalidSubnetIdError
from moto.ec2.models import ec2_backends

from core.sandbox.routing import SandboxConfig, call_moto, side_state
from core.sandbox.routing import install as install_handler

__all__ = ["install", "with_real_subnets"]


class _SubnetIds(dict[str, list[str]]):
    """Subnet group identifier -> the subnet ids it was created with."""


def _subnet_ids(response: DmsResponse) -> _SubnetIds:
    return side_state(response.dms_backend, _SubnetIds)


def with_real_subnets(response: DmsResponse, group: dict[str, Any]) -> dict[str, Any]:
    """``group`` (a ReplicationSubnetGroup as moto renders it) with its real VPC and subnets."""
    identifier = str(group.get("ReplicationSubnetGroupIdentifier", ""))
    ec2 = ec2_backends[response.current_account][response.region]
    subnets = []
    for subnet_id in _subnet_ids(response).get(identifier, []):
        try:
            subnets.append(ec2.get_subnet(subnet_id))
        except InvalidSubnetIdError:
            continue  # gone since; AWS would show it as unusable, we leave it out
    if not subnets:
        return group
    return {
        **group,
        "VpcId": subnets[0].vpc_id,
        "Subnets": [
            {
                "SubnetIdentifier": subnet.id,
                "SubnetAvailabilityZone": {"Name": subnet.availability_zone},
                "SubnetStatus": "Active",
            }
            for subnet in subnets
        ],
    }


def create_replication_subnet_group(response: DmsResponse, config: SandboxConfig) -> str:
    created = json.loads(call_moto(DmsResponse, "create_replication_subnet_group", response))
    body = json.loads(response.body or "{}")
    identifier = str(body.get("ReplicationSubnetGroupIdentifier", ""))
    _subnet_ids(response)[identifier] = [str(item) for item in body.get("SubnetIds", [])]
    created["ReplicationSubnetGroup"] = with_real_subnets(
        response, created["ReplicationSubnetGroup"]
    )
    return json.dumps(created)


def describe_replication_subnet_groups(response: DmsResponse, config: SandboxConfig) -> str:
    found = json.loads(call_moto(DmsResponse, "describe_replication_subnet_groups", response))
    found["ReplicationSubnetGroups"] = [
        with_real_subnets(response, group) for group in found.get("ReplicationSubnetGroups", [])
    ]
    return json.dumps(found)


def install() -> None:
    install_handler(DmsResponse, "create_replication_subnet_group", create_replication_subnet_group)
    install_handler(
        DmsResponse, "describe_replication_subnet_groups", describe_replication_subnet_groups
    )
