"""The target database flow: validated first, recorded, password only in the store."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace

import pytest

from core.aws import RDS
from core.credentials import InMemoryStore, database_password_name
from core.errors import AlreadyExists, QuotaExceeded, ValidationError
from core.events import Event, RecordingSink, StatusChanged
from core.flows.context import FlowContext
from core.flows.network_access import list_security_groups, list_subnets, list_vpcs
from core.flows.offerings import list_engine_versions, list_instance_classes
from core.flows.shape import render_plan
from core.flows.target_database import (
    DatabaseSpec,
    TargetDatabaseFlow,
    Template,
    create_database,
)
from core.flows.teardown import delete_created
from core.ledger import ResourceKind
from tests.fixtures.faults import inject_error
from tests.fixtures.plans import account_changes, assert_review_is_what_was_done, commands

PASSWORD = "Books-secret1"
SPEC = DatabaseSpec(
    identifier="Books-DB",
    database_name="books",
    new_security_group_name="books-db-access",
)


def _operations(ctx: FlowContext) -> list[str]:
    return [record.operation for record in ctx.door.records]


async def test_creates_an_available_instance_and_records_everything(
    moto_ctx: FlowContext, sink: RecordingSink
) -> None:
    store = InMemoryStore()

    result = await create_database(SPEC, PASSWORD, store, moto_ctx, confirmation=PASSWORD)

    assert result.identifier == "books-db"
    assert result.status == "available"
    assert result.endpoint.startswith("books-db.")
    assert result.port == 3306
    assert store.get(database_password_name("sandbox", "books-db")) == PASSWORD
    kinds = [(entry.kind, entry.resource_id) for entry in moto_ctx.ledger.entries("sandbox")]
    assert (ResourceKind.DB_SUBNET_GROUP, "books-db-subnets") in kinds
    assert (ResourceKind.RDS_INSTANCE, "books-db") in kinds
    assert ResourceKind.SECURITY_GROUP in {kind for kind, _ in kinds}
    assert PASSWORD not in moto_ctx.ledger.path.read_text()
    create = next(r for r in moto_ctx.door.records if r.operation == "create_db_instance")
    assert PASSWORD not in create.cli
    assert '--master-user-password "$MA_MASTER_USER_PASSWORD"' in create.cli
    assert "max-allocated-storage" not in create.cli
    statuses = sink.of_type(StatusChanged)
    assert statuses[-1].status == "available"
    assert statuses[-1].meaning.startswith("Ready")


@pytest.mark.parametrize(
    ("spec", "password", "confirmation", "field"),
    [
        (DatabaseSpec(identifier="1books"), PASSWORD, PASSWORD, "identifier"),
        (DatabaseSpec(identifier="books"), "short", "short", "master_password"),
        (DatabaseSpec(identifier="books"), "has@sign123", "has@sign123", "master_password"),
        (DatabaseSpec(identifier="books"), PASSWORD, "other-pass1", "password_confirmation"),
        (DatabaseSpec(identifier="books", allocated_storage=10), PASSWORD, None, "storage"),
        (DatabaseSpec(identifier="books", master_username="1x"), PASSWORD, None, "master_username"),
        (DatabaseSpec(identifier="books", port=70000), PASSWORD, None, "port"),
        (DatabaseSpec(identifier="books", storage_type="io1"), PASSWORD, None, "storage_type"),
    ],
)
async def test_refuses_bad_input_before_any_aws_call(
    offline_ctx: FlowContext,
    spec: DatabaseSpec,
    password: str,
    confirmation: str | None,
    field: str,
) -> None:
    store = InMemoryStore()
    with pytest.raises(ValidationError) as caught:
        await create_database(spec, password, store, offline_ctx, confirmation=confirmation)
    assert caught.value.field == field
    assert offline_ctx.door.records == []
    assert offline_ctx.ledger.entries() == []


async def test_refuses_a_class_not_offered_with_only_read_calls(moto_ctx: FlowContext) -> None:
    spec = DatabaseSpec(identifier="books", instance_class="db.x9.huge")
    with pytest.raises(ValidationError) as caught:
        await create_database(spec, PASSWORD, InMemoryStore(), moto_ctx)
    assert caught.value.field == "instance_class"
    assert all(op.startswith("describe_") for op in _operations(moto_ctx))


async def test_refuses_a_name_already_taken(moto_ctx: FlowContext) -> None:
    await create_database(DatabaseSpec(identifier="books"), PASSWORD, InMemoryStore(), moto_ctx)
    before = len(moto_ctx.door.records)
    with pytest.raises(ValidationError, match="already exists"):
        await create_database(DatabaseSpec(identifier="books"), PASSWORD, InMemoryStore(), moto_ctx)
    assert [r.operation for r in moto_ctx.door.records[before:]] == ["describe_db_instances"]


@pytest.mark.parametrize(
    ("code", "kind", "plain"),
    [
        ("DBInstanceAlreadyExists", AlreadyExists, "That resource already exists"),
        ("InstanceQuotaExceeded", QuotaExceeded, "Your account has reached an AWS limit"),
    ],
)
async def test_aws_errors_are_plain_and_the_password_is_not_kept(
    moto_ctx: FlowContext, code: str, kind: type[Exception], plain: str
) -> None:
    inject_error(moto_ctx.door, "rds", "CreateDBInstance", code, "Refused by AWS.")
    store = InMemoryStore()
    with pytest.raises(kind) as caught:
        await create_database(DatabaseSpec(identifier="books"), PASSWORD, store, moto_ctx)
    assert str(caught.value).startswith(plain)
    assert store.get(database_password_name("sandbox", "books")) is None
    assert moto_ctx.ledger.find(ResourceKind.RDS_INSTANCE, "books", "sandbox") is None


async def test_cancel_during_creation_then_delete_what_was_created(moto_ctx: FlowContext) -> None:
    store = InMemoryStore()
    runs: list[asyncio.Task[object]] = []

    def cancel_on_first_status(event: Event) -> None:
        if isinstance(event, StatusChanged) and event.subject.startswith("DB instance"):
            runs[0].cancel()

    moto_ctx.sink = cancel_on_first_status
    runs.append(asyncio.create_task(create_database(SPEC, PASSWORD, store, moto_ctx)))
    with pytest.raises(asyncio.CancelledError):
        await runs[0]
    assert {entry.kind for entry in moto_ctx.created} == {
        ResourceKind.DB_SUBNET_GROUP,
        ResourceKind.SECURITY_GROUP,
        ResourceKind.RDS_INSTANCE,
    }

    summary = await delete_created(moto_ctx, store)

    assert summary.complete
    assert [item.entry.kind for item in summary.deleted] == [
        ResourceKind.RDS_INSTANCE,
        ResourceKind.DB_SUBNET_GROUP,
        ResourceKind.SECURITY_GROUP,
    ]
    assert moto_ctx.ledger.entries() == []
    left = await moto_ctx.door.call(RDS.describe_db_instances)
    assert left["DBInstances"] == []
    assert store.get(database_password_name("sandbox", "books-db")) is None


async def test_lists_choices_for_the_wizard(moto_ctx: FlowContext) -> None:
    door = moto_ctx.door
    versions = await list_engine_versions(door)
    assert versions[0].is_default
    classes = await list_instance_classes(door, "mysql", versions[0].version)
    assert classes[:2] == ["db.t3.micro", "db.t4g.micro"]
    vpcs = await list_vpcs(door)
    assert vpcs[0].is_default
    assert len({subnet.zone for subnet in await list_subnets(door, vpcs[0].vpc_id)}) >= 2
    assert "default" in [group.name for group in await list_security_groups(door, vpcs[0].vpc_id)]


def test_templates_fill_defaults_and_review_masks_the_password(moto_ctx: FlowContext) -> None:
    spec = DatabaseSpec.from_template(Template.PRODUCTION, "books-db", database_name="books")
    assert (spec.instance_class, spec.allocated_storage, spec.multi_az) == (
        "db.m5.large",
        100,
        True,
    )
    free = DatabaseSpec.from_template(Template.FREE_TIER, "books-db")
    assert free.instance_class == "db.t3.micro"
    command = render_plan(
        moto_ctx.door, TargetDatabaseFlow(spec, PASSWORD, InMemoryStore()).plan()
    )[-1]
    assert command.startswith("aws rds create-db-instance --db-instance-identifier books-db")
    assert '--master-user-password "$MA_MASTER_USER_PASSWORD"' in command
    assert "--multi-az" in command
    assert json.loads(command.split("--tags ")[1].split(" --")[0].strip("'"))[0]["Key"]


async def test_each_status_on_the_way_is_shown_with_its_meaning(
    sandbox_ctx: FlowContext, sink: RecordingSink
) -> None:
    result = await create_database(
        DatabaseSpec(identifier="books-db"), PASSWORD, InMemoryStore(), sandbox_ctx
    )

    assert result.status == "available"
    assert result.endpoint
    statuses = [e for e in sink.of_type(StatusChanged) if e.subject == "DB instance books-db"]
    assert statuses[0].status == "creating"
    assert statuses[-1].status == "available"
    assert len(statuses) >= 3
    assert all(event.meaning for event in statuses)


async def test_the_review_lists_every_creating_call_in_order(moto_ctx: FlowContext) -> None:
    spec = replace(SPEC, identifier="books-db")
    flow = TargetDatabaseFlow(spec, PASSWORD, InMemoryStore())
    reviewed = commands(render_plan(moto_ctx.door, flow.plan()))

    await flow.run(moto_ctx)

    assert_review_is_what_was_done(reviewed, account_changes(moto_ctx.door))
    assert PASSWORD not in "\n".join(reviewed)
    assert "--subnet-ids '<every subnet of the default VPC>'" in reviewed[0]
    assert "--group-name books-db-access" in reviewed[1]
    assert "'<id of new group books-db-access>'" in reviewed[2]


async def test_a_security_group_that_exists_is_reused_and_its_reviewed_create_skipped(
    moto_ctx: FlowContext,
) -> None:
    await TargetDatabaseFlow(replace(SPEC, identifier="books-db"), PASSWORD, InMemoryStore()).run(
        moto_ctx
    )
    flow = TargetDatabaseFlow(replace(SPEC, identifier="books-db2"), PASSWORD, InMemoryStore())
    planned = flow.plan()
    assert planned[1].when == "Only if the VPC has no security group books-db-access yet:"
    reviewed = commands(render_plan(moto_ctx.door, planned))
    calls_before = len(moto_ctx.door.records)

    await flow.run(moto_ctx)

    skipped_group = [reviewed[0], reviewed[2]]
    assert_review_is_what_was_done(skipped_group, account_changes(moto_ctx.door, calls_before))


def test_problems_name_every_bad_field_before_any_call() -> None:
    spec = DatabaseSpec("1-books", master_username="", allocated_storage=5, port=0)
    flow = TargetDatabaseFlow(spec, "short", InMemoryStore(), confirmation="other")

    assert set(flow.problems()) == {
        "identifier",
        "master_username",
        "master_password",
        "storage",
        "port",
    }
    assert "start with a letter" in flow.problems()["identifier"]
    fine = TargetDatabaseFlow(SPEC, PASSWORD, InMemoryStore(), confirmation=PASSWORD)
    assert fine.problems() == {}
