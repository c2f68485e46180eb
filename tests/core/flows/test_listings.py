"""The read-only listings behind the wizards' pickers. VPC facts of DMS subnet groups are
checked against the Sandbox server: stock moto reports a fixed vpc-12345 for them."""

from __future__ import annotations

from core.aws import DMS, EC2, RDS
from core.flows.context import FlowContext
from core.flows.endpoints import EndpointType
from core.flows.listings import (
    endpoint_choices,
    list_db_instances,
    list_db_subnet_groups,
    list_replication_instances,
    list_replication_subnet_groups,
    list_tasks,
    replication_instance_choices,
)
from core.flows.network_access import default_vpc_id, list_subnets
from core.flows.replication_instance import ReplicationInstanceSpec, create_replication_instance


async def _other_vpc_subnet(ctx: FlowContext) -> str:
    vpc = await ctx.door.call(EC2.create_vpc, CidrBlock="10.9.0.0/16")
    subnet = await ctx.door.call(
        EC2.create_subnet, VpcId=vpc["Vpc"]["VpcId"], CidrBlock="10.9.1.0/24"
    )
    return str(subnet["Subnet"]["SubnetId"])


async def test_subnet_groups_are_listed_for_their_vpc_only(sandbox_ctx: FlowContext) -> None:
    door = sandbox_ctx.door
    vpc_id = await default_vpc_id(door)
    default_subnets = [subnet.subnet_id for subnet in await list_subnets(door, vpc_id)]
    other_subnet = await _other_vpc_subnet(sandbox_ctx)
    assert await list_replication_subnet_groups(door, vpc_id) == []
    for name, subnets in (("b-db", default_subnets), ("a-db", default_subnets)):
        await door.call(
            RDS.create_db_subnet_group,
            DBSubnetGroupName=name,
            DBSubnetGroupDescription=name,
            SubnetIds=subnets,
        )
    await door.call(
        RDS.create_db_subnet_group,
        DBSubnetGroupName="elsewhere",
        DBSubnetGroupDescription="another VPC",
        SubnetIds=[other_subnet],
    )
    await door.call(
        DMS.create_replication_subnet_group,
        ReplicationSubnetGroupIdentifier="dms-here",
        ReplicationSubnetGroupDescription="here",
        SubnetIds=default_subnets,
    )
    await door.call(
        DMS.create_replication_subnet_group,
        ReplicationSubnetGroupIdentifier="dms-elsewhere",
        ReplicationSubnetGroupDescription="another VPC",
        SubnetIds=[other_subnet],
    )

    assert await list_db_subnet_groups(door, vpc_id) == ["a-db", "b-db"]
    assert await list_replication_subnet_groups(door, vpc_id) == ["dms-here"]


async def test_replication_instances_show_their_addresses_and_status(
    sandbox_ctx: FlowContext,
) -> None:
    door = sandbox_ctx.door
    assert await list_replication_instances(door) == []
    created = await create_replication_instance(ReplicationInstanceSpec("books-ri"), sandbox_ctx)

    [network] = await list_replication_instances(door)
    [choice] = await replication_instance_choices(door)

    assert network.identifier == "books-ri"
    assert (network.public_ip, network.private_ip) == (created.public_ip, created.private_ip)
    assert network.vpc_id == await default_vpc_id(door)
    assert network.label == "books-ri (available)"
    assert choice.arn.startswith("arn:aws:dms:")
    assert choice.status == "available"


async def test_endpoints_are_split_by_type_and_tasks_listed(moto_ctx: FlowContext) -> None:
    door = moto_ctx.door
    for name, kind in (
        ("books-source", EndpointType.SOURCE),
        ("books-target", EndpointType.TARGET),
    ):
        await door.call(
            DMS.create_endpoint,
            EndpointIdentifier=name,
            EndpointType=kind.value,
            EngineName="mysql",
            ServerName=f"{name}.example",
            Port=3306,
            Username="admin",
            Password="not-a-secret-1",
            DatabaseName="books",
        )

    [source] = await endpoint_choices(door, "source")
    [target] = await endpoint_choices(door, "target")

    assert source.label == "books-source (mysql at books-source.example:3306)"
    assert source.extra == "books"
    assert target.identifier == "books-target"
    assert await list_tasks(door) == []
    assert await list_db_instances(door) == []
