"""VM Export in the Sandbox: ec2 export_image, describe_export_image_tasks, cancel_export_task.

Stock moto has none of these. An export needs the AMI, the service role (``vmimport``
unless RoleName says otherwise) and the bucket in the export's region; it walks through
``active`` (validating, converting, uploading) to ``completed``, and then the bucket holds
``<S3Prefix><task id>.<format>``: a small disk of that format, which the image checks read
like a real export. The same ClientToken answers with the same task, as on AWS.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from moto.core.responses import ActionResult
from moto.ec2.exceptions import EC2ClientError
from moto.ec2.responses import EC2Response
from moto.ec2.utils import random_id
from moto.s3.models import s3_backends
from moto.utilities.utils import get_partition

from core.sandbox.ec2_import import ImportStage, cancelled, check_role, pick
from core.sandbox.pacing import PacedRun
from core.sandbox.routing import SandboxConfig, side_state
from core.sandbox.routing import install as install_handler
from core.sandbox.sample_images import sample_disk

__all__ = ["EXPORT_STAGES", "install"]

FORMATS = {"VMDK", "RAW", "VHD"}
EXPORT_STAGES = (
    ImportStage("active", "validating", "0"),
    ImportStage("active", "converting", "30"),
    ImportStage("active", "uploading", "75"),
    ImportStage("completed", "", "100"),
)


@dataclass
class _ExportTask:
    task_id: str
    request: dict[str, Any]
    run: PacedRun[ImportStage]
    written: bool = False

    @property
    def key(self) -> str:
        location = self.request["S3ExportLocation"]
        extension = str(self.request["DiskImageFormat"]).lower()
        return f"{location.get('S3Prefix', '')}{self.task_id}.{extension}"

    def describe(self, stage: ImportStage) -> dict[str, Any]:
        item: dict[str, Any] = {
            "ExportImageTaskId": self.task_id,
            "ImageId": self.request["ImageId"],
            "Description": self.request.get("Description", ""),
            "S3ExportLocation": self.request["S3ExportLocation"],
            "Status": stage.status,
            "Tags": self.request.get("Tags", []),
        }
        for key, value in (("StatusMessage", stage.message), ("Progress", stage.progress)):
            if value:
                item[key] = value
        return item


@dataclass
class _ExportState:
    tasks: dict[str, _ExportTask] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)


def _state(response: EC2Response) -> _ExportState:
    return side_state(response.ec2_backend, _ExportState)


def _bucket_problem(response: EC2Response, bucket: str) -> str:
    s3 = s3_backends[response.current_account][get_partition(response.region)]
    found = s3.buckets.get(bucket)
    if found is None:
        return f"ClientError: The S3 bucket {bucket} does not exist."
    if found.region_name != response.region:
        return (
            f"ClientError: The S3 bucket {bucket} is in {found.region_name}, not in "
            f"{response.region} where the export runs."
        )
    return ""


def export_image(response: EC2Response, config: SandboxConfig) -> ActionResult:
    state = _state(response)
    token = response._get_param("ClientToken")
    if token and token in state.tokens:
        task = state.tasks[state.tokens[token]]
        return ActionResult(task.describe(task.run.peek(config.pace)))
    image_id = response._get_param("ImageId")
    if image_id not in response.ec2_backend.amis:
        raise EC2ClientError("InvalidAMIID.NotFound", f"The image id '[{image_id}]' does not exist")
    disk_format = str(response._get_param("DiskImageFormat", "")).upper()
    if disk_format not in FORMATS:
        raise EC2ClientError("InvalidParameter", f"Unsupported disk image format {disk_format}.")
    check_role(response, response._get_param("RoleName") or "vmimport")
    location = response._get_param("S3ExportLocation", {})
    request: dict[str, Any] = {
        "ImageId": image_id,
        "DiskImageFormat": disk_format,
        "S3ExportLocation": location,
        "Description": response._get_param("Description") or "",
        "Tags": [
            tag
            for spec in response._get_param("TagSpecifications", [])
            for tag in spec.get("Tag", spec.get("Tags", []))
        ],
    }
    problem = _bucket_problem(response, str(location.get("S3Bucket", "")))
    stages = (
        (EXPORT_STAGES[0], ImportStage("deleting", problem), ImportStage("deleted", problem))
        if problem
        else EXPORT_STAGES
    )
    task = _ExportTask(random_id("export-ami"), request, PacedRun(stages))
    state.tasks[task.task_id] = task
    if token:
        state.tokens[token] = task.task_id
    return ActionResult({**task.describe(stages[0]), "DiskImageFormat": disk_format})


def _advance(response: EC2Response, task: _ExportTask, pace: float) -> ImportStage:
    stage = task.run.read(pace)
    if stage.status == "completed" and not task.written:
        s3 = s3_backends[response.current_account][get_partition(response.region)]
        bucket = task.request["S3ExportLocation"]["S3Bucket"]
        s3.put_object(bucket, task.key, sample_disk(task.request["DiskImageFormat"]))
        task.written = True
    return stage


def describe_export_image_tasks(response: EC2Response, config: SandboxConfig) -> ActionResult:
    wanted = response._get_param("ExportImageTaskIds", [])
    chosen = pick(_state(response).tasks, wanted, "InvalidExportImageTaskId.NotFound", "Export")
    shown = [task.describe(_advance(response, task, config.pace)) for task in chosen]
    return ActionResult({"ExportImageTasks": shown})


def cancel_export_task(response: EC2Response, config: SandboxConfig) -> ActionResult:
    task_id = response._get_param("ExportTaskId")
    [task] = pick(_state(response).tasks, [task_id], "InvalidExportTaskID.NotFound", "Export")
    task.run = cancelled(task.run, config.pace, task_id, "Cancelled by the user")
    return ActionResult({})


def install() -> None:
    install_handler(EC2Response, "export_image", export_image)
    install_handler(EC2Response, "describe_export_image_tasks", describe_export_image_tasks)
    install_handler(EC2Response, "cancel_export_task", cancel_export_task)
