"""What the Sandbox's simulated account offers: engine versions, DB instance classes and
replication instance classes. moto 5.2.5 answers none of these for MySQL/DMS (its server
turns the gap into an HTTP 500 that botocore retries for a second), so the wizards' lists
come from here, through the same calls a real account answers."""

from __future__ import annotations

import json
from typing import Any

from moto.core.responses import ActionResult
from moto.dms.responses import DatabaseMigrationServiceResponse as DmsResponse
from moto.rds.responses import RDSResponse

from core.sandbox.routing import SandboxConfig
from core.sandbox.routing import install as install_handler

__all__ = ["DB_CLASSES", "ENGINE_VERSIONS", "REPLICATION_CLASSES", "install"]

# engine -> versions, the default first.
ENGINE_VERSIONS: dict[str, tuple[str, ...]] = {
    "mysql": ("8.0.42", "8.0.41", "8.0.40", "8.4.5", "8.4.4"),
    "mariadb": ("10.11.11", "10.11.10", "11.4.5"),
}
DB_CLASSES: tuple[str, ...] = (
    "db.t3.micro",
    "db.t4g.micro",
    "db.t3.small",
    "db.t4g.small",
    "db.t3.medium",
    "db.t4g.medium",
    "db.m5.large",
    "db.m6g.large",
    "db.m7g.large",
    "db.r6g.large",
)
REPLICATION_CLASSES: tuple[str, ...] = (
    "dms.t3.micro",
    "dms.t3.small",
    "dms.t3.medium",
    "dms.t3.large",
    "dms.c5.large",
    "dms.r5.large",
)
REPLICATION_ENGINE_VERSIONS: tuple[str, ...] = ("3.5.4", "3.5.3")
ZONES = ("a", "b", "c")


def _region(response: Any) -> str:
    return str(getattr(response, "region", "us-east-1"))


def describe_db_engine_versions(response: RDSResponse, config: SandboxConfig) -> ActionResult:
    engine = response.params.get("Engine")
    version = response.params.get("EngineVersion")
    default_only = str(response.params.get("DefaultOnly", "false")).lower() == "true"
    found: list[dict[str, Any]] = []
    for name, versions in ENGINE_VERSIONS.items():
        if engine and engine != name:
            continue
        for number, each in enumerate(versions):
            if (version and each != version) or (default_only and number):
                continue
            family = f"{name}{'.'.join(each.split('.')[:2])}"
            found.append(
                {
                    "Engine": name,
                    "EngineVersion": each,
                    "DBParameterGroupFamily": family,
                    "DBEngineDescription": "MySQL Community Edition"
                    if name == "mysql"
                    else "MariaDB",
                    "DBEngineVersionDescription": f"{name} {each}",
                    "Status": "available",
                }
            )
    return ActionResult({"DBEngineVersions": found})


def describe_orderable_db_instance_options(
    response: RDSResponse, config: SandboxConfig
) -> ActionResult:
    engine = response.params.get("Engine", "mysql")
    version = response.params.get("EngineVersion")
    wanted_class = response.params.get("DBInstanceClass")
    versions = [v for v in ENGINE_VERSIONS.get(engine, ()) if not version or v == version]
    region = _region(response)
    options = [
        {
            "Engine": engine,
            "EngineVersion": each,
            "DBInstanceClass": name,
            "StorageType": storage,
            "MinStorageSize": 20,
            "MaxStorageSize": 65536,
            "AvailabilityZones": [{"Name": f"{region}{zone}"} for zone in ZONES],
            "MultiAZCapable": True,
            "SupportsStorageAutoscaling": True,
        }
        for each in versions
        for name in DB_CLASSES
        if not wanted_class or name == wanted_class
        for storage in ("gp3", "gp2")
    ]
    return ActionResult({"OrderableDBInstanceOptions": options})


def describe_orderable_replication_instances(response: DmsResponse, config: SandboxConfig) -> str:
    region = _region(response)
    offers = [
        {
            "EngineVersion": version,
            "ReplicationInstanceClass": name,
            "StorageType": "gp2",
            "MinAllocatedStorage": 5,
            "MaxAllocatedStorage": 6144,
            "DefaultAllocatedStorage": 50,
            "IncludedAllocatedStorage": 50,
            "AvailabilityZones": [f"{region}{zone}" for zone in ZONES],
            "ReleaseStatus": "prod",
        }
        for version in REPLICATION_ENGINE_VERSIONS
        for name in REPLICATION_CLASSES
    ]
    return json.dumps({"OrderableReplicationInstances": offers})


def install() -> None:
    install_handler(RDSResponse, "describe_db_engine_versions", describe_db_engine_versions)
    install_handler(
        RDSResponse,
        "describe_orderable_db_instance_options",
        describe_orderable_db_instance_options,
    )
    install_handler(
        DmsResponse,
        "describe_orderable_replication_instances",
        describe_orderable_replication_instances,
    )
