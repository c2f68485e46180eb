"""VM Import in the Sandbox: import_image stages, the resulting AMI, cancel, failures."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from core.aws import AwsDoor
from core.sandbox.server import SandboxServer
from tests.fixtures import vm_images

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
    s3.put_object(Bucket="vm-images", Key="web01.ova", Body=vm_images.ova_bytes())
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
    assert [t.get("StatusMessage") for t in seen[:3]] == ["pending", "validating", "validated"]
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
    [disk] = done["SnapshotDetails"]
    snapshot = images[0]["BlockDeviceMappings"][0]["Ebs"]["SnapshotId"]
    assert disk["SnapshotId"] == snapshot
    listed = ec2.describe_snapshots(SnapshotIds=[snapshot])["Snapshots"]
    assert [item["SnapshotId"] for item in listed] == [snapshot]


def test_the_same_client_token_answers_with_the_same_task(ec2: Any) -> None:
    first = ec2.import_image(DiskContainers=[DISK], ClientToken="web01-once")
    again = ec2.import_image(DiskContainers=[DISK], ClientToken="web01-once")
    other = ec2.import_image(DiskContainers=[DISK], ClientToken="web01-twice")
    assert again["ImportTaskId"] == first["ImportTaskId"] != other["ImportTaskId"]
    assert len(ec2.describe_import_image_tasks()["ImportImageTasks"]) == 2


def test_each_disk_of_several_gets_a_snapshot(ec2: Any, sandbox_door: AwsDoor) -> None:
    s3 = sandbox_door.client("s3")
    s3.put_object(Bucket="vm-images", Key="data.vhd", Body=vm_images.disk_bytes("vhd"))
    data = {"Format": "vhd", "UserBucket": {"S3Bucket": "vm-images", "S3Key": "data.vhd"}}
    task_id = ec2.import_image(DiskContainers=[DISK, data])["ImportTaskId"]
    done = [task_of(ec2, task_id) for _ in range(10)][-1]
    snapshots = [disk["SnapshotId"] for disk in done["SnapshotDetails"]]
    assert len(set(snapshots)) == 2
    listed = ec2.describe_snapshots(SnapshotIds=snapshots)["Snapshots"]
    assert {item["SnapshotId"] for item in listed} == set(snapshots)


def _final(ec2: Any, task_id: str) -> dict[str, Any]:
    return [task_of(ec2, task_id) for _ in range(6)][-1]


@pytest.mark.parametrize(
    ("body", "declared", "message"),
    [
        (vm_images.disk_bytes("sparse"), "vmdk", "Unsupported VMDK File Format"),
        (vm_images.ova_bytes(), "vhd", "Unsupported specified file format"),
        (b"just some text", "raw", "Unsupported specified file format"),
    ],
)
def test_an_image_that_is_not_what_it_says_fails_as_on_aws(
    ec2: Any, sandbox_door: AwsDoor, body: bytes, declared: str, message: str
) -> None:
    sandbox_door.client("s3").put_object(Bucket="vm-images", Key="disk", Body=body)
    disk = {"Format": declared, "UserBucket": {"S3Bucket": "vm-images", "S3Key": "disk"}}
    final = _final(ec2, ec2.import_image(DiskContainers=[disk])["ImportTaskId"])
    assert final["Status"] == "deleted"
    assert message in final["StatusMessage"]


def test_a_rehearsed_failure_by_server_or_by_object_tag(
    ec2: Any, sandbox: SandboxServer, sandbox_door: AwsDoor
) -> None:
    sandbox.fail_imports("ClientError: Unable to determine kernel version")
    final = _final(ec2, ec2.import_image(DiskContainers=[DISK])["ImportTaskId"])
    assert (final["Status"], final["StatusMessage"]) == (
        "deleted",
        "ClientError: Unable to determine kernel version",
    )
    sandbox.fail_imports("")
    sandbox_door.client("s3").put_object_tagging(
        Bucket="vm-images",
        Key="web01.ova",
        Tagging={"TagSet": [{"Key": "sandbox-import-failure", "Value": "Could not read fstab"}]},
    )
    final = _final(ec2, ec2.import_image(DiskContainers=[DISK])["ImportTaskId"])
    assert final["StatusMessage"] == "Could not read fstab"


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


def test_a_bucket_in_another_region_fails_the_import(ec2: Any, sandbox_door: AwsDoor) -> None:
    s3 = sandbox_door.client("s3")
    s3.create_bucket(
        Bucket="eu-images", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    s3.put_object(Bucket="eu-images", Key="web01.ova", Body=vm_images.ova_bytes())
    disk = {"Format": "ova", "UserBucket": {"S3Bucket": "eu-images", "S3Key": "web01.ova"}}
    final = _final(ec2, ec2.import_image(DiskContainers=[disk])["ImportTaskId"])
    assert final["Status"] == "deleted"
    assert "is in eu-west-1, not in us-east-1" in final["StatusMessage"]
