"""The replication instance flow: subnet group when missing, IAM retry, IPs returned."""

from __future__ import annotations

import pytest

from core.aws import DMS
from core.errors import ValidationError
from core.events import Note, RecordingSink, StatusChanged
from core.flows.context import FlowContext
from core.flows.network_access import default_vpc_id, list_subnets
from core.flows.offerings import list_replication_classes
from core.flows.replication_instance import (
    ReplicationInstanceFlow,
    ReplicationInstanceSpec,
    create_replication_instance,
)
from core.flows.shape import render_plan
from core.ledger import ResourceKind
from tests.fixtures.clock import FakeClock
from tests.fixtures.faults import inject_error
from tests.fixtures.plans import account_changes, assert_review_is_what_was_done, commands


async def test_creates_subnet_group_and_instance_and_returns_ips(
    moto_ctx: FlowContext, sink: RecordingSink
) -> None:
    spec = ReplicationInstanceSpec("Books-Replication", description="books to RDS")

    result = await create_replication_instance(spec, moto_ctx)

    assert result.identifier == "books-replication"
    assert result.status == "available"
    assert result.public_ip
    assert result.private_ip
    assert result.subnet_group == "books-replication-subnets"
    assert [(e.kind, e.resource_id) for e in moto_ctx.ledger.entries("sandbox")] == [
        (ResourceKind.REPLICATION_SUBNET_GROUP, "books-replication-subnets"),
        (ResourceKind.REPLICATION_INSTANCE, "books-replication"),
    ]
    create = next(r for r in moto_ctx.door.records if r.operation == "create_replication_instance")
    assert "--allocated-storage 10" in create.cli
    assert "--publicly-accessible" in create.cli
    assert sink.of_type(StatusChanged)[-1].status == "available"


async def test_retries_while_the_dms_role_propagates(
    moto_ctx: FlowContext, clock: FakeClock, sink: RecordingSink
) -> None:
    injected = inject_error(
        moto_ctx.door,
        "dms",
        "CreateReplicationInstance",
        "AccessDeniedFault",
        "The IAM Role arn:aws:iam::123456789012:role/dms-vpc-role is not configured properly.",
        times=2,
    )

    result = await create_replication_instance(ReplicationInstanceSpec("books-repl"), moto_ctx)

    assert len(injected) == 2
    assert result.status == "available"
    assert clock.sleeps[:2] == [5, 10]
    assert sum("dms-vpc-role yet" in note.text for note in sink.of_type(Note)) == 2


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        (ReplicationInstanceSpec("books--repl"), "identifier"),
        (ReplicationInstanceSpec("r" * 64), "identifier"),
        (ReplicationInstanceSpec("books", allocated_storage=4), "allocated_storage"),
        (ReplicationInstanceSpec("books", allocated_storage=7000), "allocated_storage"),
        (ReplicationInstanceSpec("books", instance_class="db.t3.micro"), "instance_class"),
    ],
)
async def test_refuses_bad_input_before_any_aws_call(
    offline_ctx: FlowContext, spec: ReplicationInstanceSpec, field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        await create_replication_instance(spec, offline_ctx)
    assert caught.value.field == field
    assert offline_ctx.door.records == []


async def test_refuses_a_name_already_taken(moto_ctx: FlowContext) -> None:
    await create_replication_instance(ReplicationInstanceSpec("books-repl"), moto_ctx)
    with pytest.raises(ValidationError, match="already exists"):
        await create_replication_instance(ReplicationInstanceSpec("books-repl"), moto_ctx)


async def test_lists_classes_and_renders_the_command(moto_ctx: FlowContext) -> None:
    assert "dms.t3.medium" in await list_replication_classes(moto_ctx.door)
    flow = ReplicationInstanceFlow(ReplicationInstanceSpec("books-repl"))
    command = render_plan(moto_ctx.door, flow.plan())[-1]
    assert command.startswith("aws dms create-replication-instance")
    assert "--replication-subnet-group-identifier books-repl-subnets" in command


async def test_the_review_lists_every_creating_call_in_order(moto_ctx: FlowContext) -> None:
    flow = ReplicationInstanceFlow(ReplicationInstanceSpec("books-repl"))
    reviewed = commands(render_plan(moto_ctx.door, flow.plan()))

    await flow.run(moto_ctx)

    assert_review_is_what_was_done(reviewed, account_changes(moto_ctx.door))
    assert "--replication-subnet-group-identifier books-repl-subnets" in reviewed[0]
    assert "'<every subnet of the default VPC>'" in reviewed[0]


async def test_a_subnet_group_that_exists_is_reused_and_its_reviewed_create_skipped(
    moto_ctx: FlowContext,
) -> None:
    vpc_id = await default_vpc_id(moto_ctx.door)
    await moto_ctx.door.call(
        DMS.create_replication_subnet_group,
        ReplicationSubnetGroupIdentifier="books-repl-subnets",
        ReplicationSubnetGroupDescription="made by hand",
        SubnetIds=[subnet.subnet_id for subnet in await list_subnets(moto_ctx.door, vpc_id)],
    )
    flow = ReplicationInstanceFlow(ReplicationInstanceSpec("books-repl"))
    planned = flow.plan()
    assert planned[0].when == (
        "Only if there is no replication subnet group books-repl-subnets yet:"
    )
    reviewed = commands(render_plan(moto_ctx.door, planned))
    calls_before = len(moto_ctx.door.records)

    await flow.run(moto_ctx)

    assert_review_is_what_was_done(reviewed[1:], account_changes(moto_ctx.door, calls_before))


def test_problems_name_every_bad_field_before_any_call() -> None:
    spec = ReplicationInstanceSpec(
        "1-repl", allocated_storage=1, instance_class="db.t3.micro", description="x" * 300
    )

    problems = ReplicationInstanceFlow(spec).problems()

    assert set(problems) == {"identifier", "allocated_storage", "instance_class", "description"}
    assert ReplicationInstanceFlow(ReplicationInstanceSpec("books-repl")).problems() == {}
