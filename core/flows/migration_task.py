"""The DMS migration task: what to copy and how, created and (when asked) started.

``MigrationTaskFlow`` is the entry point. Its run, ``create_task``, validates the identifier
and the table mapping before any AWS call, records the task, waits until DMS has it ready
and can start it at once. Watching a running task is ``core.flows.monitor.monitor_task``
and its controls are ``core.flows.monitor_controls`` (both re-exported here).
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from core.aws import DMS, aws_call, poll_until
from core.errors import ValidationError
from core.flows import input_checks as check
from core.flows.context import Created, FlowContext
from core.flows.monitor import (
    TASK_STATUS_MEANINGS,
    TableStats,
    TaskSnapshot,
    monitor_task,
    plain_stop_reason,
)
from core.flows.monitor_controls import (
    StartType,
    reload_task,
    resume_task,
    start_task,
    start_task_call,
    stop_task,
)
from core.flows.shape import Flow, PlannedCall, all_problems
from core.flows.table_mapping import TableMapping
from core.ledger import ResourceKind

if TYPE_CHECKING:
    from mypy_boto3_dms.type_defs import (
        CreateReplicationTaskMessageTypeDef,
        TagTypeDef,
    )

__all__ = [
    "MIGRATION_TYPE_EXPLANATIONS",
    "NEW_TASK_ARN",
    "PREP_MODE_CONSEQUENCES",
    "TASK_STATUS_MEANINGS",
    "MigrationTaskFlow",
    "MigrationTaskInputs",
    "MigrationType",
    "StartType",
    "TablePrepMode",
    "TableStats",
    "TaskResult",
    "TaskSnapshot",
    "TaskSpec",
    "create_task",
    "create_task_params",
    "monitor_task",
    "plain_stop_reason",
    "planned_calls",
    "reload_task",
    "resume_task",
    "start_task",
    "start_task_call",
    "stop_task",
    "task_settings",
    "validate_task_spec",
    "wait_for_task",
]

STEP = "task"
# What DMS usually takes to create a task and make it ready (shown while it waits).
TYPICAL_DURATION = "usually 1 to 3 minutes"
NEW_TASK_ARN = "<ARN of the new task>"  # how a plan names the task it creates first


class MigrationType(enum.StrEnum):
    FULL_LOAD = "full-load"
    FULL_LOAD_AND_CDC = "full-load-and-cdc"
    CDC = "cdc"


MIGRATION_TYPE_EXPLANATIONS: dict[MigrationType, str] = {
    MigrationType.FULL_LOAD: "Copies the tables once and stops: use it when the source can "
    "pause writes during the copy.",
    MigrationType.FULL_LOAD_AND_CDC: "Copies the tables, then keeps applying every change "
    "made on the source until you stop it: use it to switch over with little downtime.",
    MigrationType.CDC: "Applies only the changes made from now on: use it when the data was "
    "already copied another way.",
}


class TablePrepMode(enum.StrEnum):
    DO_NOTHING = "DO_NOTHING"
    DROP_AND_CREATE = "DROP_AND_CREATE"
    TRUNCATE_BEFORE_LOAD = "TRUNCATE_BEFORE_LOAD"


PREP_MODE_CONSEQUENCES: dict[TablePrepMode, str] = {
    TablePrepMode.DO_NOTHING: "Tables already on the target are kept as they are; rows are "
    "added to them (duplicates are possible).",
    TablePrepMode.DROP_AND_CREATE: "Tables with the same names on the target are DELETED and "
    "created again: any data in them is lost.",
    TablePrepMode.TRUNCATE_BEFORE_LOAD: "Tables on the target keep their structure but all "
    "their rows are deleted before loading.",
}


@dataclass(frozen=True)
class TaskSpec:
    identifier: str
    replication_instance_arn: str
    source_endpoint_arn: str
    target_endpoint_arn: str
    table_mapping: TableMapping
    migration_type: MigrationType = MigrationType.FULL_LOAD
    target_table_prep_mode: TablePrepMode = TablePrepMode.DROP_AND_CREATE
    description: str = ""
    # Extra task settings merged over ours (advanced users; JSON objects only).
    extra_settings: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class TaskResult:
    identifier: str
    arn: str
    status: str


def _checks(spec: TaskSpec) -> tuple[Callable[[], object], ...]:
    """One check per field: run in order by the validator, all of them by ``problems()``."""
    return (
        lambda: check.validate_dms_identifier(spec.identifier, "task"),
        lambda: _check_arn("replication_instance", spec.replication_instance_arn),
        lambda: _check_arn("source_endpoint", spec.source_endpoint_arn),
        lambda: _check_arn("target_endpoint", spec.target_endpoint_arn),
        spec.table_mapping.to_document,  # raises ValidationError for an invalid mapping
        lambda: _check_description(spec.description),
    )


def _check_arn(name: str, value: str) -> None:
    if not value.startswith("arn:"):
        raise ValidationError(name, f"Choose the {name.replace('_', ' ')}.")


def _check_description(description: str) -> None:
    if len(description) > 256:
        raise ValidationError("description", "The description is longer than 256 characters.")


def validate_task_spec(spec: TaskSpec) -> TaskSpec:
    for run_check in _checks(spec):
        run_check()
    return replace(spec, identifier=check.validate_dms_identifier(spec.identifier, "task"))


def task_settings(spec: TaskSpec) -> dict[str, Any]:
    settings: dict[str, Any] = {
        "TargetMetadata": {"SupportLobs": True, "LimitedSizeLobMode": True, "LobMaxSize": 32},
        "FullLoadSettings": {"TargetTablePrepMode": spec.target_table_prep_mode.value},
        "Logging": {"EnableLogging": True},
    }
    for section, values in spec.extra_settings.items():
        if isinstance(values, dict) and isinstance(settings.get(section), dict):
            settings[section] = {**settings[section], **values}
        else:
            settings[section] = values
    return settings


def create_task_params(spec: TaskSpec) -> CreateReplicationTaskMessageTypeDef:
    tags: list[TagTypeDef] = [{"Key": "created-by", "Value": "migration-assistant"}]
    if spec.description:
        tags.append({"Key": "description", "Value": spec.description})
    return {
        "ReplicationTaskIdentifier": spec.identifier,
        "SourceEndpointArn": spec.source_endpoint_arn,
        "TargetEndpointArn": spec.target_endpoint_arn,
        "ReplicationInstanceArn": spec.replication_instance_arn,
        "MigrationType": spec.migration_type.value,
        "TableMappings": json.dumps(spec.table_mapping.to_document()),
        "ReplicationTaskSettings": json.dumps(task_settings(spec)),
        "Tags": tags,
    }


def planned_calls(spec: TaskSpec, *, start: bool = False) -> list[PlannedCall]:
    """What ``create_task`` calls to change the account: the create, then (``start``) the
    start of the task it made, named by a placeholder."""
    planned = [PlannedCall(aws_call(DMS.create_replication_task, **create_task_params(spec)))]
    if start:
        planned.append(PlannedCall(start_task_call(NEW_TASK_ARN), "Once DMS has it ready:"))
    return planned


async def wait_for_task(ctx: FlowContext, arn: str, done: set[str], subject: str) -> str:
    async def describe() -> str:
        found = await ctx.door.call(
            DMS.describe_replication_tasks,
            Filters=[{"Name": "replication-task-arn", "Values": [arn]}],
            WithoutSettings=True,
        )
        tasks = found.get("ReplicationTasks", [])
        return str(tasks[0].get("Status", "")) if tasks else "creating"

    return await poll_until(
        describe,
        lambda status: status,
        done=done,
        failed={"failed"},
        subject=subject,
        meanings=TASK_STATUS_MEANINGS,
        sink=ctx.sink,
        clock=ctx.clock,
        first_delay=2,
        max_delay=15,
        give_up_after=900,
    )


async def create_task(spec: TaskSpec, ctx: FlowContext, *, start: bool = False) -> TaskResult:
    """Create the task, wait until ready, and start it when ``start``."""
    spec = validate_task_spec(spec)
    with ctx.report.step(STEP, f"Create the migration task {spec.identifier}", TYPICAL_DURATION):
        await check.ensure_dms_name_free(ctx.door, "task", spec.identifier)
        created = await ctx.create(
            ResourceKind.REPLICATION_TASK,
            spec.identifier,
            lambda: ctx.door.call(DMS.create_replication_task, **create_task_params(spec)),
            lambda answer: Created(
                spec.identifier, str(answer["ReplicationTask"]["ReplicationTaskArn"])
            ),
        )
        arn = str(created["ReplicationTask"]["ReplicationTaskArn"])
        status = await wait_for_task(ctx, arn, {"ready"}, f"Task {spec.identifier}")
        if start:
            status = await start_task(ctx, arn)
    return TaskResult(spec.identifier, arn, status)


@dataclass(frozen=True)
class MigrationTaskInputs:
    """The task, and whether to start it once DMS has it ready."""

    task: TaskSpec
    start: bool = False


class MigrationTaskFlow(Flow[MigrationTaskInputs, TaskResult]):
    """The migration task, created and (when asked) started; watching it is
    ``monitor_task``'s (the Monitor page)."""

    key = "migration-task"

    def problems(self) -> dict[str, str]:
        return all_problems(*_checks(self.inputs.task))

    def plan(self) -> list[PlannedCall]:
        return planned_calls(self.inputs.task, start=self.inputs.start)

    async def run(self, ctx: FlowContext) -> TaskResult:
        return await create_task(self.inputs.task, ctx, start=self.inputs.start)
