"""MonitorFlow: the watch changes nothing (an empty plan); each control a snapshot offers
is shown as the one call pressing it makes."""

from __future__ import annotations

from core.credentials import InMemoryStore
from core.flows.context import FlowContext
from core.flows.migration_task import MigrationType, TaskSpec, create_task
from core.flows.monitor import MonitorFlow, MonitorInputs, TaskControl, TaskSnapshot
from core.flows.monitor import offered_controls as offered
from core.flows.shape import render_plan
from core.flows.table_mapping import TableMapping
from tests.fixtures.chain import build_all
from tests.fixtures.plans import account_changes, assert_review_is_what_was_done, commands

ARN = "arn:aws:dms:us-east-1:123456789012:task:BOOKS"


def _snapshot(status: str, stop_reason: str = "") -> TaskSnapshot:
    return TaskSnapshot(ARN, status, 0, 0.0, (), stop_reason=stop_reason)


async def _task(ctx: FlowContext, *, start: bool) -> str:
    built = await build_all(ctx, InMemoryStore())
    spec = TaskSpec(
        "books-cdc",
        built.instance.arn,
        built.source.arn,
        built.target.arn,
        TableMapping.include_all("books"),
        migration_type=MigrationType.FULL_LOAD_AND_CDC,
    )
    return (await create_task(spec, ctx, start=start)).arn


async def _press(ctx: FlowContext, flow: MonitorFlow, control: TaskControl) -> TaskSnapshot:
    """Press ``control`` as the view does (it must be offered), check that the call made is
    the one shown, and watch until the task settles."""
    seen = await MonitorFlow(flow.inputs, until=lambda snap: True).run(ctx)
    shown = flow.controls(seen)[offered(seen).index(control)]
    reviewed = commands(render_plan(ctx.door, [shown]))
    before = len(ctx.door.records)

    await flow.control(ctx, control)

    assert_review_is_what_was_done(reviewed, account_changes(ctx.door, before))
    settled = {"running"} if control.start_type else {"stopped"}
    watch = MonitorFlow(
        MonitorInputs(flow.inputs.task_arn, just_started=control.start_type is not None),
        until=lambda snap: snap.status in settled,
    )
    return await watch.run(ctx)


async def test_each_control_makes_the_call_it_shows(sandbox_ctx: FlowContext) -> None:
    flow = MonitorFlow(MonitorInputs(await _task(sandbox_ctx, start=False)))
    assert flow.problems() == {}
    assert flow.plan() == ()

    started = await _press(sandbox_ctx, flow, TaskControl.START)
    assert started.status == "running"
    stopped = await _press(sandbox_ctx, flow, TaskControl.STOP)
    assert offered(stopped) == (TaskControl.RESUME, TaskControl.RESTART)
    assert (await _press(sandbox_ctx, flow, TaskControl.RESUME)).status == "running"
    await _press(sandbox_ctx, flow, TaskControl.STOP)
    assert (await _press(sandbox_ctx, flow, TaskControl.RESTART)).status == "running"


async def test_the_watch_changes_nothing(sandbox_ctx: FlowContext) -> None:
    arn = await _task(sandbox_ctx, start=True)
    before = len(sandbox_ctx.door.records)
    looks: list[TaskSnapshot] = []
    flow = MonitorFlow(
        MonitorInputs(arn, just_started=True),
        on_snapshot=looks.append,
        until=lambda snap: snap.status == "running",
    )

    last = await flow.run(sandbox_ctx)

    assert last.status == "running"
    assert looks[-1] == last
    assert account_changes(sandbox_ctx.door, before) == []


def test_the_controls_offered_follow_the_status() -> None:
    assert offered(_snapshot("ready")) == (TaskControl.START,)
    assert offered(_snapshot("running")) == (TaskControl.STOP,)
    assert offered(_snapshot("failed")) == (TaskControl.RESUME, TaskControl.RESTART)
    done = _snapshot("stopped", "Stop Reason FULL_LOAD_ONLY_FINISHED")
    assert offered(done) == (TaskControl.RESTART,)
    assert offered(_snapshot("creating")) == ()
    every = MonitorFlow(MonitorInputs(ARN)).controls()
    assert [planned.call.name for planned in every] == [
        "start_replication_task",
        "stop_replication_task",
        "start_replication_task",
        "start_replication_task",
    ]
    assert [planned.call.params.get("StartReplicationTaskType") for planned in every] == [
        "start-replication",
        None,
        "resume-processing",
        "reload-target",
    ]


def test_problems_name_a_missing_or_wrong_arn() -> None:
    assert set(MonitorFlow(MonitorInputs("")).problems()) == {"task_arn"}
    wrong = MonitorFlow(MonitorInputs("arn:aws:dms:us-east-1:123456789012:endpoint:X"))
    assert wrong.problems()["task_arn"].startswith("'arn:aws:dms:us-east-1:123456789012:endpoint")
