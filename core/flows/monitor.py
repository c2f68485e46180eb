"""Watching a migration task: status, full-load progress, per-table rows, CDC latency.

``monitor_task`` polls with backoff (faster while things change), emits events for the
activity log and progress bar, hands a full ``TaskSnapshot`` to ``on_snapshot`` for the
per-table grid, and returns when the task stops or fails (or ``until`` says so). Cancel
its asyncio task to stop watching (e.g. when the page closes); the DMS task keeps running.

``MonitorFlow`` is the card's flow: its run is the watch, which changes nothing, so its
plan is empty. The calls that do change the task are the controls the user may press
(Start, Stop, Resume, Restart): ``controls()`` shows the ones a snapshot offers, and
``control()`` makes the same call (``core.flows.monitor_controls``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from core.aws import CLOUDWATCH, DMS
from core.errors import MigrationAssistantError, ValidationError
from core.events import Progress, StatusChanged
from core.flows.context import FlowContext, is_unsupported
from core.flows.monitor_controls import TaskControl, planned_control, use_control
from core.flows.shape import Flow, PlannedCall, first_problem

if TYPE_CHECKING:
    from mypy_boto3_cloudwatch.type_defs import DimensionTypeDef

__all__ = [
    "TASK_STATUS_MEANINGS",
    "MonitorFlow",
    "MonitorInputs",
    "TableStats",
    "TaskControl",
    "TaskSnapshot",
    "monitor_task",
    "offered_controls",
    "plain_stop_reason",
]

STEP = "task-run"
_ACTIVE = {"starting", "running", "resuming", "stopping"}
_RUNNING = {"starting", "running", "resuming"}
_STOPPED = {"stopped", "failed"}
_TASK_ARN = re.compile(r"arn:aws[a-z-]*:dms:[a-z0-9-]+:\d{12}:task:[A-Za-z0-9-]+")
_CDC_TYPES = {"full-load-and-cdc", "cdc"}

TASK_STATUS_MEANINGS: dict[str, str] = {
    "creating": "DMS is preparing the task.",
    "ready": "Created; not started yet.",
    "starting": "DMS is connecting to both databases.",
    "running": "Copying data.",
    "stopping": "Finishing the current work before stopping.",
    "stopped": "Not running.",
    "failed": "Stopped by an error; see the last failure message.",
    "modifying": "DMS is applying new settings.",
    "deleting": "The task is being deleted.",
}

_STOP_REASONS: dict[str, str] = {
    "FULL_LOAD_ONLY_FINISHED": "Load complete: every selected table was copied.",
    "NORMAL": "Stopped because you asked it to stop.",
    "STOPPED_AFTER_FULL_LOAD": "Stopped after the full load, as the task settings ask.",
    "STOPPED_AFTER_CACHED_EVENTS": "Stopped after applying the changes cached during the load, "
    "as the task settings ask.",
    "RECOVERABLE_ERROR": "Stopped by an error DMS may recover from: resume the task to retry.",
    "FATAL_ERROR": "Stopped by an error it cannot recover from: see the last failure message.",
    "STOPPED_DUE_TO_LOW_MEMORY": "Stopped: the replication instance ran out of memory; "
    "choose a larger class.",
    "STOPPED_DUE_TO_LOW_DISK": "Stopped: the replication instance ran out of disk; give it "
    "more storage.",
    "EXPRESS_LICENSE_LIMITS_REACHED": "Stopped: a license limit of the source was reached.",
}


def plain_stop_reason(stop_reason: str) -> str:
    """DMS's ``Stop Reason FULL_LOAD_ONLY_FINISHED`` as a sentence."""
    code = stop_reason.removeprefix("Stop Reason").strip().upper()
    if not code:
        return ""
    return _STOP_REASONS.get(code, f"Stopped ({code.replace('_', ' ').lower()}).")


@dataclass(frozen=True)
class TableStats:
    schema: str
    table: str
    state: str
    full_load_rows: int
    inserts: int
    updates: int
    deletes: int
    validation_state: str

    @property
    def name(self) -> str:
        return f"{self.schema}.{self.table}"

    @classmethod
    def from_description(cls, item: dict[str, Any]) -> TableStats:
        return cls(
            schema=str(item.get("SchemaName", "")),
            table=str(item.get("TableName", "")),
            state=str(item.get("TableState", "")),
            full_load_rows=int(item.get("FullLoadRows", 0)),
            inserts=int(item.get("Inserts", 0)),
            updates=int(item.get("Updates", 0)),
            deletes=int(item.get("Deletes", 0)),
            validation_state=str(item.get("ValidationState", "")),
        )


@dataclass(frozen=True)
class TaskSnapshot:
    """One look at the task. ``load_complete`` is the 'Load complete' the user waits for."""

    arn: str
    status: str
    progress_percent: int
    elapsed_seconds: float
    tables: tuple[TableStats, ...]
    stop_reason: str = ""
    last_failure: str = ""
    cdc_latency_source: float | None = None
    cdc_latency_target: float | None = None

    @property
    def load_complete(self) -> bool:
        return self.status == "stopped" and "FULL_LOAD_ONLY_FINISHED" in self.stop_reason

    @property
    def plain_stop_reason(self) -> str:
        return plain_stop_reason(self.stop_reason)

    @property
    def headline(self) -> str:
        if self.load_complete:
            return "Load complete"
        if self.status == "failed":
            return f"Failed: {self.last_failure or 'see the task log'}"
        if self.status == "stopped":
            return self.plain_stop_reason or "Stopped"
        return TASK_STATUS_MEANINGS.get(self.status, self.status)


async def _describe(ctx: FlowContext, arn: str) -> dict[str, Any]:
    found = await ctx.door.call(
        DMS.describe_replication_tasks,
        Filters=[{"Name": "replication-task-arn", "Values": [arn]}],
        WithoutSettings=True,
    )
    tasks = found.get("ReplicationTasks", [])
    if not tasks:
        raise MigrationAssistantError(
            "The migration task no longer exists.", "It may have been deleted in the console."
        )
    return dict(tasks[0])


async def _tables(ctx: FlowContext, arn: str) -> tuple[TableStats, ...]:
    try:
        items = await ctx.door.collect(
            DMS.describe_table_statistics, "TableStatistics", ReplicationTaskArn=arn
        )
    except MigrationAssistantError as error:
        if is_unsupported(error):
            return ()
        raise
    return tuple(TableStats.from_description(item) for item in items)


async def _latency(ctx: FlowContext, task: dict[str, Any]) -> tuple[float | None, float | None]:
    """CDC latency (seconds) from CloudWatch; None where there is no data point yet."""
    instance_arn = str(task.get("ReplicationInstanceArn", ""))
    dimensions: list[DimensionTypeDef] = [
        {"Name": "ReplicationInstanceIdentifier", "Value": instance_arn.rsplit(":", 1)[-1]},
        {
            "Name": "ReplicationTaskIdentifier",
            "Value": str(task.get("ReplicationTaskArn", "")).rsplit(":", 1)[-1],
        },
    ]
    now = datetime.now(UTC)
    values: list[float | None] = []
    for metric in ("CDCLatencySource", "CDCLatencyTarget"):
        try:
            found = await ctx.door.call(
                CLOUDWATCH.get_metric_statistics,
                Namespace="AWS/DMS",
                MetricName=metric,
                Dimensions=dimensions,
                StartTime=now - timedelta(minutes=5),
                EndTime=now,
                Period=60,
                Statistics=["Average"],
            )
        except MigrationAssistantError:
            values.append(None)  # latency is a nice-to-have; never stop watching for it
            continue
        points = sorted(found.get("Datapoints", []), key=lambda point: point["Timestamp"])
        values.append(float(points[-1]["Average"]) if points else None)
    return values[0], values[1]


async def take_snapshot(ctx: FlowContext, arn: str) -> TaskSnapshot:
    task = await _describe(ctx, arn)
    stats = task.get("ReplicationTaskStats", {})
    status = str(task.get("Status", ""))
    latency: tuple[float | None, float | None] = (None, None)
    if status == "running" and task.get("MigrationType") in _CDC_TYPES:
        latency = await _latency(ctx, task)
    return TaskSnapshot(
        arn=arn,
        status=status,
        progress_percent=int(stats.get("FullLoadProgressPercent", 0)),
        elapsed_seconds=int(stats.get("ElapsedTimeMillis", 0)) / 1000,
        tables=await _tables(ctx, arn),
        stop_reason=str(task.get("StopReason", "")),
        last_failure=str(task.get("LastFailureMessage", "")),
        cdc_latency_source=latency[0],
        cdc_latency_target=latency[1],
    )


def _emit_changes(
    ctx: FlowContext, label: str, old: TaskSnapshot | None, new: TaskSnapshot
) -> bool:
    changed = old is None or old != new
    if old is None or old.status != new.status:
        meaning = TASK_STATUS_MEANINGS.get(new.status, "")
        if new.status in ("stopped", "failed"):
            meaning = new.headline
        ctx.sink(StatusChanged(label, new.status, old.status if old else None, meaning))
    if old is None or old.progress_percent != new.progress_percent:
        ctx.sink(Progress(STEP, new.progress_percent, 100, "%"))
    before = {table.name: table for table in old.tables} if old else {}
    for table in new.tables:
        seen = before.get(table.name)
        if seen is None or seen.state != table.state:
            ctx.sink(
                StatusChanged(
                    f"Table {table.name}",
                    table.state,
                    seen.state if seen else None,
                    f"{table.full_load_rows} rows loaded",
                )
            )
    if new.cdc_latency_source is not None and (
        old is None or old.cdc_latency_source != new.cdc_latency_source
    ):
        ctx.report.note(
            f"Replication latency: source {new.cdc_latency_source:.0f} s, "
            f"target {(new.cdc_latency_target or 0):.0f} s."
        )
    return changed


async def monitor_task(
    ctx: FlowContext,
    arn: str,
    *,
    on_snapshot: Callable[[TaskSnapshot], None] | None = None,
    until: Callable[[TaskSnapshot], bool] | None = None,
    first_delay: float = 2.0,
    max_delay: float = 30.0,
    label: str = "Migration task",
    just_started: bool = False,
) -> TaskSnapshot:
    """Watch the task until it is stopped or failed, or ``until(snapshot)`` is true.

    With ``just_started`` (right after start, resume or reload) a 'stopped' status counts
    only once the task was seen active, so the previous run's stop is not taken for this
    one's."""
    previous: TaskSnapshot | None = None
    delay = first_delay
    seen_active = False
    while True:
        snapshot = await take_snapshot(ctx, arn)
        if _emit_changes(ctx, label, previous, snapshot):
            delay = first_delay
        else:
            delay = min(max_delay, delay * 1.5)
        if on_snapshot is not None:
            on_snapshot(snapshot)
        previous = snapshot
        seen_active = seen_active or snapshot.status in _ACTIVE
        finished = snapshot.status == "failed" or (
            snapshot.status == "stopped"
            and (seen_active or (bool(snapshot.stop_reason) and not just_started))
        )
        if finished or (until is not None and until(snapshot)):
            return snapshot
        await ctx.clock.sleep(delay)


def offered_controls(snapshot: TaskSnapshot) -> tuple[TaskControl, ...]:
    """The controls that make sense for the task as last seen: Start before its first run,
    Stop while it runs, Resume after a stop that left work (not after Load complete),
    Restart after any stop."""
    status = snapshot.status
    offered = {
        TaskControl.START: status == "ready",
        TaskControl.STOP: status in _RUNNING,
        TaskControl.RESUME: status in _STOPPED and not snapshot.load_complete,
        TaskControl.RESTART: status in _STOPPED,
    }
    return tuple(control for control, shown in offered.items() if shown)


@dataclass(frozen=True)
class MonitorInputs:
    """The task to watch; ``just_started`` right after a start, resume or restart (a
    'stopped' status then counts only once the task was seen active)."""

    task_arn: str
    just_started: bool = False


def _check_arn(arn: str) -> None:
    if not arn:
        raise ValidationError("task_arn", "Choose the migration task to watch.")
    if not _TASK_ARN.fullmatch(arn):
        raise ValidationError(
            "task_arn",
            f"'{arn}' is not the ARN of a DMS migration task.",
            "It looks like arn:aws:dms:REGION:ACCOUNT:task:ID.",
        )


class MonitorFlow(Flow[MonitorInputs, TaskSnapshot]):
    """Watch one task. Given apart: ``on_snapshot`` (each look, for a live view) and
    ``until`` (stop watching early)."""

    key = "monitor"

    def __init__(
        self,
        inputs: MonitorInputs,
        *,
        on_snapshot: Callable[[TaskSnapshot], None] | None = None,
        until: Callable[[TaskSnapshot], bool] | None = None,
    ) -> None:
        super().__init__(inputs)
        self._on_snapshot = on_snapshot
        self._until = until

    def problems(self) -> dict[str, str]:
        return first_problem(lambda: _check_arn(self.inputs.task_arn))

    def plan(self) -> tuple[PlannedCall, ...]:
        """Nothing: watching only reads (describe, table statistics, CloudWatch). What the
        user may change is in ``controls()``."""
        return ()

    def controls(self, snapshot: TaskSnapshot | None = None) -> list[PlannedCall]:
        """The call behind each control ``snapshot`` offers (every control without one),
        each under the button it belongs to; ``control`` makes exactly that call."""
        offered: Sequence[TaskControl] = (
            tuple(TaskControl) if snapshot is None else offered_controls(snapshot)
        )
        return [planned_control(self.inputs.task_arn, control) for control in offered]

    async def control(self, ctx: FlowContext, control: TaskControl) -> str:
        """Press ``control``; the status DMS answered with. Watch again afterwards with
        ``just_started`` unless it was Stop."""
        _check_arn(self.inputs.task_arn)
        return await use_control(ctx, self.inputs.task_arn, control)

    async def run(self, ctx: FlowContext) -> TaskSnapshot:
        """Watch until the task stops or fails (or ``until`` says so); the last look."""
        _check_arn(self.inputs.task_arn)
        return await monitor_task(
            ctx,
            self.inputs.task_arn,
            on_snapshot=self._on_snapshot,
            until=self._until,
            just_started=self.inputs.just_started,
        )
