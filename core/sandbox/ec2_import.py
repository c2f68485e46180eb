"""VM Import in the Sandbox: ec2 import_image, describe_import_image_tasks, cancel_import_task.

Stock moto has none of these. An import walks through the stages AWS shows (Status
``active`` with StatusMessage pending, validated, converting, updating, preparing ami), then
``completed`` with an ImageId that describe_images also knows. The service role must exist
(``vmimport`` unless RoleName says otherwise) and the disk image must be in the S3 bucket;
a missing image fails the task as AWS does (``deleted`` with a ClientError message).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from moto.core.responses import ActionResult
from moto.ec2.exceptions import EC2ClientError
from moto.ec2.responses import EC2Response
from moto.ec2.utils import random_id
from moto.iam.models import iam_backends
from moto.s3.models import s3_backends
from moto.utilities.utils import get_partition

from core.sandbox.pacing import PacedRun
from core.sandbox.routing import SandboxConfig, side_state
from core.sandbox.routing import install as install_handler

__all__ = ["IMPORT_STAGES", "ImportStage", "install"]

FORMATS = {"ova", "vmdk", "vhd", "vhdx", "raw"}


@dataclass(frozen=True)
class ImportStage:
    status: str
    message: str = ""
    progress: str = ""


IMPORT_STAGES = (
    ImportStage("active", "pending", "2"),
    ImportStage("active", "validated", "19"),
    ImportStage("active", "converting", "28"),
    ImportStage("active", "converting", "53"),
    ImportStage("active", "updating", "79"),
    ImportStage("active", "preparing ami", "92"),
    ImportStage("completed"),
)


@dataclass
class _ImportTask:
    task_id: str
    request: dict[str, Any]
    run: PacedRun[ImportStage]
    image_id: str | None = None

    def describe(self, stage: ImportStage) -> dict[str, Any]:
        disks = self.request.get("DiskContainers") or [{}]
        item: dict[str, Any] = {
            "ImportTaskId": self.task_id,
            "Architecture": self.request.get("Architecture", "x86_64"),
            "Description": self.request.get("Description", ""),
            "LicenseType": self.request.get("LicenseType", "BYOL"),
            "Platform": self.request.get("Platform", "Linux"),
            "Encrypted": bool(self.request.get("Encrypted", False)),
            "Status": stage.status,
            "SnapshotDetails": [
                {
                    "DiskImageSize": 0.0,
                    "Format": str(disk.get("Format", "")).upper(),
                    "Status": stage.status,
                    "UserBucket": disk.get("UserBucket", {}),
                }
                for disk in disks
            ],
            "Tags": [],
        }
        if stage.message:
            item["StatusMessage"] = stage.message
        if stage.progress:
            item["Progress"] = stage.progress
        if self.image_id is not None:
            item["ImageId"] = self.image_id
        return item


@dataclass
class _ImportState:
    tasks: dict[str, _ImportTask] = field(default_factory=dict)


def _state(response: EC2Response) -> _ImportState:
    return side_state(response.ec2_backend, _ImportState)


def _role_exists(response: EC2Response, role_name: str) -> bool:
    iam = iam_backends[response.current_account][get_partition(response.region)]
    try:
        iam.get_role(role_name)
    except Exception:  # moto raises its IAMNotFoundException; any failure means "no role"
        return False
    return True


def _image_exists(response: EC2Response, disk: dict[str, Any]) -> bool:
    bucket = disk.get("UserBucket") or {}
    s3 = s3_backends[response.current_account][get_partition(response.region)]
    try:
        return s3.get_object(bucket.get("S3Bucket", ""), bucket.get("S3Key", "")) is not None
    except Exception:  # a missing bucket raises; either way the image cannot be read
        return False


def _failed_stages(message: str) -> tuple[ImportStage, ...]:
    return (
        ImportStage("active", "pending", "2"),
        ImportStage("deleting", message, "2"),
        ImportStage("deleted", message),
    )


def import_image(response: EC2Response, config: SandboxConfig) -> ActionResult:
    request: dict[str, Any] = {
        key: response._get_param(key)
        for key in ("Architecture", "Description", "Encrypted", "LicenseType", "Platform")
        if response._get_param(key) is not None
    }
    disks = response._get_param("DiskContainers", [])
    if not disks:
        raise EC2ClientError("InvalidParameter", "DiskContainers is required.")
    for disk in disks:
        if str(disk.get("Format", "")).lower() not in FORMATS:
            raise EC2ClientError(
                "InvalidParameter",
                f"Unsupported disk format {disk.get('Format')}; use OVA, VMDK, VHD, VHDX or RAW.",
            )
    role = response._get_param("RoleName") or "vmimport"
    if not _role_exists(response, role):
        raise EC2ClientError(
            "InvalidParameter",
            f"The service role {role} provided does not exist or does not have sufficient "
            "permissions",
        )
    request["DiskContainers"] = disks
    stages: tuple[ImportStage, ...] = IMPORT_STAGES
    if not all(_image_exists(response, disk) for disk in disks):
        stages = _failed_stages(
            "ClientError: Disk validation failed [We do not have access to the given "
            "resource. Reason 403 Forbidden]"
        )
    task = _ImportTask(f"import-ami-{random_id(size=17)}", request, PacedRun(stages))
    _state(response).tasks[task.task_id] = task
    return ActionResult(task.describe(stages[0]))


def _advance(response: EC2Response, task: _ImportTask, pace: float) -> ImportStage:
    stage = task.run.read(pace)
    if stage.status == "completed" and task.image_id is None:
        image = response.ec2_backend.register_image(
            name=task.task_id, description=task.request.get("Description") or task.task_id
        )
        task.image_id = image.id
    return stage


def describe_import_image_tasks(response: EC2Response, config: SandboxConfig) -> ActionResult:
    wanted = response._get_param("ImportTaskIds", [])
    tasks = _state(response).tasks
    for task_id in wanted:
        if task_id not in tasks:
            raise EC2ClientError(
                "InvalidConversionTaskId.Malformed", f"Import task {task_id} does not exist."
            )
    chosen = [tasks[task_id] for task_id in wanted] if wanted else list(tasks.values())
    shown = [task.describe(_advance(response, task, config.pace)) for task in chosen]
    return ActionResult({"ImportImageTasks": shown})


def cancel_import_task(response: EC2Response, config: SandboxConfig) -> ActionResult:
    task_id = response._get_param("ImportTaskId")
    task = _state(response).tasks.get(task_id)
    if task is None:
        raise EC2ClientError(
            "InvalidConversionTaskId.Malformed", f"Import task {task_id} does not exist."
        )
    current = task.run.peek(config.pace)
    if current.status != "active":
        raise EC2ClientError(
            "IncorrectState", f"Import task {task_id} is {current.status}; it cannot be cancelled."
        )
    reason = response._get_param("CancelReason") or "User cancelled the import"
    task.run = PacedRun((ImportStage("deleting", reason), ImportStage("deleted", reason)))
    return ActionResult({"ImportTaskId": task_id, "PreviousState": "active", "State": "deleting"})


def install() -> None:
    install_handler(EC2Response, "import_image", import_image)
    install_handler(EC2Response, "describe_import_image_tasks", describe_import_image_tasks)
    install_handler(EC2Response, "cancel_import_task", cancel_import_task)
