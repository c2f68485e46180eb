"""Helpers for the Sandbox tests: boto3 clients on the Sandbox and a ready DMS setup."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

from core.aws import AwsDoor

if TYPE_CHECKING:
    from mypy_boto3_dms.type_defs import FilterTypeDef

# A waiter that polls as fast as it can: at pace 0 each describe shows the next stage.
FAST = {"Delay": 0, "MaxAttempts": 40}

ALL_BOOKS = json.dumps(
    {
        "rules": [
            {
                "rule-type": "selection",
                "rule-id": "1",
                "rule-name": "books",
                "object-locator": {"schema-name": "books", "table-name": "%"},
                "rule-action": "include",
            }
        ]
    }
)


@dataclass(frozen=True)
class DmsSetup:
    dms: Any
    instance_arn: str
    source_arn: str
    target_arn: str


def create_endpoint(dms: Any, identifier: str, kind: str) -> str:
    endpoint = dms.create_endpoint(
        EndpointIdentifier=identifier,
        EndpointType=kind,
        EngineName="mysql",
        ServerName="db.example.internal",
        Port=3306,
        Username="dms",
        Password="not-a-real-secret",
        DatabaseName="books",
    )["Endpoint"]
    return str(endpoint["EndpointArn"])


@pytest.fixture
def dms_setup(sandbox_door: AwsDoor) -> DmsSetup:
    """A replication instance (waited until available) with a source and a target endpoint."""
    dms = sandbox_door.client("dms")
    instance = dms.create_replication_instance(
        ReplicationInstanceIdentifier="rehearsal", ReplicationInstanceClass="dms.t3.micro"
    )["ReplicationInstance"]
    arn = instance["ReplicationInstanceArn"]
    dms.get_waiter("replication_instance_available").wait(
        Filters=[{"Name": "replication-instance-arn", "Values": [arn]}], WaiterConfig=FAST
    )
    return DmsSetup(
        dms=dms,
        instance_arn=arn,
        source_arn=create_endpoint(dms, "books-source", "source"),
        target_arn=create_endpoint(dms, "books-target", "target"),
    )


def create_task(setup: DmsSetup, migration_type: str = "full-load", **extra: Any) -> str:
    task = setup.dms.create_replication_task(
        ReplicationTaskIdentifier=f"books-{migration_type}",
        SourceEndpointArn=setup.source_arn,
        TargetEndpointArn=setup.target_arn,
        ReplicationInstanceArn=setup.instance_arn,
        MigrationType=migration_type,
        TableMappings=extra.pop("TableMappings", ALL_BOOKS),
        **extra,
    )["ReplicationTask"]
    return str(task["ReplicationTaskArn"])


def task_filter(arn: str) -> list[FilterTypeDef]:
    return [{"Name": "replication-task-arn", "Values": [arn]}]


def watch(
    describe: Callable[[], str], until: str, timeout: float = 15.0, poll: float = 0.01
) -> list[str]:
    """Poll ``describe`` (returning a status) until it returns ``until``; the distinct
    statuses seen, in order. Fails the test after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    seen: list[str] = []
    while True:
        status = describe()
        if not seen or seen[-1] != status:
            seen.append(status)
        if status == until:
            return seen
        assert time.monotonic() < deadline, f"still {status!r} after {timeout}s; saw {seen}"
        time.sleep(poll)
