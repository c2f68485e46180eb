"""Migration tasks against the Sandbox: Load complete with per-table rows, CDC until stopped."""

from __future__ import annotations

import asyncio

import pytest

from core.credentials import InMemoryStore
from core.errors import ValidationError
from core.events import Progress, RecordingSink, StatusChanged
from core.flows.context import FlowContext
from core.flows.migration_task import (
    MIGRATION_TYPE_EXPLANATIONS,
    PREP_MODE_CONSEQUENCES,
    MigrationTaskFlow,
    MigrationTaskInputs,
    MigrationType,
    TablePrepMode,
    TaskSnapshot,
    TaskSpec,
    create_task,
    monitor_task,
    plain_stop_reason,
    reload_task,
    resume_task,
    stop_task,
)
from core.flows.shape import render_plan
from core.flows.table_mapping import SelectionAction, SelectionRule, TableMapping
from core.ledger import ResourceKind
from core.sandbox.server import SandboxServer
from tests.fixtures.chain import Built, build_all
from tests.fixtures.clock import FakeClock
from tests.fixtures.plans import account_changes, assert_review_is_what_was_done, commands


def _spec(built: Built, **changes: object) -> TaskSpec:
    values: dict[str, object] = {
        "identifier": "books-full-load",
        "replication_instance_arn": built.instance.arn,
        "source_endpoint_arn": built.source.arn,
        "target_endpoint_arn": built.target.arn,
        "table_mapping": TableMapping.include_all("books"),
    }
    values.update(changes)
    return TaskSpec(**values)  # type: ignore[arg-type]


async def test_full_load_runs_to_load_complete_with_per_table_rows(
    sandbox_ctx: FlowContext, sandbox: SandboxServer, sink: RecordingSink
) -> None:
    sandbox.set_source_tables({"books": {"authors": 1200, "titles": 300}, "audit": {"log": 9}})
    built = await build_all(sandbox_ctx, InMemoryStore())
    seen: list[TaskSnapshot] = []

    task = await create_task(_spec(built), sandbox_ctx, start=True)
    final = await monitor_task(sandbox_ctx, task.arn, on_snapshot=seen.append)

    assert final.load_complete
    assert final.headline == "Load complete"
    assert final.plain_stop_reason == "Load complete: every selected table was copied."
    assert final.progress_percent == 100
    rows = {table.name: table.full_load_rows for table in final.tables}
    assert rows == {"books.authors": 1200, "books.titles": 300}
    assert {table.state for table in final.tables} == {"Table completed"}
    assert "running" in [snapshot.status for snapshot in seen]
    progress = [event.done for event in sink.of_type(Progress) if event.step == "task-run"]
    assert progress == sorted(progress)
    assert progress[-1] == 100
    assert any(e.subject == "Table books.authors" for e in sink.of_type(StatusChanged))
    entry = sandbox_ctx.ledger.find(ResourceKind.REPLICATION_TASK, "books-full-load", "sandbox")
    assert entry is not None
    assert entry.arn == task.arn


async def test_exclude_rule_and_wildcard_pick_the_tables(
    sandbox_ctx: FlowContext, sandbox: SandboxServer
) -> None:
    sandbox.set_source_tables({"books": {"authors": 10, "audit_2024": 5, "titles": 3}})
    built = await build_all(sandbox_ctx, InMemoryStore())
    mapping = TableMapping(
        selections=(
            SelectionRule("books", "%"),
            SelectionRule("books", "audit%", SelectionAction.EXCLUDE),
        )
    )
    task = await create_task(_spec(built, table_mapping=mapping), sandbox_ctx, start=True)
    final = await monitor_task(sandbox_ctx, task.arn)
    assert sorted(table.name for table in final.tables) == ["books.authors", "books.titles"]


async def test_full_load_and_cdc_keeps_running_until_stopped(sandbox_ctx: FlowContext) -> None:
    built = await build_all(sandbox_ctx, InMemoryStore())
    spec = _spec(built, identifier="books-cdc", migration_type=MigrationType.FULL_LOAD_AND_CDC)
    task = await create_task(spec, sandbox_ctx, start=True)

    loaded = await monitor_task(
        sandbox_ctx,
        task.arn,
        until=lambda snap: snap.status == "running" and snap.progress_percent == 100,
    )
    assert loaded.status == "running"
    later = await monitor_task(sandbox_ctx, task.arn, until=lambda snap: True)
    assert later.status == "running"
    assert not later.load_complete

    await stop_task(sandbox_ctx, task.arn)
    stopped = await monitor_task(sandbox_ctx, task.arn)
    assert stopped.status == "stopped"
    assert stopped.plain_stop_reason == "Stopped because you asked it to stop."

    await resume_task(sandbox_ctx, task.arn)
    resumed = await monitor_task(
        sandbox_ctx, task.arn, until=lambda snap: snap.status == "running", just_started=True
    )
    assert resumed.status == "running"
    await stop_task(sandbox_ctx, task.arn)
    await monitor_task(sandbox_ctx, task.arn)
    await reload_task(sandbox_ctx, task.arn)
    reloaded = await monitor_task(
        sandbox_ctx, task.arn, until=lambda snap: snap.status == "running", just_started=True
    )
    assert reloaded.status == "running"


async def test_invalid_mapping_is_refused_before_any_aws_call(offline_ctx: FlowContext) -> None:
    arn = "arn:aws:dms:us-east-1:123456789012:rep:X"
    spec = TaskSpec(
        "books-task",
        arn,
        arn,
        arn,
        TableMapping(selections=(SelectionRule("books", "%", SelectionAction.EXCLUDE),)),
    )
    with pytest.raises(ValidationError) as caught:
        await create_task(spec, offline_ctx)
    assert caught.value.field == "table_mapping"
    with pytest.raises(ValidationError) as missing:
        await create_task(
            TaskSpec("books-task", "", arn, arn, TableMapping.include_all("books")), offline_ctx
        )
    assert missing.value.field == "replication_instance"
    assert offline_ctx.door.records == []


def test_choices_are_explained_and_the_command_rendered(sandbox_ctx: FlowContext) -> None:
    assert set(MIGRATION_TYPE_EXPLANATIONS) == set(MigrationType)
    assert "DELETED" in PREP_MODE_CONSEQUENCES[TablePrepMode.DROP_AND_CREATE]
    arn = "arn:aws:dms:us-east-1:123456789012:rep:X"
    spec = TaskSpec("books-task", arn, arn, arn, TableMapping.include_all("books"))
    command = render_plan(sandbox_ctx.door, MigrationTaskFlow(MigrationTaskInputs(spec)).plan())[0]
    assert command.startswith("aws dms create-replication-task --replication-task-identifier")
    assert "--migration-type full-load" in command
    assert '"rule-action":"include"' in command.replace(" ", "")
    assert plain_stop_reason("Stop Reason SOMETHING_NEW") == "Stopped (something new)."


async def test_monitoring_stops_when_cancelled_and_the_task_keeps_running(
    sandbox_ctx: FlowContext, clock: FakeClock
) -> None:
    built = await build_all(sandbox_ctx, InMemoryStore())
    spec = _spec(built, identifier="books-cdc", migration_type=MigrationType.FULL_LOAD_AND_CDC)
    task = await create_task(spec, sandbox_ctx, start=True)
    snapshots: list[TaskSnapshot] = []
    enough = asyncio.Event()

    def keep(snapshot: TaskSnapshot) -> None:
        snapshots.append(snapshot)
        if len(snapshots) >= 6:
            enough.set()

    watching = asyncio.create_task(monitor_task(sandbox_ctx, task.arn, on_snapshot=keep))
    await enough.wait()

    watching.cancel()
    with pytest.raises(asyncio.CancelledError):
        await watching

    assert len(clock.sleeps) >= 5
    assert max(clock.sleeps) <= 30
    still = await monitor_task(sandbox_ctx, task.arn, until=lambda snap: True)
    assert still.status == "running"


@pytest.mark.parametrize("start", [False, True])
async def test_the_review_is_the_create_and_the_start_made(
    sandbox_ctx: FlowContext, start: bool
) -> None:
    built = await build_all(sandbox_ctx, InMemoryStore())
    flow = MigrationTaskFlow(MigrationTaskInputs(_spec(built), start=start))
    assert flow.problems() == {}
    reviewed = commands(render_plan(sandbox_ctx.door, flow.plan()))
    calls_before = len(sandbox_ctx.door.records)

    task = await flow.run(sandbox_ctx)

    assert_review_is_what_was_done(reviewed, account_changes(sandbox_ctx.door, calls_before))
    assert len(reviewed) == (2 if start else 1)
    assert (task.status == "ready") is not start


def test_problems_name_every_missing_choice_and_a_bad_mapping() -> None:
    spec = TaskSpec("1-task", "", "", "arn:aws:dms:x", TableMapping(selections=()))

    problems = MigrationTaskFlow(MigrationTaskInputs(spec)).problems()

    assert set(problems) == {
        "identifier",
        "replication_instance",
        "source_endpoint",
        "table_mapping",
    }
