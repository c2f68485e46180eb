"""Input checks made before any AWS call, each naming the field it concerns.

The pure validators raise ``ValidationError(field, message, fix)`` and return the value as
AWS will store it (identifiers lowercase). The ``ensure_*`` coroutines need one read-only
call each (name taken, class not offered, VPC without subnets).
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from core.aws import DMS, EC2, RDS, AwsDoor
from core.errors import MigrationAssistantError, NotFound, ValidationError
from core.flows.context import is_unsupported
from core.flows.offerings import FALLBACK_MYSQL_CLASSES
from core.flows.table_mapping import TableMapping

if TYPE_CHECKING:
    from mypy_boto3_rds.type_defs import DescribeOrderableDBInstanceOptionsMessageTypeDef

__all__ = [
    "DMS_STORAGE_RANGE",
    "RDS_STORAGE_RANGE",
    "dms_lookup",
    "ensure_db_identifier_free",
    "ensure_dms_name_free",
    "ensure_instance_class_offered",
    "ensure_vpc_has_subnets",
    "validate_allocated_storage",
    "validate_database_name",
    "validate_db_instance_identifier",
    "validate_dms_identifier",
    "validate_master_password",
    "validate_master_username",
    "validate_port",
    "validate_replication_storage",
    "validate_server_name",
    "validate_table_mapping",
]

RDS_STORAGE_RANGE = (20, 65536)  # GiB, MySQL on gp2/gp3
DMS_STORAGE_RANGE = (5, 6144)  # GiB, replication instance
_STORAGE_TYPES = ("gp2", "gp3")
_PASSWORD_FORBIDDEN = set('/"@ ')
_PRINTABLE_ASCII = set(string.printable) - set("\t\n\r\x0b\x0c")
_IDENTIFIER = re.compile(r"[a-z][a-z0-9-]*")
_MYSQL_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_HOST = re.compile(r"[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")
_RESERVED_USERS = {"rdsadmin", "root", "mysql", "admin_rds", "mysql.sys", "mysql.session"}
_DMS_LIMITS = {"replication_instance": 63, "endpoint": 255, "task": 255, "subnet_group": 255}


def _aws_style_identifier(value: str, field: str, what: str, max_length: int) -> str:
    identifier = value.strip().lower()
    rule = (
        f"Use 1-{max_length} letters, digits or hyphens, starting with a letter, "
        "without two hyphens in a row or a hyphen at the end."
    )
    if not identifier:
        raise ValidationError(field, f"Enter a {what}.", rule)
    if len(identifier) > max_length:
        raise ValidationError(field, f"The {what} is longer than {max_length} characters.", rule)
    if not _IDENTIFIER.fullmatch(identifier):
        if not identifier[0].isalpha():
            raise ValidationError(field, f"The {what} must start with a letter.", rule)
        raise ValidationError(
            field, f"The {what} may contain only letters, digits and hyphens.", rule
        )
    if "--" in identifier:
        raise ValidationError(field, f"The {what} cannot contain two hyphens in a row.", rule)
    if identifier.endswith("-"):
        raise ValidationError(field, f"The {what} cannot end with a hyphen.", rule)
    return identifier


def validate_db_instance_identifier(value: str, field: str = "identifier") -> str:
    """An RDS DB instance identifier, lowercased as RDS stores it."""
    return _aws_style_identifier(value, field, "DB instance identifier", 63)


def validate_dms_identifier(value: str, kind: str, field: str = "identifier") -> str:
    """A DMS identifier; ``kind`` is replication_instance (63 max), endpoint, task or
    subnet_group (255 max)."""
    what = {
        "replication_instance": "replication instance identifier",
        "endpoint": "endpoint identifier",
        "task": "task identifier",
        "subnet_group": "subnet group identifier",
    }[kind]
    return _aws_style_identifier(value, field, what, _DMS_LIMITS[kind])


def validate_master_username(value: str, field: str = "master_username") -> str:
    rule = "Use 1-16 letters, digits or underscores, starting with a letter."
    if not value:
        raise ValidationError(field, "Enter a master user name.", rule)
    if len(value) > 16 or not _MYSQL_NAME.fullmatch(value):
        raise ValidationError(field, f"'{value}' is not a valid MySQL master user name.", rule)
    if value.lower() in _RESERVED_USERS:
        raise ValidationError(
            field, f"'{value}' is reserved by RDS or MySQL.", "Choose another name, e.g. admin."
        )
    return value


def validate_database_name(value: str, field: str = "database_name") -> str:
    """The initial database to create; empty means none."""
    if not value:
        return value
    if len(value) > 64 or not _MYSQL_NAME.fullmatch(value):
        raise ValidationError(
            field,
            f"'{value}' is not a valid MySQL database name.",
            "Use 1-64 letters, digits or underscores, starting with a letter (or leave it empty).",
        )
    return value


def validate_master_password(
    password: str, confirmation: str | None = None, field: str = "master_password"
) -> str:
    """MySQL on RDS: 8-41 printable ASCII characters, none of / " @ or a space."""
    rule = 'Use 8-41 printable ASCII characters other than /, ", @ and space.'
    if len(password) < 8:
        raise ValidationError(field, "The password is shorter than 8 characters.", rule)
    if len(password) > 41:
        raise ValidationError(field, "The password is longer than 41 characters.", rule)
    bad = sorted({char for char in password if char in _PASSWORD_FORBIDDEN})
    if bad:
        shown = ", ".join("space" if char == " " else char for char in bad)
        raise ValidationError(field, f"The password may not contain {shown}.", rule)
    if any(char not in _PRINTABLE_ASCII for char in password):
        raise ValidationError(field, "The password may contain only printable ASCII.", rule)
    if confirmation is not None and confirmation != password:
        raise ValidationError(
            "password_confirmation",
            "The two passwords are not the same.",
            "Type the same password in both boxes.",
        )
    return password


def validate_allocated_storage(gib: int, storage_type: str = "gp3", field: str = "storage") -> int:
    if storage_type not in _STORAGE_TYPES:
        raise ValidationError(
            "storage_type", f"Storage type '{storage_type}' is not offered here.", "Use gp3 or gp2."
        )
    low, high = RDS_STORAGE_RANGE
    if not low <= gib <= high:
        raise ValidationError(
            field,
            f"{gib} GiB is outside what MySQL on {storage_type} allows.",
            f"Choose between {low} and {high} GiB ({low} GiB is enough to start).",
        )
    return gib


def validate_replication_storage(gib: int, field: str = "allocated_storage") -> int:
    low, high = DMS_STORAGE_RANGE
    if not low <= gib <= high:
        raise ValidationError(
            field,
            f"{gib} GiB is outside what a replication instance allows.",
            f"Choose between {low} and {high} GiB; 10 GiB suits most migrations.",
        )
    return gib


def validate_port(port: int, field: str = "port") -> int:
    if not 1 <= port <= 65535:
        raise ValidationError(
            field, f"{port} is not a TCP port.", "Use a number from 1 to 65535 (MySQL: 3306)."
        )
    return port


def validate_server_name(value: str, field: str = "server_name") -> str:
    """A host name or IPv4 address the replication instance can resolve and reach."""
    host = value.strip()
    if not host:
        raise ValidationError(field, "Enter the database server's name or IP address.")
    if len(host) > 253 or not _HOST.fullmatch(host):
        raise ValidationError(
            field,
            f"'{host}' is not a host name or IP address.",
            "Use a DNS name such as db.example.com or an address such as 203.0.113.10.",
        )
    return host


def validate_table_mapping(document: str | dict[str, Any]) -> TableMapping:
    """The model for a hand-edited mapping (JSON text or parsed); refuses invalid ones."""
    if isinstance(document, str):
        return TableMapping.from_json(document)
    return TableMapping.from_document(document)


# -- checks that need one read-only call -------------------------------------------------


async def ensure_db_identifier_free(door: AwsDoor, identifier: str) -> None:
    try:
        await door.call(RDS.describe_db_instances, DBInstanceIdentifier=identifier)
    except NotFound:
        return
    raise ValidationError(
        "identifier",
        f"A DB instance named '{identifier}' already exists in this account and region.",
        "Choose another identifier, or delete the existing instance first.",
    )


# The describe operation of each DMS kind (its filter and keys differ, hence Callable[...]).
_DMS_LOOKUP: dict[str, tuple[Callable[..., Mapping[str, Any]], str, str, str]] = {
    "replication_instance": (
        DMS.describe_replication_instances,
        "replication-instance-id",
        "ReplicationInstances",
        "replication instance",
    ),
    "endpoint": (DMS.describe_endpoints, "endpoint-id", "Endpoints", "endpoint"),
    "task": (DMS.describe_replication_tasks, "replication-task-id", "ReplicationTasks", "task"),
    "subnet_group": (
        DMS.describe_replication_subnet_groups,
        "replication-subnet-group-id",
        "ReplicationSubnetGroups",
        "replication subnet group",
    ),
}


async def dms_lookup(door: AwsDoor, kind: str, identifier: str) -> dict[str, Any] | None:
    """The DMS resource of ``kind`` named ``identifier``, or None."""
    operation, filter_name, key, _ = _DMS_LOOKUP[kind]
    params: dict[str, Any] = {"Filters": [{"Name": filter_name, "Values": [identifier]}]}
    if kind == "task":
        params["WithoutSettings"] = True
    try:
        response = await door.call(operation, **params)
    except NotFound:
        return None
    for item in response.get(key, []):
        return dict(item)
    return None


async def ensure_dms_name_free(
    door: AwsDoor, kind: str, identifier: str, field: str = "identifier"
) -> None:
    if await dms_lookup(door, kind, identifier) is not None:
        what = _DMS_LOOKUP[kind][3]
        raise ValidationError(
            field,
            f"A {what} named '{identifier}' already exists in this account and region.",
            "Choose another identifier, or use the existing one.",
        )


async def ensure_instance_class_offered(
    door: AwsDoor, engine: str, engine_version: str, instance_class: str
) -> None:
    params: DescribeOrderableDBInstanceOptionsMessageTypeDef = {
        "Engine": engine,
        "DBInstanceClass": instance_class,
    }
    if engine_version:
        params["EngineVersion"] = engine_version
    try:
        response = await door.call(RDS.describe_orderable_db_instance_options, **params)
        offered = bool(response.get("OrderableDBInstanceOptions"))
    except MigrationAssistantError as error:
        if not is_unsupported(error):
            raise
        offered = False
    if offered:
        return
    # The Sandbox lists no MySQL options at all; judge by the built-in list there.
    if door.connection.is_sandbox and instance_class in FALLBACK_MYSQL_CLASSES:
        return
    version = f" {engine_version}" if engine_version else ""
    raise ValidationError(
        "instance_class",
        f"{instance_class} is not offered for {engine}{version} in {door.connection.region}.",
        "Pick a class from the list; it shows only what this region offers.",
    )


async def ensure_vpc_has_subnets(
    door: AwsDoor, vpc_id: str, min_zones: int = 2, at_most: int | None = None
) -> list[str]:
    """The VPC's subnet ids; refuses a missing VPC or one with subnets in fewer than
    ``min_zones`` Availability Zones (RDS and DMS subnet groups need two). With ``at_most``,
    no more than that many, taken zone by zone so every zone keeps a subnet."""
    if not vpc_id:
        raise ValidationError("vpc", "Choose a VPC.", "Pick the VPC the database should live in.")
    response = await door.call(
        EC2.describe_subnets, Filters=[{"Name": "vpc-id", "Values": [vpc_id]}]
    )
    subnets = response.get("Subnets", [])
    if not subnets:
        raise ValidationError(
            "vpc",
            f"The VPC {vpc_id} has no subnets (or does not exist in this region).",
            "Choose another VPC, or add subnets to it in the VPC console.",
        )
    zones = {subnet["AvailabilityZone"] for subnet in subnets}
    if len(zones) < min_zones:
        raise ValidationError(
            "vpc",
            f"The VPC {vpc_id} has subnets in only {len(zones)} Availability Zone.",
            f"Add a subnet in another zone; RDS and DMS need subnets in {min_zones} zones.",
        )
    by_zone: dict[str, list[str]] = {}
    for subnet in subnets:
        by_zone.setdefault(subnet["AvailabilityZone"], []).append(subnet["SubnetId"])
    # Round robin over the zones: the first ``at_most`` still span every zone they can.
    spread = [ids[i] for i in range(len(subnets)) for ids in by_zone.values() if i < len(ids)]
    return spread[:at_most] if at_most is not None else spread
