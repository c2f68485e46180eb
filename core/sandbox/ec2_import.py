"""VM Import in the Sandbox: ec2 import_image, describe_import_image_tasks, cancel_import_task.

Stock moto has none of these. An import walks through the stages AWS shows (Status
``active`` with StatusMessage pending, validating, validated, converting, updating,
preparing ami), then ``completed`` with an AMI and one snapshot per disk that
describe_images and describe_snapshots list. The service role must exist (``vmimport``
unless RoleName says otherwise); the image is read from the bucket and checked against its
declared format (``ec2_import_checks``); a refused image, a missing one, a bucket in another
region or a rehearsed failure ends the task ``deleted`` with AWS's StatusMessage. The same
ClientToken answers with the same task, as on AWS.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from moto.core.responses import ActionResult
from moto.ec2.exceptions import EC2ClientError
from moto.ec2.responses import EC2Response
from moto.ec2.utils import random_id
from moto.iam.models import iam_backends
from moto.utilities.utils import get_partition

from core.sandbox.ec2_import_checks import import_failure
from core.sandbox.pacing import PacedRun
from core.sandbox.routing import SandboxConfig, side_state
from core.sandbox.routing import install as install_handler

__all__ = ["IMPORT_STAGES", "ImportStage", "cancelled", "check_role", "install", "pick"]

FORMATS = {"ova", "vmdk", "vhd", "vhdx", "raw"}


@dataclass(frozen=True)
class ImportStage:
    status: str
    message: str = ""
    progress: str = ""


IMPORT_STAGES = (
    ImportStage("active", "pending", "2"),
    ImportStage("active", "validating", "10"),
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
    snapshot_ids: list[str] = field(default_factory=list)

    def _disk(self, number: int, disk: dict[str, Any], stage: ImportStage) -> dict[str, Any]:
        detail: dict[str, Any] = {
            "DiskImageSize": 0.0,
            "Format": str(disk.get("Format", "")).upper(),
            "Status": stage.status,
            "UserBucket": disk.get("UserBucket", {}),
        }
        if number < len(self.snapshot_ids):
            detail["SnapshotId"] = self.snapshot_ids[number]
            detail["DeviceName"] = "/dev/sda1" if number == 0 else f"/dev/sd{chr(98 + number)}"
        return detail

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
                self._disk(number, disk, stage) for number, disk in enumerate(disks)
            ],
            "Tags": self.request.get("Tags", []),
        }
        for key, value in (
            ("StatusMessage", stage.message),
            ("Progress", stage.progress),
            ("ImageId", self.image_id),
            ("BootMode", self.request.get("BootMode")),
            ("KmsKeyId", self.request.get("KmsKeyId")),
        ):
            if value:
                item[key] = value
        return item


@dataclass
class _ImportState:
    tasks: dict[str, _ImportTask] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)  # ClientToken -> task id


def _state(response: EC2Response) -> _ImportState:
    return side_state(response.ec2_backend, _ImportState)


def _role_exists(response: EC2Response, role_name: str) -> bool:
    iam = iam_backends[response.current_account][get_partition(response.region)]
    try:
        iam.get_role(role_name)
    except Exception:  # moto raises its IAMNotFoundException; any failure means "no role"
        return False
    return True


def check_role(response: EC2Response, role: str) -> None:
    """AWS's refusal when the service role is missing (imports and exports alike)."""
    if not _role_exists(response, role):
        raise EC2ClientError(
            "InvalidParameter",
            f"The service role {role} provided does not exist or does not have sufficient "
            "permissions",
        )


def _failed_stages(message: str) -> tuple[ImportStage, ...]:
    return (
        ImportStage("active", "pending", "2"),
        ImportStage("active", "validating", "10"),
        ImportStage("deleting", message, "10"),
        ImportStage("deleted", message),
    )


def _request(response: EC2Response) -> dict[str, Any]:
    request: dict[str, Any] = {
        key: response._get_param(key)
        for key in (
            "Architecture",
            "Description",
            "Encrypted",
            "LicenseType",
            "Platform",
            "BootMode",
            "KmsKeyId",
        )
        if response._get_param(key) is not None
    }
    tags = [
        tag
        for spec in response._get_param("TagSpecifications", [])
        if spec.get("ResourceType") == "import-image-task"
        for tag in spec.get("Tag", spec.get("Tags", []))
    ]
    request["Tags"] = tags
    return request


def _check_disks(response: EC2Response) -> list[dict[str, Any]]:
    disks: list[dict[str, Any]] = response._get_param("DiskContainers", [])
    if not disks:
        raise EC2ClientError("InvalidParameter", "DiskContainers is required.")
    for disk in disks:
        if str(disk.get("Format", "")).lower() not in FORMATS:
            raise EC2ClientError(
                "InvalidParameter",
                f"Unsupported disk format {disk.get('Format')}; use OVA, VMDK, VHD, VHDX or RAW.",
            )
    check_role(response, response._get_param("RoleName") or "vmimport")
    return disks


def import_image(response: EC2Response, config: SandboxConfig) -> ActionResult:
    state = _state(response)
    token = response._get_param("ClientToken")
    if token and token in state.tokens:
        task = state.tasks[state.tokens[token]]
        return ActionResult(task.describe(task.run.peek(config.pace)))
    disks = _check_disks(response)
    request = _request(response)
    request["DiskContainers"] = disks
    failures = [
        import_failure(response.current_account, response.region, disk, config.import_failure)
        for disk in disks
    ]
    failure = next((message for message in failures if message), None)
    stages = _failed_stages(failure) if failure else IMPORT_STAGES
    task = _ImportTask(random_id("import-ami"), request, PacedRun(stages))
    state.tasks[task.task_id] = task
    if token:
        state.tokens[token] = task.task_id
    return ActionResult(task.describe(stages[0]))


def _register(response: EC2Response, task: _ImportTask) -> None:
    """The AMI and its snapshots: moto makes the root snapshot with the AMI; one more for
    each further disk, tied to the AMI as AWS ties them (in use while it is registered)."""
    backend = response.ec2_backend
    name = task.task_id
    image = backend.register_image(name=name, description=task.request.get("Description") or name)
    task.image_id = image.id
    task.snapshot_ids = [image.ebs_snapshot.id]
    for _ in task.request["DiskContainers"][1:]:
        volume = backend.create_volume(size=1, zone_name=f"{response.region}a")
        snapshot = backend.create_snapshot(
            volume.id, f"Created by {name}", image.owner_id, from_ami=image.id
        )
        backend.delete_volume(volume.id)
        task.snapshot_ids.append(snapshot.id)


def _advance(response: EC2Response, task: _ImportTask, pace: float) -> ImportStage:
    stage = task.run.read(pace)
    if stage.status == "completed" and task.image_id is None:
        _register(response, task)
    return stage


T = TypeVar("T")


def pick(tasks: dict[str, T], wanted: list[str], code: str, noun: str) -> list[T]:
    """The tasks a describe asks for (all when it names none); AWS's error for an unknown id."""
    for task_id in wanted:
        if task_id not in tasks:
            raise EC2ClientError(code, f"{noun} task {task_id} does not exist.")
    return [tasks[task_id] for task_id in wanted] if wanted else list(tasks.values())


def cancelled(
    run: PacedRun[ImportStage], pace: float, task_id: str, reason: str
) -> PacedRun[ImportStage]:
    """The run a cancel leaves: deleting, then deleted; only an active task may be cancelled."""
    current = run.peek(pace)
    if current.status != "active":
        raise EC2ClientError(
            "IncorrectState", f"Task {task_id} is {current.status}; it cannot be cancelled."
        )
    return PacedRun((ImportStage("deleting", reason), ImportStage("deleted", reason)))


def describe_import_image_tasks(response: EC2Response, config: SandboxConfig) -> ActionResult:
    wanted = response._get_param("ImportTaskIds", [])
    chosen = pick(_state(response).tasks, wanted, "InvalidConversionTaskId.Malformed", "Import")
    shown = [task.describe(_advance(response, task, config.pace)) for task in chosen]
    return ActionResult({"ImportImageTasks": shown})


def cancel_import_task(response: EC2Response, config: SandboxConfig) -> ActionResult:
    task_id = response._get_param("ImportTaskId")
    [task] = pick(_state(response).tasks, [task_id], "InvalidConversionTaskId.Malformed", "Import")
    reason = response._get_param("CancelReason") or "User cancelled the import"
    task.run = cancelled(task.run, config.pace, task_id, reason)
    return ActionResult({"ImportTaskId": task_id, "PreviousState": "active", "State": "deleting"})


def install() -> None:
    install_handler(EC2Response, "import_image", import_image)
    install_handler(EC2Response, "describe_import_image_tasks", describe_import_image_tasks)
    install_handler(EC2Response, "cancel_import_task", cancel_import_task)
