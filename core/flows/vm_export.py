"""The way back: an AMI exported to S3 as a disk image (VMDK, VHD or raw) with VM Export.

``VmExportFlow`` is the second page of the ``vm-import`` card. It makes sure the bucket is
in the export's region and that the ``vmimport`` role may write to it (``s3:PutObject``,
``s3:GetBucketAcl`` besides the reads), starts ``export-image`` with a client token from
the AMI and the destination (a retry follows the export already started), and follows the
task to the object it writes: ``s3://BUCKET/PREFIX<task id>.<format>``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from core.aws import EC2, AwsCall, AwsDoor, aws_call
from core.errors import ValidationError
from core.flows.buckets import validate_bucket_name
from core.flows.context import Created, FlowContext
from core.flows.shape import Flow, PlannedCall, all_problems
from core.flows.vm_import import ensure_image_bucket
from core.flows.vm_import_failures import ImportFailure, explain_failure
from core.flows.vm_import_role import ensure_vmimport_role, role_error, role_plan
from core.flows.vm_import_task import TOKEN_TAG, describe_export, watch_task
from core.ledger import ResourceKind

__all__ = [
    "EXPORT_FORMATS",
    "ImageChoice",
    "VmExportFlow",
    "VmExportInputs",
    "VmExportResult",
    "export_call",
    "own_images",
]

EXPORT_FORMATS = ("VMDK", "VHD", "RAW")
_AMI_ID = re.compile(r"^ami-[0-9a-f]{8,17}$")
CONSENT_HINT = "Allow writing to the bucket through the role (the export's --update-role option)"


@dataclass(frozen=True)
class VmExportInputs:
    """The AMI, where its disk goes (``s3://bucket/prefix``), in which format."""

    image_id: str
    bucket: str
    prefix: str = "exports/"
    disk_format: str = "VMDK"
    description: str = ""
    update_role: bool = False
    region: str = "us-east-1"


@dataclass(frozen=True)
class VmExportResult:
    export_task_id: str
    status: str
    status_message: str
    bucket: str
    key: str = ""
    failure: ImportFailure | None = None

    @property
    def completed(self) -> bool:
        return self.status == "completed"

    def to_json(self) -> dict[str, Any]:
        data = {
            "export_task_id": self.export_task_id,
            "status": self.status,
            "status_message": self.status_message,
            "object": f"s3://{self.bucket}/{self.key}" if self.key else None,
        }
        if self.failure is not None:
            data.update(cause=self.failure.cause, fix=self.failure.fix)
        return data


@dataclass(frozen=True)
class ImageChoice:
    """An AMI of this account, for the export's picker."""

    image_id: str
    name: str

    @property
    def label(self) -> str:
        return f"{self.image_id} ({self.name})" if self.name else self.image_id


async def own_images(door: AwsDoor) -> list[ImageChoice]:
    """The account's own AMIs, newest first (the ones VM Export may export)."""
    found = await door.call(EC2.describe_images, Owners=["self"])
    images = sorted(found.get("Images", []), key=lambda i: i.get("CreationDate", ""), reverse=True)
    return [ImageChoice(str(i["ImageId"]), str(i.get("Name", ""))) for i in images]


def _check(inputs: VmExportInputs) -> None:
    if not _AMI_ID.match(inputs.image_id):
        raise ValidationError(
            "image_id", f"'{inputs.image_id}' is not an AMI id.", "It looks like ami-0abc1234."
        )
    if inputs.disk_format not in EXPORT_FORMATS:
        raise ValidationError(
            "disk_format",
            f"VM Export cannot write {inputs.disk_format}.",
            "Choose VMDK, VHD or RAW.",
        )
    if inputs.prefix.startswith("/"):
        raise ValidationError("prefix", "The prefix starts inside the bucket: drop the first /.")


def _token(inputs: VmExportInputs) -> str:
    identity = f"{inputs.image_id}:{inputs.bucket}/{inputs.prefix}:{inputs.disk_format}"
    return "ma-" + hashlib.sha256(identity.encode()).hexdigest()[:40]


def export_call(inputs: VmExportInputs, token: str) -> AwsCall[Any]:
    return aws_call(
        EC2.export_image,
        ImageId=inputs.image_id,
        DiskImageFormat=inputs.disk_format,  # type: ignore[arg-type]
        S3ExportLocation={"S3Bucket": inputs.bucket, "S3Prefix": inputs.prefix},
        Description=inputs.description or f"Export of {inputs.image_id}",
        RoleName="vmimport",
        ClientToken=token,
        TagSpecifications=[
            {"ResourceType": "export-image-task", "Tags": [{"Key": TOKEN_TAG, "Value": token}]}
        ],
    )


class VmExportFlow(Flow[VmExportInputs, VmExportResult]):
    """Export an AMI to S3; ``first_delay``: seconds before the first look at the task."""

    key = "vm-import"

    def __init__(self, inputs: VmExportInputs, *, first_delay: float = 5.0) -> None:
        super().__init__(inputs)
        self._first_delay = first_delay

    def problems(self) -> dict[str, str]:
        return all_problems(
            lambda: _check(self.inputs), lambda: validate_bucket_name(self.inputs.bucket)
        )

    def plan(self) -> list[PlannedCall]:
        inputs = self.inputs
        started = PlannedCall(
            export_call(inputs, _token(inputs)),
            "Unless this export was started before (then it is followed instead):",
        )
        return [*role_plan(inputs.bucket, inputs.region, export=True), started]

    async def run(self, ctx: FlowContext) -> VmExportResult:
        inputs = self.inputs
        _check(inputs)
        await ensure_image_bucket(ctx, inputs.bucket)
        role = await ensure_vmimport_role(
            ctx, inputs.bucket, inputs.prefix, update_role=inputs.update_role, export=True
        )
        if not role.usable:
            raise role_error(role, CONSENT_HINT)
        token = _token(inputs)
        earlier = [
            entry
            for entry in ctx.ledger.entries(await ctx.scope())
            if entry.kind is ResourceKind.EXPORT_TASK and entry.details.get("client_token") == token
        ]
        if earlier and not earlier[-1].pending:
            task_id = earlier[-1].resource_id
            ctx.report.note(f"Following the export started before: {task_id}.")
        else:
            answer = await ctx.create(
                ResourceKind.EXPORT_TASK,
                token,
                lambda: ctx.door.run(export_call(inputs, token)),
                lambda started: Created(
                    str(started["ExportImageTaskId"]), details={"client_token": token}
                ),
                details={"client_token": token, "bucket": inputs.bucket},
            )
            task_id = str(answer["ExportImageTaskId"])
        task = await watch_task(
            ctx, task_id, describe=describe_export, first_delay=self._first_delay
        )
        status, message = str(task.get("Status", "")), str(task.get("StatusMessage", ""))
        if status != "completed":
            failure = explain_failure(message)
            return VmExportResult(task_id, status, message, inputs.bucket, failure=failure)
        key = f"{inputs.prefix}{task_id}.{inputs.disk_format.lower()}"
        details = {"bucket": inputs.bucket, "key": key, "export_task_id": task_id}
        await ctx.record(ResourceKind.S3_OBJECT, f"{inputs.bucket}/{key}", details=details)
        return VmExportResult(task_id, status, message, inputs.bucket, key)
