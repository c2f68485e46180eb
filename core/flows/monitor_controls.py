"""A migration task's controls: Start, Stop, Resume, Restart, each one DMS call.

The calls are built here once: the controls make them, ``MonitorFlow.controls()`` shows
them before a button is pressed, ``MigrationTaskFlow`` plans and makes its start with
``start_task_call``, and teardown stops a running task with ``stop_task_call``.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

from core.aws import DMS, AwsCall, aws_call
from core.flows.context import FlowContext
from core.flows.shape import PlannedCall

if TYPE_CHECKING:
    from mypy_boto3_dms.type_defs import (
        StartReplicationTaskResponseTypeDef,
        StopReplicationTaskResponseTypeDef,
    )

__all__ = [
    "StartType",
    "TaskControl",
    "control_call",
    "planned_control",
    "reload_task",
    "resume_task",
    "start_task",
    "start_task_call",
    "stop_task",
    "stop_task_call",
    "use_control",
]


class StartType(enum.StrEnum):
    START = "start-replication"
    RESUME = "resume-processing"
    RELOAD = "reload-target"


class TaskControl(enum.StrEnum):
    """A button of the monitor view."""

    START = "start"
    STOP = "stop"
    RESUME = "resume"
    RESTART = "restart"

    @property
    def start_type(self) -> StartType | None:
        """How DMS is asked to start; None for Stop."""
        return _START_TYPES.get(self)


_START_TYPES = {
    TaskControl.START: StartType.START,
    TaskControl.RESUME: StartType.RESUME,
    TaskControl.RESTART: StartType.RELOAD,
}


def start_task_call(
    arn: str, start_type: StartType = StartType.START
) -> AwsCall[StartReplicationTaskResponseTypeDef]:
    return aws_call(
        DMS.start_replication_task,
        ReplicationTaskArn=arn,
        StartReplicationTaskType=start_type.value,
    )


def stop_task_call(arn: str) -> AwsCall[StopReplicationTaskResponseTypeDef]:
    return aws_call(DMS.stop_replication_task, ReplicationTaskArn=arn)


def control_call(arn: str, control: TaskControl) -> AwsCall[Any]:
    """The one call ``control`` makes (both answers hold the task and its status)."""
    start_type = control.start_type
    return stop_task_call(arn) if start_type is None else start_task_call(arn, start_type)


_WHEN = {
    TaskControl.START: "If you press Start:",
    TaskControl.STOP: "If you press Stop:",
    TaskControl.RESUME: "If you press Resume:",
    TaskControl.RESTART: "If you press Restart (every table is loaded again):",
}


def planned_control(arn: str, control: TaskControl) -> PlannedCall:
    """``control``'s call, under the button it belongs to."""
    return PlannedCall(control_call(arn, control), _WHEN[control])


async def start_task(ctx: FlowContext, arn: str, start_type: StartType = StartType.START) -> str:
    """Start (or resume, or reload) the task; returns the status DMS answered with."""
    started = await ctx.door.run(start_task_call(arn, start_type))
    return str(started["ReplicationTask"].get("Status", ""))


async def resume_task(ctx: FlowContext, arn: str) -> str:
    """Continue a stopped task where it stopped."""
    return await start_task(ctx, arn, StartType.RESUME)


async def reload_task(ctx: FlowContext, arn: str) -> str:
    """Restart from scratch: load every table again (the prep mode applies again)."""
    return await start_task(ctx, arn, StartType.RELOAD)


async def stop_task(ctx: FlowContext, arn: str) -> str:
    stopped = await ctx.door.run(stop_task_call(arn))
    return str(stopped["ReplicationTask"].get("Status", ""))


async def use_control(ctx: FlowContext, arn: str, control: TaskControl) -> str:
    """Press ``control``: its one call; returns the status DMS answered with."""
    answered = await ctx.door.run(control_call(arn, control))
    return str(answered["ReplicationTask"].get("Status", ""))
