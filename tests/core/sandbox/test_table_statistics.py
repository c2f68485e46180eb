"""describe_table_statistics in the Sandbox: tables from the mappings, rows rising to done."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from core.sandbox.server import SandboxServer
from tests.fixtures.sandbox_dms import FAST, DmsSetup, create_task, task_filter


def mappings(*rules: tuple[str, str, str]) -> str:
    return json.dumps(
        {
            "rules": [
                {
                    "rule-type": "selection",
                    "rule-id": str(number),
                    "rule-name": str(number),
                    "object-locator": {"schema-name": schema, "table-name": table},
                    "rule-action": action,
                }
                for number, (action, schema, table) in enumerate(rules, start=1)
            ]
        }
    )


def statistics(setup: DmsSetup, arn: str, **params: Any) -> list[dict[str, Any]]:
    tables: list[dict[str, Any]] = setup.dms.describe_table_statistics(
        ReplicationTaskArn=arn, **params
    )["TableStatistics"]
    return tables


def started_task(setup: DmsSetup, migration_type: str = "full-load", **extra: Any) -> str:
    arn = create_task(setup, migration_type, **extra)
    setup.dms.get_waiter("replication_task_ready").wait(Filters=task_filter(arn), WaiterConfig=FAST)
    setup.dms.start_replication_task(
        ReplicationTaskArn=arn, StartReplicationTaskType="start-replication"
    )
    return arn


def test_rows_rise_until_every_table_is_completed(dms_setup: DmsSetup) -> None:
    arn = started_task(dms_setup)
    snapshots = [statistics(dms_setup, arn) for _ in range(15)]
    authors = [next(t for t in snap if t["TableName"] == "authors") for snap in snapshots]
    rows = [table["FullLoadRows"] for table in authors]
    assert rows == sorted(rows)
    assert rows[-1] == 1200
    states = [table["TableState"] for table in authors]
    assert "Table is being loaded" in states
    assert states[-1] == "Table completed"
    final = {t["TableName"]: t for t in snapshots[-1]}
    assert set(final) == {"authors", "titles"}
    assert final["titles"]["FullLoadRows"] == 5400
    assert final["titles"]["ValidationState"] == "Not enabled"
    assert {"Inserts", "Updates", "Deletes"} <= set(final["titles"])


def test_selection_rules_and_the_source_catalog_decide_the_tables(
    sandbox: SandboxServer, dms_setup: DmsSetup
) -> None:
    sandbox.set_source_tables(
        {"shop": {"orders": 10, "order_items": 30, "audit_log": 5}, "other": {"t": 1}}
    )
    arn = started_task(
        dms_setup,
        TableMappings=mappings(("include", "shop", "%"), ("exclude", "shop", "audit%")),
    )
    names = sorted(t["TableName"] for t in statistics(dms_setup, arn))
    assert names == ["order_items", "orders"]


def test_filters_pick_tables(dms_setup: DmsSetup) -> None:
    arn = started_task(dms_setup)
    only = statistics(dms_setup, arn, Filters=[{"Name": "table-name", "Values": ["titles"]}])
    assert [t["TableName"] for t in only] == ["titles"]


def test_validation_state_follows_the_load_when_enabled(dms_setup: DmsSetup) -> None:
    settings = json.dumps({"ValidationSettings": {"EnableValidation": True}})
    arn = started_task(dms_setup, ReplicationTaskSettings=settings)
    states = [statistics(dms_setup, arn)[0]["ValidationState"] for _ in range(15)]
    assert states[0] == "Pending records"
    assert states[-1] == "Validated"


def test_ongoing_replication_counts_changes(dms_setup: DmsSetup) -> None:
    arn = started_task(dms_setup, "full-load-and-cdc")
    for _ in range(20):
        tables = statistics(dms_setup, arn)
    assert all(t["TableState"] == "Table completed" for t in tables)
    assert all(t["Inserts"] > 0 for t in tables)


def test_a_task_that_never_ran_has_no_statistics(dms_setup: DmsSetup) -> None:
    arn = create_task(dms_setup)
    assert statistics(dms_setup, arn) == []


def test_unknown_task_is_not_found(dms_setup: DmsSetup) -> None:
    with pytest.raises(ClientError, match="ResourceNotFoundFault"):
        statistics(dms_setup, "arn:aws:dms:us-east-1:123456789012:task:NOPE")
