"""VM Export in the Sandbox: export_image stages, the object it writes, refusals, cancel."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from core.aws import AwsDoor
from tests.core.sandbox.test_ec2_import import TRUST

LOCATION = {"S3Bucket": "vm-exports", "S3Prefix": "exports/"}


@pytest.fixture
def ec2(sandbox_door: AwsDoor) -> Any:
    """EC2 with the vmimport role, an AMI and the export bucket."""
    sandbox_door.client("iam").create_role(RoleName="vmimport", AssumeRolePolicyDocument=TRUST)
    sandbox_door.client("s3").create_bucket(Bucket="vm-exports")
    return sandbox_door.client("ec2")


def _image(ec2: Any) -> str:
    image: str = ec2.register_image(Name="web01", RootDeviceName="/dev/sda1")["ImageId"]
    return image


def _tasks(ec2: Any, task_id: str, looks: int) -> list[dict[str, Any]]:
    found = [ec2.describe_export_image_tasks(ExportImageTaskIds=[task_id]) for _ in range(looks)]
    return [answer["ExportImageTasks"][0] for answer in found]


def test_an_export_writes_the_disk_to_the_bucket(ec2: Any, sandbox_door: AwsDoor) -> None:
    started = ec2.export_image(
        ImageId=_image(ec2), DiskImageFormat="VHD", S3ExportLocation=LOCATION, ClientToken="t1"
    )
    task_id = started["ExportImageTaskId"]
    assert task_id.startswith("export-ami-") and started["Status"] == "active"
    again = ec2.export_image(
        ImageId=started["ImageId"],
        DiskImageFormat="VHD",
        S3ExportLocation=LOCATION,
        ClientToken="t1",
    )
    assert again["ExportImageTaskId"] == task_id

    seen = _tasks(ec2, task_id, 5)

    assert [task.get("StatusMessage") for task in seen[:3]] == [
        "validating",
        "converting",
        "uploading",
    ]
    assert seen[-1]["Status"] == "completed"
    head = sandbox_door.client("s3").head_object(Bucket="vm-exports", Key=f"exports/{task_id}.vhd")
    assert head["ContentLength"] > 0


def test_refusals_as_on_aws(ec2: Any) -> None:
    with pytest.raises(ClientError, match=r"InvalidAMIID\.NotFound"):
        ec2.export_image(
            ImageId="ami-0123456789abcdef0", DiskImageFormat="VMDK", S3ExportLocation=LOCATION
        )
    missing = {"S3Bucket": "nowhere", "S3Prefix": ""}
    task_id = ec2.export_image(
        ImageId=_image(ec2), DiskImageFormat="RAW", S3ExportLocation=missing
    )["ExportImageTaskId"]
    final = _tasks(ec2, task_id, 4)[-1]
    assert final["Status"] == "deleted" and "nowhere does not exist" in final["StatusMessage"]


def test_cancel_stops_an_export(ec2: Any) -> None:
    task_id = ec2.export_image(
        ImageId=_image(ec2), DiskImageFormat="VMDK", S3ExportLocation=LOCATION
    )["ExportImageTaskId"]
    ec2.cancel_export_task(ExportTaskId=task_id)
    assert [task["Status"] for task in _tasks(ec2, task_id, 2)] == ["deleting", "deleted"]
