"""The import task: the import-image call, its client token, following it, its result.

The client token comes from the image's identity (where it lies in S3, its size and
modification time, its format), so running the flow again for the same image asks AWS for
the same import, and AWS answers with the task it already has instead of a second one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.aws import EC2, AwsCall, aws_call
from core.events import Progress
from core.flows.context import FlowContext
from core.flows.teardown_calls import cancel_import_call
from core.flows.vm_import_failures import ImportFailure, explain_failure
from core.vm_image import DiskFormat

if TYPE_CHECKING:
    from mypy_boto3_ec2.literals import BootModeValuesType
    from mypy_boto3_ec2.type_defs import ImportImageRequestTypeDef

__all__ = [
    "TOKEN_TAG",
    "ImportRequest",
    "VmImportResult",
    "cancel_import_call",
    "client_token",
    "describe_export",
    "describe_import",
    "import_image_call",
    "launch_call",
    "watch_task",
]

STEP = "vm-import"
Describe = Callable[[FlowContext, str], Awaitable[Mapping[str, Any]]]
TOKEN_TAG = "migration-assistant:client-token"
_MEANINGS = {
    "pending": "AWS has the request and will start shortly.",
    "validating": "AWS is reading the image and checking its format.",
    "validated": "The image is readable; conversion comes next.",
    "converting": "AWS is converting the disk (into EBS snapshots; for an export, to its format).",
    "uploading": "AWS is writing the exported disk to the bucket.",
    "updating": "AWS is installing the drivers EC2 needs into the system.",
    "booting": "AWS is starting the converted system once to check it.",
    "preparing ami": "AWS is registering the AMI.",
    "completed": "The AMI is ready.",
    "deleting": "The import is stopping.",
    "deleted": "The import ended without an AMI.",
}


@dataclass(frozen=True)
class ImportRequest:
    """What import-image is asked, from the flow's inputs and the image check."""

    bucket: str
    key: str
    format: DiskFormat
    token: str
    description: str = ""
    boot_mode: str = ""
    license_type: str = ""
    kms_key_id: str = ""


def client_token(source: Path, bucket: str, key: str, image_format: DiskFormat) -> str:
    """The same for the same file at the same place: a retry never starts a second import."""
    stat = source.stat()
    identity = f"{bucket}/{key}:{stat.st_size}:{stat.st_mtime_ns}:{image_format.value}"
    return "ma-" + hashlib.sha256(identity.encode()).hexdigest()[:40]


def import_image_call(request: ImportRequest) -> AwsCall[Any]:
    params: ImportImageRequestTypeDef = {
        "DiskContainers": [
            {
                "Description": request.key.rsplit("/", 1)[-1],
                "Format": request.format.value.upper(),
                "UserBucket": {"S3Bucket": request.bucket, "S3Key": request.key},
            }
        ],
        "ClientToken": request.token,
        "RoleName": "vmimport",
        "TagSpecifications": [
            {
                "ResourceType": "import-image-task",
                "Tags": [{"Key": TOKEN_TAG, "Value": request.token}],
            }
        ],
    }
    if request.description:
        params["Description"] = request.description
    if request.boot_mode:
        boot_mode: BootModeValuesType = request.boot_mode  # type: ignore[assignment]
        params["BootMode"] = boot_mode
    if request.license_type:
        params["LicenseType"] = request.license_type
    if request.kms_key_id:
        params["Encrypted"] = True
        params["KmsKeyId"] = request.kms_key_id
    return aws_call(EC2.import_image, **params)


def launch_call(image_id: str) -> AwsCall[Any]:
    """The "launch an instance from it" hint: the smallest general-purpose size."""
    return aws_call(
        EC2.run_instances, ImageId=image_id, InstanceType="t3.micro", MinCount=1, MaxCount=1
    )


@dataclass(frozen=True)
class VmImportResult:
    """How the import ended. ``failure`` (cause and fix) when it ended without an AMI;
    ``launch`` the command that starts an instance from the AMI."""

    import_task_id: str
    status: str
    status_message: str
    format: DiskFormat
    image_id: str = ""
    snapshot_ids: tuple[str, ...] = ()
    failure: ImportFailure | None = None
    launch: str = ""
    other_route: tuple[str, ...] = field(default=())

    @property
    def completed(self) -> bool:
        return self.status == "completed" and bool(self.image_id)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "import_task_id": self.import_task_id,
            "status": self.status,
            "status_message": self.status_message,
            "format": self.format.value,
            "image_id": self.image_id or None,
            "snapshot_ids": list(self.snapshot_ids),
        }
        if self.launch:
            data["launch"] = self.launch
        if self.failure is not None:
            data.update(cause=self.failure.cause, fix=self.failure.fix)
            if self.other_route:
                data["other_route"] = list(self.other_route)
        return data


async def describe_import(ctx: FlowContext, task_id: str) -> Mapping[str, Any]:
    found = await ctx.door.call(EC2.describe_import_image_tasks, ImportTaskIds=[task_id])
    return found["ImportImageTasks"][0]


async def describe_export(ctx: FlowContext, task_id: str) -> Mapping[str, Any]:
    found = await ctx.door.call(EC2.describe_export_image_tasks, ExportImageTaskIds=[task_id])
    return found["ExportImageTasks"][0]


def _said(task: Mapping[str, Any]) -> str:
    status, message = str(task.get("Status", "")), str(task.get("StatusMessage", ""))
    return message if status == "active" and message else status


async def watch_task(
    ctx: FlowContext,
    task_id: str,
    *,
    describe: Describe = describe_import,
    first_delay: float = 5.0,
    max_delay: float = 60.0,
) -> Mapping[str, Any]:
    """Follow an import (or, with ``describe_export``, an export) task until it is
    completed or deleted: its stage in plain words (a StatusChanged when it changes) and
    its percent (Progress) at every look."""
    delay, said = first_delay, ""
    while True:
        task = await describe(ctx, task_id)
        status, now = str(task.get("Status", "")), _said(task)
        if now != said:
            meaning = _MEANINGS.get(now, str(task.get("StatusMessage", "")))
            ctx.report.status(f"Task {task_id}", now, said or None, meaning)
            said = now
        if "Progress" in task:
            ctx.sink(Progress(STEP, float(task["Progress"]), 100.0, "%"))
        if status in ("completed", "deleted"):
            return task
        await ctx.clock.sleep(delay)
        delay = min(max_delay, delay * 1.5)


def result_of(task: Mapping[str, Any], image_format: DiskFormat) -> VmImportResult:
    """The result a finished task gives, with the failure explained when there is no AMI."""
    status, message = str(task.get("Status", "")), str(task.get("StatusMessage", ""))
    snapshots = tuple(
        str(disk["SnapshotId"])
        for disk in task.get("SnapshotDetails", [])
        if disk.get("SnapshotId")
    )
    image_id = str(task.get("ImageId", ""))
    failure = None if status == "completed" and image_id else explain_failure(message)
    return VmImportResult(
        str(task["ImportTaskId"]), status, message, image_format, image_id, snapshots, failure
    )
