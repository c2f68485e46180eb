"""RDS DB instances in the Sandbox: paced statuses, endpoint, defaults and AWS input rules."""

from __future__ import annotations

import time
from typing import Any

import pytest
from botocore.exceptions import ClientError

from core.aws import RDS, AwsDoor
from core.errors import MigrationAssistantError
from core.sandbox.server import SandboxServer
from tests.fixtures.sandbox_dms import FAST, watch


def create_mysql(rds: Any, identifier: str = "books-db", **overrides: Any) -> dict[str, Any]:
    params: dict[str, Any] = {
        "DBInstanceIdentifier": identifier,
        "DBInstanceClass": "db.t3.micro",
        "Engine": "mysql",
        "MasterUsername": "admin",
        "MasterUserPassword": "Rehearsal-2026",
        "AllocatedStorage": 20,
    }
    params.update(overrides)
    instance: dict[str, Any] = rds.create_db_instance(**params)["DBInstance"]
    return instance


def test_instance_goes_creating_backing_up_available(sandbox_door: AwsDoor) -> None:
    rds = sandbox_door.client("rds")
    created = create_mysql(rds)
    assert created["DBInstanceStatus"] == "creating"
    assert "Endpoint" not in created

    seen = [
        rds.describe_db_instances(DBInstanceIdentifier="books-db")["DBInstances"][0]
        for _ in range(3)
    ]
    assert [d["DBInstanceStatus"] for d in seen] == ["creating", "backing-up", "available"]
    assert "Endpoint" not in seen[0]
    assert seen[2]["Endpoint"]["Address"].startswith("books-db.")
    assert seen[2]["Endpoint"]["Port"] == 3306


def test_db_instance_available_waiter_finishes(sandbox_door: AwsDoor) -> None:
    rds = sandbox_door.client("rds")
    create_mysql(rds)
    rds.get_waiter("db_instance_available").wait(DBInstanceIdentifier="books-db", WaiterConfig=FAST)
    instance = rds.describe_db_instances(DBInstanceIdentifier="books-db")["DBInstances"][0]
    assert instance["DBInstanceStatus"] == "available"


def test_mysql_defaults_to_a_current_8_0_release(sandbox_door: AwsDoor) -> None:
    created = create_mysql(sandbox_door.client("rds"))
    assert created["EngineVersion"].startswith("8.0.")


def test_delete_shows_deleting_then_the_deleted_waiter_finishes(sandbox_door: AwsDoor) -> None:
    rds = sandbox_door.client("rds")
    create_mysql(rds)
    rds.get_waiter("db_instance_available").wait(DBInstanceIdentifier="books-db", WaiterConfig=FAST)
    deleted = rds.delete_db_instance(DBInstanceIdentifier="books-db", SkipFinalSnapshot=True)
    assert deleted["DBInstance"]["DBInstanceStatus"] == "deleting"
    listed = rds.describe_db_instances()["DBInstances"]
    assert [d["DBInstanceStatus"] for d in listed] == ["deleting"]

    rds.get_waiter("db_instance_deleted").wait(DBInstanceIdentifier="books-db", WaiterConfig=FAST)
    with pytest.raises(ClientError, match="DBInstanceNotFound"):
        rds.describe_db_instances(DBInstanceIdentifier="books-db")


@pytest.mark.parametrize("storage", [5, 19])
def test_refuses_mysql_storage_under_20_gib(sandbox_door: AwsDoor, storage: int) -> None:
    with pytest.raises(ClientError, match="Invalid storage size") as caught:
        create_mysql(sandbox_door.client("rds"), AllocatedStorage=storage)
    assert caught.value.response["Error"]["Code"] == "InvalidParameterValue"


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short1", "shorter than 8 characters"),
        ("x" * 42, "longer than 41 characters"),
        ("has space in it", "Only printable ASCII"),
        ("with/slash", "Only printable ASCII"),
        ('with"quote', "Only printable ASCII"),
        ("with@at-sign", "Only printable ASCII"),
    ],
)
def test_refuses_passwords_aws_refuses(sandbox_door: AwsDoor, password: str, reason: str) -> None:
    with pytest.raises(ClientError, match=reason):
        create_mysql(sandbox_door.client("rds"), MasterUserPassword=password)


async def test_door_maps_the_refusal_to_a_plain_error(sandbox_door: AwsDoor) -> None:
    with pytest.raises(MigrationAssistantError) as caught:
        await sandbox_door.call(
            RDS.create_db_instance,
            DBInstanceIdentifier="tiny",
            DBInstanceClass="db.t3.micro",
            Engine="mysql",
            MasterUsername="admin",
            MasterUserPassword="Rehearsal-2026",
            AllocatedStorage=5,
        )
    assert "storage" in str(caught.value.details).lower()


def test_paced_instance_takes_a_stage_per_pace(
    paced_sandbox: SandboxServer, sandbox_door: AwsDoor
) -> None:
    rds = sandbox_door.client("rds")
    started = time.monotonic()
    assert create_mysql(rds)["DBInstanceStatus"] == "creating"

    def status() -> str:
        instances = rds.describe_db_instances(DBInstanceIdentifier="books-db")["DBInstances"]
        return str(instances[0]["DBInstanceStatus"])

    seen = watch(status, until="available")
    assert seen == [s for s in ("creating", "backing-up", "available") if s in seen]
    assert time.monotonic() - started >= 2 * paced_sandbox.pace
