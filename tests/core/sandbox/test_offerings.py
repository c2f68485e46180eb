"""The Sandbox's account offers engine versions and classes through the real calls."""

from __future__ import annotations

from core.aws import DMS, RDS, AwsDoor


async def test_lists_mysql_versions_with_one_default(sandbox_door: AwsDoor) -> None:
    versions = await sandbox_door.collect(
        RDS.describe_db_engine_versions, "DBEngineVersions", Engine="mysql"
    )
    assert {v["EngineVersion"] for v in versions} >= {"8.0.42", "8.4.5"}
    default = await sandbox_door.call(
        RDS.describe_db_engine_versions, Engine="mysql", DefaultOnly=True
    )
    assert [v["EngineVersion"] for v in default["DBEngineVersions"]] == ["8.0.42"]


async def test_offers_current_classes_and_not_retired_ones(sandbox_door: AwsDoor) -> None:
    options = await sandbox_door.collect(
        RDS.describe_orderable_db_instance_options,
        "OrderableDBInstanceOptions",
        Engine="mysql",
        EngineVersion="8.0.42",
    )
    classes = {option["DBInstanceClass"] for option in options}
    assert "db.t3.micro" in classes
    assert not any(name.startswith("db.t2.") for name in classes)
    one = await sandbox_door.call(
        RDS.describe_orderable_db_instance_options,
        Engine="mysql",
        DBInstanceClass="db.x9.huge",
    )
    assert one["OrderableDBInstanceOptions"] == []


async def test_offers_replication_instance_classes(sandbox_door: AwsDoor) -> None:
    offers = await sandbox_door.call(DMS.describe_orderable_replication_instances)
    classes = {
        offer["ReplicationInstanceClass"] for offer in offers["OrderableReplicationInstances"]
    }
    assert "dms.t3.medium" in classes
    assert all(offer["EngineVersion"] for offer in offers["OrderableReplicationInstances"])
