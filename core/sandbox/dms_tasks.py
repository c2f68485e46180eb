"""DMS replication tasks in the Sandbox, paced as on AWS.

creating -> ready; start: starting -> running (FullLoadProgressPercent 0, 10, ... 100) ->
stopped with StopReason "Stop Reason FULL_LOAD_ONLY_FINISHED" for a full load, or running for
ever (change capture) for full-load-and-cdc until stop_replication_task (stopping -> stopped,
"Stop Reason NORMAL"). StartReplicationTaskType start-replication (first run only),
resume-processing (carries on from where it stopped) and reload-target (from 0 again).
A running task cannot be deleted; a deleted one is ``deleting`` and then ResourceNotFoundFault.
Also DescribeTableStatistics, which stock moto lacks.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from moto.dms.exceptions import InvalidResourceStateFault, ResourceNotFoundFault
from moto.dms.models import FakeReplicationTask
from moto.dms.responses import DatabaseMigrationServiceResponse as DmsResponse

from core.sandbox.dms import InvalidParameterValueException, filter_items, not_found_unless
from core.sandbox.dms_tables import (
    TableProgress,
    selected_tables,
    table_statistics,
    validation_enabled,
)
from core.sandbox.pacing import PacedRun
from core.sandbox.routing import SandboxConfig, call_moto, side_state
from core.sandbox.routing import install as install_handler

__all__ = ["PERCENT_STEP", "TaskStage", "install"]

PERCENT_STEP = 10
FULL_LOAD_FINISHED = "Stop Reason FULL_LOAD_ONLY_FINISHED"
STOPPED_BY_USER = "Stop Reason NORMAL"
_ACTIVE = {"starting", "running", "stopping"}
_START_TYPES = {"start-replication", "resume-processing", "reload-target"}

_TASK_FILTERS = {
    "replication-task-arn": ("ReplicationTaskArn",),
    "replication-task-id": ("ReplicationTaskIdentifier",),
    "migration-type": ("MigrationType",),
    "endpoint-arn": ("SourceEndpointArn", "TargetEndpointArn"),
    "replication-instance-arn": ("ReplicationInstanceArn",),
}
_TABLE_FILTERS = {
    "schema-name": ("SchemaName",),
    "table-name": ("TableName",),
    "table-state": ("TableState",),
}


@dataclass(frozen=True)
class TaskStage:
    status: str
    percent: int = 0
    stop_reason: str = ""


def _run_stages(migration_type: str, from_percent: int) -> list[TaskStage]:
    if migration_type == "cdc":
        return [TaskStage("starting"), TaskStage("running")]
    first_step = -(-from_percent // PERCENT_STEP) * PERCENT_STEP
    percents = sorted({from_percent, *range(first_step, 101, PERCENT_STEP)})
    stages = [TaskStage("starting", from_percent)]
    stages += [TaskStage("running", percent) for percent in percents]
    if migration_type == "full-load":
        stages.append(TaskStage("stopped", 100, FULL_LOAD_FINISHED))
    return stages


@dataclass
class _TaskLife:
    run: PacedRun[TaskStage] = field(
        default_factory=lambda: PacedRun((TaskStage("creating"), TaskStage("ready")))
    )
    has_run: bool = False
    percent: int = 0
    changes_before: int = 0
    started: float | None = None
    stopped: float | None = None
    load_started: float | None = None
    load_finished: float | None = None

    def read(self, pace: float) -> TaskStage:
        stage = self.run.read(pace)
        now = time.time()
        if self.has_run:
            self.percent = stage.percent
            if stage.status == "running" and self.load_started is None:
                self.load_started = now
            if stage.percent >= 100 and self.load_finished is None:
                self.load_finished = now
            if stage.status == "stopped" and self.stopped is None:
                self.stopped = now
        return stage

    def replace_run(self, stages: list[TaskStage]) -> None:
        self.changes_before += self.run.overflow if self.has_run else 0
        self.run = PacedRun(stages)

    @property
    def changes(self) -> int:
        return self.changes_before + (self.run.overflow if self.has_run else 0)


@dataclass
class _TaskState:
    lives: dict[str, _TaskLife] = field(default_factory=dict)
    deleting: dict[str, tuple[dict[str, Any], PacedRun[str]]] = field(default_factory=dict)


def _state(response: DmsResponse) -> _TaskState:
    return side_state(response.dms_backend, _TaskState)


def _task(response: DmsResponse, arn: str) -> FakeReplicationTask:
    task: FakeReplicationTask | None = response.dms_backend.replication_tasks.get(arn)
    if task is None:
        raise ResourceNotFoundFault("Replication task could not be found.")
    return task


def _life(response: DmsResponse, task: FakeReplicationTask) -> _TaskLife:
    return _state(response).lives.setdefault(task.arn, _TaskLife())


def _shown(
    task: FakeReplicationTask, life: _TaskLife, stage: TaskStage, tables: int
) -> dict[str, Any]:
    task.status = stage.status  # keeps moto's own view in step
    item: dict[str, Any] = task.to_dict()
    item["Status"] = stage.status
    if stage.stop_reason:
        item["StopReason"] = stage.stop_reason
    loaded = life.has_run and stage.percent >= 100
    item["ReplicationTaskStartDate"] = life.started
    stats = {
        "FullLoadProgressPercent": stage.percent,
        "ElapsedTimeMillis": int(1000 * (time.time() - life.started)) if life.started else 0,
        "TablesLoaded": tables if loaded else 0,
        "TablesLoading": tables if life.has_run and not loaded else 0,
        "TablesQueued": 0 if life.has_run else tables,
        "TablesErrored": 0,
        "FreshStartDate": life.started,
        "StartDate": life.started,
        "StopDate": life.stopped,
        "FullLoadStartDate": life.load_started,
        "FullLoadFinishDate": life.load_finished,
    }
    item["ReplicationTaskStats"] = {key: value for key, value in stats.items() if value is not None}
    return {key: value for key, value in item.items() if value is not None}


def _table_count(task: FakeReplicationTask, config: SandboxConfig) -> int:
    return len(selected_tables(task.table_mappings, config.source_tables))


def create_replication_task(response: DmsResponse, config: SandboxConfig) -> str:
    backend = response.dms_backend
    body: dict[str, Any] = json.loads(response.body or "{}")
    endpoint_arns = {endpoint.endpoint_arn for endpoint in backend.endpoints.values()}
    for key in ("SourceEndpointArn", "TargetEndpointArn"):
        if body.get(key) not in endpoint_arns:
            raise ResourceNotFoundFault(f"Endpoint {body.get(key)} could not be found.")
    if body.get("ReplicationInstanceArn") not in backend.replication_instances:
        raise ResourceNotFoundFault("Replication instance could not be found.")
    try:
        json.loads(body.get("TableMappings") or "")
    except json.JSONDecodeError as error:
        raise InvalidParameterValueException(f"Invalid table mappings: {error}") from error
    created = json.loads(call_moto(DmsResponse, "create_replication_task", response))
    task = _task(response, created["ReplicationTask"]["ReplicationTaskArn"])
    life = _TaskLife()
    _state(response).lives[task.arn] = life
    shown = _shown(task, life, life.run.stages[0], _table_count(task, config))
    return json.dumps({"ReplicationTask": shown})


def describe_replication_tasks(response: DmsResponse, config: SandboxConfig) -> str:
    body: dict[str, Any] = json.loads(response.body or "{}")
    filters = body.get("Filters", [])
    state = _state(response)
    shown = []
    for task in response.dms_backend.replication_tasks.values():
        life = _life(response, task)
        shown.append(_shown(task, life, life.read(config.pace), _table_count(task, config)))
    for arn, (item, run) in list(state.deleting.items()):
        status = run.read(config.pace)
        if status:
            shown.append({**item, "Status": status})
        else:
            del state.deleting[arn]
    found = filter_items(shown, filters, _TASK_FILTERS)
    not_found_unless(found, filters, "tasks")
    if body.get("WithoutSettings"):
        found = [
            {k: v for k, v in item.items() if k not in ("TableMappings", "ReplicationTaskSettings")}
            for item in found
        ]
    return json.dumps({"ReplicationTasks": found})


def start_replication_task(response: DmsResponse, config: SandboxConfig) -> str:
    task = _task(response, response._get_param("ReplicationTaskArn"))
    start_type = response._get_param("StartReplicationTaskType") or "start-replication"
    if start_type not in _START_TYPES:
        raise InvalidParameterValueException(f"Invalid StartReplicationTaskType {start_type}")
    life = _life(response, task)
    status = life.run.peek(config.pace).status
    if status == "creating" or status in _ACTIVE:
        raise InvalidResourceStateFault(
            f"Replication task {task.id} is {status} and cannot be started now."
        )
    if start_type == "start-replication" and life.has_run:
        raise InvalidResourceStateFault(
            "Start type start-replication is only valid for a task that has never run; "
            "use resume-processing or reload-target."
        )
    if start_type != "resume-processing":
        life.percent = 0
        life.load_started = life.load_finished = None
    life.replace_run(_run_stages(task.migration_type, life.percent))
    life.has_run = True
    life.started = time.time()
    life.stopped = None
    shown = _shown(task, life, life.run.stages[0], _table_count(task, config))
    return json.dumps({"ReplicationTask": shown})


def stop_replication_task(response: DmsResponse, config: SandboxConfig) -> str:
    task = _task(response, response._get_param("ReplicationTaskArn"))
    life = _life(response, task)
    current = life.run.peek(config.pace)
    if current.status not in ("running", "starting"):
        raise InvalidResourceStateFault(f"Replication task {task.id} is not running.")
    percent = current.percent
    life.replace_run(
        [TaskStage("stopping", percent), TaskStage("stopped", percent, STOPPED_BY_USER)]
    )
    life.stopped = None
    shown = _shown(task, life, life.run.stages[0], _table_count(task, config))
    return json.dumps({"ReplicationTask": shown})


def delete_replication_task(response: DmsResponse, config: SandboxConfig) -> str:
    arn = response._get_param("ReplicationTaskArn")
    task = _task(response, arn)
    state = _state(response)
    life = _life(response, task)
    status = life.run.peek(config.pace).status
    if status in _ACTIVE:
        raise InvalidResourceStateFault(
            f"Replication task {task.id} is {status}; stop it before deleting it."
        )
    item = _shown(task, life, life.run.peek(config.pace), _table_count(task, config))
    call_moto(DmsResponse, "delete_replication_task", response)
    state.lives.pop(arn, None)
    state.deleting[arn] = (item, PacedRun(("deleting", "")))
    return json.dumps({"ReplicationTask": {**item, "Status": "deleting"}})


def describe_table_statistics(response: DmsResponse, config: SandboxConfig) -> str:
    body: dict[str, Any] = json.loads(response.body or "{}")
    task = _task(response, body.get("ReplicationTaskArn", ""))
    life = _life(response, task)
    stage = life.read(config.pace)
    statistics: list[Any] = []
    if life.has_run:
        progress = TableProgress(
            status=stage.status,
            percent=stage.percent,
            full_load=task.migration_type != "cdc",
            changes=life.changes if task.migration_type != "full-load" else 0,
            validation=validation_enabled(task.replication_task_settings),
            load_started=life.load_started,
            load_finished=life.load_finished,
            now=time.time(),
        )
        tables = selected_tables(task.table_mappings, config.source_tables)
        statistics = table_statistics(tables, progress)
    found = filter_items(statistics, body.get("Filters", []), _TABLE_FILTERS)
    return json.dumps({"ReplicationTaskArn": task.arn, "TableStatistics": found})


def install() -> None:
    handlers = {
        "create_replication_task": create_replication_task,
        "describe_replication_tasks": describe_replication_tasks,
        "start_replication_task": start_replication_task,
        "stop_replication_task": stop_replication_task,
        "delete_replication_task": delete_replication_task,
        "describe_table_statistics": describe_table_statistics,
    }
    for action, handler in handlers.items():
        install_handler(DmsResponse, action, handler)
