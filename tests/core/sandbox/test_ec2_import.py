"""VM Import in the Sandbox: import_image stages, the resulting AMI, cancel, failures."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from core.aws import AwsDoor

TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "vmie.amazonaws.com"},
                "Action": "sts:AssumeRole",
                "Condition": {"StringEquals": {"sts:Externalid": "vmimport"}},
            }
        ],
    }
)
DISK = {"Format": "ova", "UserBucket": {"S3Bucket": "vm-images", "S3Key": "web01.ova"}}


@pytest.fixture
def ec2(sandbox_door: AwsDoor) -> Any:
    """EC2 with the vmimport role and the disk image uploaded."""
    sandbox_door.client("iam").create_role(RoleName="vmimport", AssumeRolePolicyDocument=TRUST)
    s3 = sandbox_door.client("s3")
    s3.create_bucket(Bucket="vm-images")
    s3.put_object(Bucket="vm-images", Key="web01.ova", Body=b"not really an appliance")
    return sandbox_door.client("ec2")


def task_of(ec2: Any, task_id: str) -> dict[str, Any]:
    task: dict[str, Any] = ec2.describe_import_image_tasks(ImportTaskIds=[task_id])[
        "ImportImageTasks"
    ][0]
    return task


def test_import_goes_through_stages_to_an_image(ec2: Any) -> None:
    started = ec2.import_image(Description="web01", DiskContainers=[DISK])
    assert started["ImportTaskId"].startswith("import-ami-")
    assert (started["Status"], started["StatusMessage"]) == ("active", "pending")

    seen = [task_of(ec2, started["ImportTaskId"]) for _ in range(10)]
    messages = [t.get("StatusMessage") for t in seen if t["Status"] == "active"]
    assert messages[0] == "pending"
    assert "converting" in messages
    progress = [int(t["Progress"]) for t in seen if "Progress" in t]
    assert progress == sorted(progress)
    done = seen[-1]
    assert done["Status"] == "completed"
    assert done["ImageId"].startswith("ami-")
    images = ec2.describe_images(ImageIds=[done["ImageId"]])["Images"]
    assert [image["ImageId"] for image in images] == [done["ImageId"]]


def test_cancel_stops_an_import(ec2: Any) -> None:
    task_id = ec2.import_image(DiskContainers=[DISK])["ImportTaskId"]
    cancelled = ec2.cancel_import_task(ImportTaskId=task_id, CancelReason="wrong disk")
    assert (cancelled["PreviousState"], cancelled["State"]) == ("active", "deleting")
    statuses = [task_of(ec2, task_id)["Status"] for _ in range(3)]
    assert statuses == ["deleting", "deleted", "deleted"]
    assert task_of(ec2, task_id)["StatusMessage"] == "wrong disk"


def test_missing_disk_image_fails_the_task(ec2: Any) -> None:
    missing = {"Format": "vmdk", "UserBucket": {"S3Bucket": "vm-images", "S3Key": "nope.vmdk"}}
    task_id = ec2.import_image(DiskContainers=[missing])["ImportTaskId"]
    final = [task_of(ec2, task_id) for _ in range(4)][-1]
    assert final["Status"] == "deleted"
    assert final["StatusMessage"].startswith("ClientError")
    assert "ImageId" not in final


def test_needs_the_vmimport_role(sandbox_door: AwsDoor) -> None:
    with pytest.raises(ClientError, match="vmimport"):
        sandbox_door.client("ec2").import_image(DiskContainers=[DISK])


def test_refuses_an_unknown_disk_format(ec2: Any) -> None:
    with pytest.raises(ClientError, match="Unsupported disk format"):
        ec2.import_image(DiskContainers=[{**DISK, "Format": "qcow2"}])


def test_unknown_task_id(ec2: Any) -> None:
    with pytest.raises(ClientError, match="InvalidConversionTaskId"):
        ec2.describe_import_image_tasks(ImportTaskIds=["import-ami-0123456789abcdef0"])
