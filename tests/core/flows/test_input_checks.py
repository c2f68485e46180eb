"""Each input rule refuses bad values with the field named, before any AWS call."""

from __future__ import annotations

import pytest

from core.aws import DMS, EC2, RDS, AwsDoor
from core.errors import ValidationError
from core.flows import input_checks as v


@pytest.mark.parametrize(
    ("value", "expected"),
    [("books-db", "books-db"), ("Books1", "books1"), ("a", "a"), ("a" * 63, "a" * 63)],
)
def test_accepts_rds_identifiers_and_lowercases_them(value: str, expected: str) -> None:
    assert v.validate_db_instance_identifier(value) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "Enter"),
        ("1books", "start with a letter"),
        ("books--db", "two hyphens"),
        ("books-", "end with a hyphen"),
        ("books_db", "only letters, digits and hyphens"),
        ("a" * 64, "longer than 63"),
    ],
)
def test_refuses_bad_rds_identifiers(value: str, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason) as caught:
        v.validate_db_instance_identifier(value)
    assert caught.value.field == "identifier"
    assert caught.value.fix


def test_dms_identifier_lengths_differ_by_kind() -> None:
    assert v.validate_dms_identifier("t" * 255, "task") == "t" * 255
    with pytest.raises(ValidationError, match="longer than 63"):
        v.validate_dms_identifier("r" * 64, "replication_instance")
    with pytest.raises(ValidationError, match="two hyphens"):
        v.validate_dms_identifier("source--books", "endpoint")


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short7!", "shorter than 8"),
        ("x" * 42, "longer than 41"),
        ("has/slash1", "may not contain /"),
        ('has"quote1', 'may not contain "'),
        ("has@sign12", "may not contain @"),
        ("has space1", "may not contain space"),
        ("café-secret", "printable ASCII"),
    ],
)
def test_refuses_bad_master_passwords(password: str, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason) as caught:
        v.validate_master_password(password)
    assert caught.value.field == "master_password"


def test_password_confirmation_must_match() -> None:
    assert v.validate_master_password("Good-pass1", "Good-pass1") == "Good-pass1"
    with pytest.raises(ValidationError) as caught:
        v.validate_master_password("Good-pass1", "Good-pass2")
    assert caught.value.field == "password_confirmation"


@pytest.mark.parametrize("name", ["", "9admin", "a" * 17, "rdsadmin", "ad-min"])
def test_refuses_bad_master_user_names(name: str) -> None:
    with pytest.raises(ValidationError) as caught:
        v.validate_master_username(name)
    assert caught.value.field == "master_username"


def test_database_name_may_be_empty_but_not_invalid() -> None:
    assert v.validate_database_name("") == ""
    assert v.validate_database_name("books") == "books"
    with pytest.raises(ValidationError):
        v.validate_database_name("books-db")


@pytest.mark.parametrize(("gib", "ok"), [(19, False), (20, True), (65536, True), (65537, False)])
def test_rds_storage_bounds(gib: int, ok: bool) -> None:
    if ok:
        assert v.validate_allocated_storage(gib, "gp2") == gib
    else:
        with pytest.raises(ValidationError, match="outside"):
            v.validate_allocated_storage(gib, "gp3")


def test_refuses_unknown_storage_type() -> None:
    with pytest.raises(ValidationError) as caught:
        v.validate_allocated_storage(20, "io1")
    assert caught.value.field == "storage_type"


@pytest.mark.parametrize(("gib", "ok"), [(4, False), (5, True), (6144, True), (6145, False)])
def test_replication_storage_bounds(gib: int, ok: bool) -> None:
    if ok:
        assert v.validate_replication_storage(gib) == gib
    else:
        with pytest.raises(ValidationError):
            v.validate_replication_storage(gib)


@pytest.mark.parametrize("port", [0, 65536, -1])
def test_refuses_bad_ports(port: int) -> None:
    with pytest.raises(ValidationError):
        v.validate_port(port)


@pytest.mark.parametrize("host", ["", "db host", "-db.example.com", "db.example.com."])
def test_refuses_bad_server_names(host: str) -> None:
    with pytest.raises(ValidationError) as caught:
        v.validate_server_name(host)
    assert caught.value.field == "server_name"


def test_accepts_host_names_and_addresses() -> None:
    assert v.validate_server_name(" db.example.com ") == "db.example.com"
    assert v.validate_server_name("203.0.113.10") == "203.0.113.10"


# -- the checks that need one read-only call ---------------------------------------------


async def test_refuses_a_db_identifier_already_taken(moto_door: AwsDoor) -> None:
    await v.ensure_db_identifier_free(moto_door, "books-db")
    await moto_door.call(
        RDS.create_db_instance,
        DBInstanceIdentifier="books-db",
        Engine="mysql",
        DBInstanceClass="db.t3.micro",
        AllocatedStorage=20,
        MasterUsername="admin",
        MasterUserPassword="Secret-pass1",
    )
    with pytest.raises(ValidationError, match="already exists") as caught:
        await v.ensure_db_identifier_free(moto_door, "books-db")
    assert caught.value.field == "identifier"


async def test_refuses_a_dms_name_already_taken(moto_door: AwsDoor) -> None:
    await v.ensure_dms_name_free(moto_door, "endpoint", "source-books")
    await moto_door.call(
        DMS.create_endpoint,
        EndpointIdentifier="source-books",
        EndpointType="source",
        EngineName="mysql",
        ServerName="db.example.com",
        Port=3306,
        Username="dms",
        Password="Secret-pass1",
    )
    with pytest.raises(ValidationError, match="endpoint named 'source-books' already exists"):
        await v.ensure_dms_name_free(moto_door, "endpoint", "source-books")


async def test_refuses_a_class_not_offered(moto_door: AwsDoor) -> None:
    await v.ensure_instance_class_offered(moto_door, "mysql", "8.0.40", "db.t3.micro")
    with pytest.raises(ValidationError, match="not offered") as caught:
        await v.ensure_instance_class_offered(moto_door, "mysql", "8.0.40", "db.x9.huge")
    assert caught.value.field == "instance_class"
    assert [record.operation for record in moto_door.records] == [
        "describe_orderable_db_instance_options"
    ] * 2


async def test_refuses_a_vpc_without_subnets(moto_door: AwsDoor) -> None:
    vpcs = await moto_door.call(EC2.describe_vpcs)
    default_vpc = vpcs["Vpcs"][0]["VpcId"]
    assert len(await v.ensure_vpc_has_subnets(moto_door, default_vpc)) >= 2
    empty = await moto_door.call(EC2.create_vpc, CidrBlock="10.9.0.0/16")
    with pytest.raises(ValidationError, match="has no subnets") as caught:
        await v.ensure_vpc_has_subnets(moto_door, empty["Vpc"]["VpcId"])
    assert caught.value.field == "vpc"
    with pytest.raises(ValidationError, match="Choose a VPC"):
        await v.ensure_vpc_has_subnets(moto_door, "")


async def test_a_large_vpc_gives_at_most_the_quota_of_subnets_in_every_zone(
    moto_door: AwsDoor,
) -> None:
    vpc = (await moto_door.call(EC2.create_vpc, CidrBlock="10.9.0.0/16"))["Vpc"]["VpcId"]
    zones = ("us-east-1a", "us-east-1a", "us-east-1a", "us-east-1b", "us-east-1c")
    for number in range(25):  # 15 in zone a, 5 in b, 5 in c
        await moto_door.call(
            EC2.create_subnet,
            VpcId=vpc,
            CidrBlock=f"10.9.{number}.0/24",
            AvailabilityZone=zones[number % len(zones)],
        )

    every = await v.ensure_vpc_has_subnets(moto_door, vpc)
    capped = await v.ensure_vpc_has_subnets(moto_door, vpc, at_most=3)

    assert len(every) == 25
    found = await moto_door.call(EC2.describe_subnets, SubnetIds=capped)
    assert sorted(s["AvailabilityZone"] for s in found["Subnets"]) == [
        "us-east-1a",
        "us-east-1b",
        "us-east-1c",
    ]
