"""DMS replication tasks in the Sandbox: ready, running with progress, stopped, deleted."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from core.aws import DMS, AwsDoor
from core.sandbox.server import SandboxServer
from tests.fixtures.sandbox_dms import FAST, DmsSetup, create_task, task_filter, watch


def describe(setup: DmsSetup, arn: str) -> dict[str, Any]:
    task: dict[str, Any] = setup.dms.describe_replication_tasks(Filters=task_filter(arn))[
        "ReplicationTasks"
    ][0]
    return task


def wait(setup: DmsSetup, waiter: str, arn: str) -> None:
    setup.dms.get_waiter(waiter).wait(Filters=task_filter(arn), WaiterConfig=FAST)


def start(setup: DmsSetup, arn: str, start_type: str = "start-replication") -> dict[str, Any]:
    task: dict[str, Any] = setup.dms.start_replication_task(
        ReplicationTaskArn=arn, StartReplicationTaskType=start_type
    )["ReplicationTask"]
    return task


def run_until_stopped(setup: DmsSetup, arn: str) -> list[tuple[str, int]]:
    """Every (status, percent) seen until the task stops."""
    seen: list[tuple[str, int]] = []
    for _ in range(40):
        task = describe(setup, arn)
        seen.append((task["Status"], task["ReplicationTaskStats"]["FullLoadProgressPercent"]))
        if task["Status"] == "stopped":
            return seen
    raise AssertionError(f"the task never stopped: {seen}")


def test_new_task_goes_creating_then_ready(dms_setup: DmsSetup) -> None:
    arn = create_task(dms_setup)
    assert [describe(dms_setup, arn)["Status"] for _ in range(2)] == ["creating", "ready"]


def test_ready_waiter_finishes(dms_setup: DmsSetup) -> None:
    arn = create_task(dms_setup)
    wait(dms_setup, "replication_task_ready", arn)
    assert describe(dms_setup, arn)["Status"] == "ready"


def test_full_load_runs_from_0_to_100_then_stops_by_itself(dms_setup: DmsSetup) -> None:
    arn = create_task(dms_setup, "full-load")
    wait(dms_setup, "replication_task_ready", arn)
    assert start(dms_setup, arn)["Status"] == "starting"

    seen = run_until_stopped(dms_setup, arn)
    statuses = [status for status, _ in seen]
    percents = [percent for status, percent in seen if status == "running"]
    assert statuses[0] == "starting"
    assert percents == sorted(percents)
    assert percents[0] == 0
    assert percents[-1] == 100
    assert len(set(percents)) > 5
    stopped = describe(dms_setup, arn)
    assert stopped["StopReason"] == "Stop Reason FULL_LOAD_ONLY_FINISHED"
    assert stopped["ReplicationTaskStats"]["TablesLoaded"] == 2


def test_running_and_stopped_waiters_finish(dms_setup: DmsSetup) -> None:
    arn = create_task(dms_setup, "full-load")
    wait(dms_setup, "replication_task_ready", arn)
    start(dms_setup, arn)
    wait(dms_setup, "replication_task_running", arn)
    wait(dms_setup, "replication_task_stopped", arn)
    assert describe(dms_setup, arn)["Status"] == "stopped"


def test_full_load_and_cdc_keeps_running_until_stopped(dms_setup: DmsSetup) -> None:
    arn = create_task(dms_setup, "full-load-and-cdc")
    wait(dms_setup, "replication_task_ready", arn)
    start(dms_setup, arn)
    for _ in range(30):
        task = describe(dms_setup, arn)
    assert task["Status"] == "running"
    assert task["ReplicationTaskStats"]["FullLoadProgressPercent"] == 100

    stopping = dms_setup.dms.stop_replication_task(ReplicationTaskArn=arn)["ReplicationTask"]
    assert stopping["Status"] == "stopping"
    wait(dms_setup, "replication_task_stopped", arn)
    assert describe(dms_setup, arn)["StopReason"] == "Stop Reason NORMAL"


def test_resume_carries_on_and_reload_starts_over(dms_setup: DmsSetup) -> None:
    arn = create_task(dms_setup, "full-load")
    wait(dms_setup, "replication_task_ready", arn)
    start(dms_setup, arn)
    for _ in range(6):
        describe(dms_setup, arn)
    dms_setup.dms.stop_replication_task(ReplicationTaskArn=arn)
    wait(dms_setup, "replication_task_stopped", arn)
    stopped_at = describe(dms_setup, arn)["ReplicationTaskStats"]["FullLoadProgressPercent"]
    assert 0 < stopped_at < 100

    with pytest.raises(ClientError, match="InvalidResourceStateFault"):
        start(dms_setup, arn, "start-replication")
    start(dms_setup, arn, "resume-processing")
    resumed = run_until_stopped(dms_setup, arn)
    assert min(percent for _, percent in resumed) == stopped_at

    start(dms_setup, arn, "reload-target")
    reloaded = run_until_stopped(dms_setup, arn)
    assert min(percent for _, percent in reloaded) == 0
    assert describe(dms_setup, arn)["StopReason"] == "Stop Reason FULL_LOAD_ONLY_FINISHED"


def test_task_cannot_start_before_it_is_ready(dms_setup: DmsSetup) -> None:
    arn = create_task(dms_setup)
    with pytest.raises(ClientError, match="InvalidResourceStateFault"):
        start(dms_setup, arn)


def test_running_task_cannot_be_deleted(dms_setup: DmsSetup) -> None:
    arn = create_task(dms_setup, "full-load-and-cdc")
    wait(dms_setup, "replication_task_ready", arn)
    start(dms_setup, arn)
    wait(dms_setup, "replication_task_running", arn)
    with pytest.raises(ClientError) as caught:
        dms_setup.dms.delete_replication_task(ReplicationTaskArn=arn)
    assert caught.value.response["Error"]["Code"] == "InvalidResourceStateFault"


def test_deleted_waiter_finishes_on_resource_not_found(dms_setup: DmsSetup) -> None:
    arn = create_task(dms_setup)
    wait(dms_setup, "replication_task_ready", arn)
    deleted = dms_setup.dms.delete_replication_task(ReplicationTaskArn=arn)
    assert deleted["ReplicationTask"]["Status"] == "deleting"
    assert describe(dms_setup, arn)["Status"] == "deleting"
    wait(dms_setup, "replication_task_deleted", arn)
    with pytest.raises(ClientError, match="ResourceNotFoundFault"):
        describe(dms_setup, arn)


def test_task_needs_existing_endpoints(dms_setup: DmsSetup) -> None:
    with pytest.raises(ClientError, match="ResourceNotFoundFault"):
        dms_setup.dms.create_replication_task(
            ReplicationTaskIdentifier="orphan",
            SourceEndpointArn="arn:aws:dms:us-east-1:123456789012:endpoint:GONE",
            TargetEndpointArn=dms_setup.target_arn,
            ReplicationInstanceArn=dms_setup.instance_arn,
            MigrationType="full-load",
            TableMappings="{}",
        )


async def test_door_sees_paced_task_progress(
    paced_sandbox: SandboxServer, dms_setup: DmsSetup, sandbox_door: AwsDoor
) -> None:
    arn = create_task(dms_setup, "full-load")

    def status() -> str:
        return str(describe(dms_setup, arn)["Status"])

    assert watch(status, until="ready")[-1] == "ready"
    await sandbox_door.call(
        DMS.start_replication_task,
        ReplicationTaskArn=arn,
        StartReplicationTaskType="start-replication",
    )
    response = await sandbox_door.call(DMS.describe_replication_tasks, Filters=task_filter(arn))
    first = response["ReplicationTasks"][0]["ReplicationTaskStats"]["FullLoadProgressPercent"]
    assert first < 100
