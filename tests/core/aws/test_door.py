from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from moto import mock_aws

from core.aws import (
    IAM,
    RDS,
    S3,
    SANDBOX_ACCOUNT_ID,
    AwsCall,
    AwsDoor,
    CallRecord,
    CallState,
    Connection,
)
from core.aws.calls import operation
from core.credentials import AccessKeys, InMemoryStore, save_access_keys
from core.errors import AlreadyExists, InvalidParameter, NoCredentials, NotFound
from core.settings import ConnectionMode


@pytest.fixture
def door() -> Iterator[AwsDoor]:
    with mock_aws():
        yield AwsDoor(Connection(ConnectionMode.SANDBOX, "eu-west-1"))


async def test_a_call_returns_the_response_and_is_recorded(door: AwsDoor) -> None:
    seen: list[CallRecord] = []
    door.add_listener(seen.append)
    await door.call(
        S3.create_bucket,
        Bucket="dumps",
        CreateBucketConfiguration={"LocationConstraint": "eu-west-1"},
    )
    response = await door.call(S3.list_buckets)
    assert [bucket["Name"] for bucket in response["Buckets"]] == ["dumps"]
    assert [(r.number, r.state) for r in seen] == [
        (1, CallState.RUNNING),
        (1, CallState.SUCCEEDED),
        (2, CallState.RUNNING),
        (2, CallState.SUCCEEDED),
    ]
    assert door.records[0].cli.startswith("aws s3api create-bucket --bucket dumps")
    assert door.records[1].cli == "aws s3api list-buckets --region eu-west-1"
    assert door.records[1].duration is not None
    assert door.records[1].result.startswith("HTTP 200")


async def test_failures_are_mapped_recorded_and_logged(
    door: AwsDoor, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="migration_assistant.aws")
    with pytest.raises(NotFound) as caught:
        await door.call(RDS.describe_db_instances, DBInstanceIdentifier="nope")
    assert "'rds describe-db-instances'" in caught.value.message
    record = door.records[-1]
    assert record.state is CallState.NOT_FOUND
    assert record.error is caught.value
    assert "aws rds describe-db-instances --db-instance-identifier nope" in caplog.text


async def test_only_quick_calls_are_checked_again_by_botocore(door: AwsDoor) -> None:
    # Transfer calls come from our typed builders; a quick one may carry what a user typed.
    await door.call(
        S3.create_bucket,
        Bucket="dumps",
        CreateBucketConfiguration={"LocationConstraint": "eu-west-1"},
    )
    with pytest.raises(InvalidParameter):
        await door.run(AwsCall(operation(S3.head_object), {"Bucket": "dumps", "Key": 7}))
    unchecked: AwsCall[object] = AwsCall(
        operation(S3.put_object), {"Bucket": "dumps", "Key": 7, "Body": b"hi"}
    )
    await door.run(unchecked)
    assert (await door.call(S3.head_object, Bucket="dumps", Key="7"))["ContentLength"] == 2


async def test_already_exists_is_recognised_and_recorded_as_failed(door: AwsDoor) -> None:
    await door.call(IAM.create_role, RoleName="r", AssumeRolePolicyDocument="{}")
    with pytest.raises(AlreadyExists):
        await door.call(IAM.create_role, RoleName="r", AssumeRolePolicyDocument="{}")
    assert door.records[-1].state is CallState.FAILED


async def test_secrets_never_reach_the_record_or_the_log(
    door: AwsDoor, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="migration_assistant.aws")
    await door.call(
        RDS.create_db_instance,
        DBInstanceIdentifier="books-db",
        Engine="mysql",
        DBInstanceClass="db.t3.micro",
        AllocatedStorage=20,
        MasterUsername="admin",
        MasterUserPassword="TopSecret-123",
    )
    assert "TopSecret-123" not in caplog.text
    assert all("TopSecret-123" not in record.cli for record in door.records)
    assert '--master-user-password "$MA_MASTER_USER_PASSWORD"' in door.records[-1].cli


async def test_collect_follows_every_page(door: AwsDoor) -> None:
    for number in range(5):
        await door.call(IAM.create_role, RoleName=f"role-{number}", AssumeRolePolicyDocument="{}")
    roles = await door.collect(IAM.list_roles, "Roles", MaxItems=2)
    assert sorted(role["RoleName"] for role in roles) == [f"role-{n}" for n in range(5)]
    assert sum(1 for r in door.records if r.operation == "list_roles") == 3


async def test_the_sandbox_scope_and_account(door: AwsDoor) -> None:
    assert door.scope == "sandbox"
    assert await door.account_id() == SANDBOX_ACCOUNT_ID
    assert door.scope == "sandbox"


async def test_stored_keys_reach_aws_and_identity_is_asked_once() -> None:
    store = InMemoryStore()
    save_access_keys(store, AccessKeys("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG"))
    with mock_aws():
        door = AwsDoor(Connection(ConnectionMode.KEYS, "us-east-1"), store=store)
        assert door.scope == "unknown-account"
        account = await door.account_id()
        await door.account_id()
    assert account == door.scope
    assert [r.operation for r in door.records] == ["get_caller_identity"]


def test_missing_keys_say_what_to_do() -> None:
    door = AwsDoor(Connection(ConnectionMode.KEYS, "us-east-1"), store=InMemoryStore())
    with pytest.raises(NoCredentials) as caught:
        door.client("s3")
    assert "Access keys… in the connection bar" in caught.value.fix
