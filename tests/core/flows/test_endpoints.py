"""Endpoints against the Sandbox: created, prefilled from RDS, and tested both ways."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core.credentials import InMemoryStore
from core.database import rds_password_name
from core.errors import ValidationError
from core.events import RecordingSink, StatusChanged
from core.flows.context import FlowContext
from core.flows.endpoints import (
    EndpointsFlow,
    EndpointsInputs,
    EndpointType,
    create_endpoint,
    endpoint_password,
    likely_fixes,
    list_rds_targets,
    planned_endpoint,
    run_connection_test,
    target_spec_from_rds,
)
from core.flows.shape import render_plan
from core.ledger import ResourceKind
from core.sandbox.server import SandboxServer
from tests.fixtures.chain import (
    DB_PASSWORD,
    SOURCE_PASSWORD,
    SOURCE_PASSWORD_NAME,
    build_all,
    build_part_one,
    source_spec,
)
from tests.fixtures.plans import account_changes, assert_review_is_what_was_done, commands


async def test_endpoints_are_created_and_both_connections_succeed(
    sandbox_ctx: FlowContext, sink: RecordingSink
) -> None:
    built = await build_all(sandbox_ctx, InMemoryStore())

    assert built.target.endpoint_type is EndpointType.TARGET
    assert built.target.server_name.startswith("books-db.")
    endpoints = [
        e.resource_id
        for e in sandbox_ctx.ledger.entries("sandbox")
        if e.kind is ResourceKind.DMS_ENDPOINT
    ]
    assert endpoints == ["source-books", "target-books-db"]
    create = next(r for r in sandbox_ctx.door.records if r.operation == "create_endpoint")
    assert SOURCE_PASSWORD not in create.cli

    for endpoint in (built.source, built.target):
        result = await run_connection_test(sandbox_ctx, built.instance.arn, endpoint.arn)
        assert result.succeeded
        assert result.message == ""
    tests = [e for e in sink.of_type(StatusChanged) if e.subject.endswith("connection test")]
    assert [e.status for e in tests][-2:] == ["testing", "successful"]


async def test_a_failing_test_shows_the_dms_message_and_fixes(
    sandbox_ctx: FlowContext, sandbox: SandboxServer
) -> None:
    built = await build_all(sandbox_ctx, InMemoryStore())
    sandbox.fail_connection_tests(
        built.source.arn,
        "Test connection failed: Can't connect to MySQL server on 'db1.example.com' (110)",
    )

    failed = await run_connection_test(sandbox_ctx, built.instance.arn, built.source.arn)

    assert not failed.succeeded
    assert "Can't connect to MySQL server" in failed.message
    assert failed.likely_fixes[0].startswith("Port closed: allow TCP 3306")
    assert any("bind-address" in fix for fix in failed.likely_fixes)

    sandbox.clear_connection_failures()
    again = await run_connection_test(sandbox_ctx, built.instance.arn, built.source.arn)
    assert again.succeeded


def test_likely_fixes_follow_the_message() -> None:
    denied = likely_fixes("Access denied for user 'dms_user'@'54.0.0.1' (using password: YES)")
    assert denied[0].startswith("Wrong user name or password")
    assert "'user'@'<replication instance IP>'" in denied[1]
    assert likely_fixes("Unknown MySQL server host 'db1.example'")[0].startswith(
        "The server name does not resolve"
    )
    assert len(likely_fixes("something odd")) == 4


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"identifier": "source--books"}, "identifier"),
        ({"server_name": "db host"}, "server_name"),
        ({"port": 0}, "port"),
        ({"username": ""}, "username"),
        ({"engine": "oracle"}, "engine"),
        ({"extra_connection_attributes": "parallelLoadThreads"}, "extra_connection_attributes"),
        # Nothing under its name nor its login's (user@server:port).
        ({"password_name": "nothing-stored", "username": "nobody"}, "password"),
    ],
)
async def test_refuses_bad_endpoints_before_any_aws_call(
    offline_ctx: FlowContext, changes: dict[str, object], field: str
) -> None:
    store = InMemoryStore()
    store.set(source_spec().password_name, SOURCE_PASSWORD)
    with pytest.raises(ValidationError) as caught:
        await create_endpoint(replace(source_spec(), **changes), store, offline_ctx)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert offline_ctx.door.records == []


async def test_refuses_a_name_already_taken(sandbox_ctx: FlowContext) -> None:
    store = InMemoryStore()
    store.set(source_spec().password_name, SOURCE_PASSWORD)
    await create_endpoint(source_spec(), store, sandbox_ctx)
    with pytest.raises(ValidationError, match="already exists"):
        await create_endpoint(source_spec(), store, sandbox_ctx)


async def test_lists_rds_targets_and_renders_the_command(sandbox_ctx: FlowContext) -> None:
    await build_all(sandbox_ctx, InMemoryStore())
    targets = await list_rds_targets(sandbox_ctx.door)
    assert [(t.identifier, t.engine, t.port, t.master_username) for t in targets] == [
        ("books-db", "mysql", 3306, "admin")
    ]
    (command,) = render_plan(sandbox_ctx.door, [planned_endpoint(source_spec())])
    assert command.startswith("aws dms create-endpoint --endpoint-identifier source-books")
    assert '--password "$MA_PASSWORD"' in command
    # AWS: never DatabaseName on a MySQL endpoint (it would funnel every table into it).
    assert "--database-name" not in command
    made = sandbox_ctx.ledger.find(ResourceKind.DMS_ENDPOINT, "source-books", "sandbox")
    assert made is not None and made.details["database"] == "books"


async def test_the_rds_target_names_the_master_password_the_ledger_records(
    sandbox_ctx: FlowContext,
) -> None:
    store = InMemoryStore()
    await build_all(sandbox_ctx, store)

    target = await target_spec_from_rds(sandbox_ctx, "books-db")
    made = sandbox_ctx.ledger.find(ResourceKind.RDS_INSTANCE, "books-db", "sandbox")
    assert made is not None
    # Teardown deletes the password by the ledger's name: the one the target reads.
    assert target.password_name == made.details["password_name"]
    assert target.password_name == rds_password_name("sandbox", "books-db")
    assert endpoint_password(store, target) == DB_PASSWORD


async def part_one_and_endpoints_inputs(
    ctx: FlowContext,
) -> tuple[EndpointsInputs, InMemoryStore]:
    """The part one resources, and the Endpoints wizard's inputs for them with the store
    holding both passwords."""
    store = InMemoryStore()
    store.set(SOURCE_PASSWORD_NAME, SOURCE_PASSWORD)
    database, _ = await build_part_one(ctx, store)
    target = await target_spec_from_rds(ctx, database.identifier)
    return EndpointsInputs(source_spec(), target), store


async def test_the_review_is_both_endpoints_created_source_first(
    sandbox_ctx: FlowContext,
) -> None:
    inputs, store = await part_one_and_endpoints_inputs(sandbox_ctx)
    flow = EndpointsFlow(inputs, store)
    assert flow.problems() == {}
    reviewed = commands(render_plan(sandbox_ctx.door, flow.plan()))
    calls_before = len(sandbox_ctx.door.records)

    result = await flow.run(sandbox_ctx)
    again = await flow.run(sandbox_ctx)  # Try again: what the first run made is kept

    assert_review_is_what_was_done(reviewed, account_changes(sandbox_ctx.door, calls_before))
    assert again == result
    assert (result.source.identifier, result.target.identifier) == (
        "source-books",
        "target-books-db",
    )
    shown = "\n".join(reviewed)
    assert SOURCE_PASSWORD not in shown
    assert DB_PASSWORD not in shown


async def test_an_endpoint_made_by_an_earlier_try_is_reused_and_left_out_of_the_review(
    sandbox_ctx: FlowContext,
) -> None:
    inputs, store = await part_one_and_endpoints_inputs(sandbox_ctx)
    source = await create_endpoint(inputs.source, store, sandbox_ctx)  # the earlier try

    flow = EndpointsFlow(inputs, store, made=[source])
    reviewed = commands(render_plan(sandbox_ctx.door, flow.plan()))
    calls_before = len(sandbox_ctx.door.records)
    result = await flow.run(sandbox_ctx)

    assert len(reviewed) == 1 and "target-books-db" in reviewed[0]
    assert_review_is_what_was_done(reviewed, account_changes(sandbox_ctx.door, calls_before))
    assert result.source == source
    assert flow.made == (result.source, result.target)
    # Another identifier is another endpoint: the one made before is not taken for it.
    renamed = replace(inputs, source=replace(inputs.source, identifier="source-other"))
    again = EndpointsFlow(renamed, store, made=flow.made)
    assert again.made == (result.target,)
    assert [planned.call.params["EndpointIdentifier"] for planned in again.plan()] == [
        "source-other"
    ]


def test_problems_name_each_endpoints_bad_fields_before_any_call() -> None:
    source = replace(source_spec(), server_name="", port=0)
    target = replace(
        source_spec(),
        identifier="target-books",
        endpoint_type=EndpointType.TARGET,
        password_name="",
    )

    problems = EndpointsFlow(EndpointsInputs(source, target), InMemoryStore()).problems()

    assert set(problems) == {"source.server_name", "source.port", "target.password"}
    assert "No password is stored for the target" in problems["target.password"]
