"""The 3306 rule into the target's group, and what the on-prem admin must change."""

from __future__ import annotations

import pytest

from core.aws import EC2
from core.errors import ValidationError
from core.flows.context import FlowContext
from core.flows.network_access import (
    NetworkAccessFlow,
    NetworkAccessInputs,
    allow_mysql_from_replication_instance,
    default_vpc_id,
    ensure_security_group,
    onprem_instructions,
)
from core.flows.shape import render_plan
from core.ledger import ResourceKind
from tests.fixtures.plans import account_changes, assert_review_is_what_was_done, commands


async def _target_group(ctx: FlowContext) -> str:
    vpc_id = await default_vpc_id(ctx.door)
    return await ensure_security_group(ctx, "books-db-access", vpc_id, "MySQL for books-db")


async def test_adds_the_rule_once_and_records_its_group(moto_ctx: FlowContext) -> None:
    group_id = await _target_group(moto_ctx)

    first = await allow_mysql_from_replication_instance(moto_ctx, group_id, private_ip="10.0.1.25")
    again = await allow_mysql_from_replication_instance(moto_ctx, group_id, private_ip="10.0.1.25")

    assert first.added
    assert first.source == "10.0.1.25/32"
    assert not again.added
    assert "already there" in again.message
    rules = [
        entry
        for entry in moto_ctx.ledger.entries("sandbox")
        if entry.kind is ResourceKind.SECURITY_GROUP_RULE
    ]
    assert len(rules) == 1
    assert rules[0].details == {"group_id": group_id, "port": "3306", "cidr": "10.0.1.25/32"}
    found = await moto_ctx.door.call(EC2.describe_security_groups, GroupIds=[group_id])
    permissions = found["SecurityGroups"][0]["IpPermissions"]
    assert [(p["FromPort"], p["IpRanges"][0]["CidrIp"]) for p in permissions] == [
        (3306, "10.0.1.25/32")
    ]


async def test_can_allow_the_replication_instance_group_instead(moto_ctx: FlowContext) -> None:
    group_id = await _target_group(moto_ctx)
    vpc_id = await default_vpc_id(moto_ctx.door)
    source = await ensure_security_group(moto_ctx, "dms-replication", vpc_id, "DMS")

    result = await allow_mysql_from_replication_instance(moto_ctx, group_id, source_group_id=source)

    assert result.added
    entry = moto_ctx.created[-1]
    assert entry.details["source_group_id"] == source


async def test_refuses_both_or_neither_source(offline_ctx: FlowContext) -> None:
    with pytest.raises(ValidationError):
        await allow_mysql_from_replication_instance(offline_ctx, "sg-1")
    with pytest.raises(ValidationError):
        await allow_mysql_from_replication_instance(
            offline_ctx, "sg-1", private_ip="10.0.0.1", source_group_id="sg-2"
        )
    assert offline_ctx.door.records == []


async def test_reusing_an_existing_group_creates_nothing(moto_ctx: FlowContext) -> None:
    first = await _target_group(moto_ctx)
    second = await _target_group(moto_ctx)
    assert first == second
    groups = [e for e in moto_ctx.ledger.entries() if e.kind is ResourceKind.SECURITY_GROUP]
    assert len(groups) == 1


@pytest.mark.parametrize("by", ["private IP", "security group"])
async def test_the_review_is_the_rule_added_and_a_second_run_sends_it_again_in_vain(
    moto_ctx: FlowContext, by: str
) -> None:
    group_id = await _target_group(moto_ctx)
    if by == "private IP":
        inputs = NetworkAccessInputs(group_id, private_ip="10.0.1.25")
    else:
        vpc_id = await default_vpc_id(moto_ctx.door)
        source = await ensure_security_group(moto_ctx, "books-repl", vpc_id, "DMS")
        inputs = NetworkAccessInputs(group_id, source_group_id=source)
    flow = NetworkAccessFlow(inputs)
    reviewed = commands(render_plan(moto_ctx.door, flow.plan()))
    calls_before = len(moto_ctx.door.records)

    first = await flow.run(moto_ctx)
    again = await flow.run(moto_ctx)

    assert first.added
    assert not again.added
    # The same rule twice: the call is made again, and AWS refuses it as a duplicate.
    made = account_changes(moto_ctx.door, calls_before)
    assert_review_is_what_was_done(reviewed * 2, made)
    assert reviewed == made[:1]


def test_the_guided_review_shows_the_ip_known_only_later_as_a_placeholder(
    moto_ctx: FlowContext,
) -> None:
    inputs = NetworkAccessInputs("<group of the database>", private_ip="<private IP>")
    (shown,) = commands(render_plan(moto_ctx.door, NetworkAccessFlow(inputs).plan()))
    assert '"CidrIp":"<private IP>/32"' in shown
    assert "--group-id '<group of the database>'" in shown


def test_problems_name_the_missing_group_and_a_double_source() -> None:
    flow = NetworkAccessFlow(
        NetworkAccessInputs("", private_ip="10.0.1.25", source_group_id="sg-1")
    )
    assert set(flow.problems()) == {"target_group", "rule_source"}
    assert NetworkAccessFlow(NetworkAccessInputs("sg-1", private_ip="10.0.1.25")).problems() == {}


def test_onprem_instructions_name_the_public_ip_everywhere() -> None:
    text = onprem_instructions(
        "54.0.0.1", db_user="dms_user", database="books", server_name="db1.example.com"
    )
    assert "Changes for the database administrator on db1.example.com" in text
    assert "sudo ufw allow from 54.0.0.1 to any port 3306 proto tcp" in text
    assert "bind-address = 0.0.0.0" in text
    assert "CREATE USER 'dms_user'@'54.0.0.1'" in text
    assert "GRANT SELECT ON `books`.* TO 'dms_user'@'54.0.0.1';" in text
    assert "REPLICATION CLIENT, REPLICATION SLAVE" in text
    assert "BINLOG MONITOR" in onprem_instructions("54.0.0.1", engine="mariadb")
