"""Move a virtual machine: its disk image checked, uploaded, imported as an AMI by VM Import.

``VmImportFlow`` (card ``vm-import``) checks the image on this computer first
(``core.vm_image``: nothing is uploaded that VM Import would refuse), makes sure the bucket
is in the import's region and the ``vmimport`` role can read it
(``core.flows.vm_import_role``), uploads the image through ``UploadFlow`` (resumable,
verified), starts ``import-image`` with a client token from the image's identity, and
follows the task to its AMI and snapshots, or to its failure explained with a fix. Running
it again for the same image follows the import already started instead of starting another.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from core.aws import EC2, S3, AwsCall, aws_call
from core.errors import MigrationAssistantError, NotFound, ValidationError
from core.flows.buckets import create_bucket, create_bucket_params, validate_bucket_name
from core.flows.context import Created, FlowContext
from core.flows.shape import Flow, PlannedCall, all_problems
from core.flows.teardown_calls import VM_IMPORT_WIZARD
from core.flows.upload import UploadFlow, UploadInputs
from core.flows.vm_import_failures import snapshot_route
from core.flows.vm_import_role import ensure_vmimport_role, role_error, role_plan
from core.flows.vm_import_task import (
    ImportRequest,
    VmImportResult,
    cancel_import_call,
    client_token,
    import_image_call,
    launch_call,
    result_of,
    watch_task,
)
from core.ledger import LedgerEntry, ResourceKind
from core.transfer import JournalStore, TransferSink, UploadControl, UploadOptions
from core.vm_image import DiskFormat, ImageReport, check_image

__all__ = [
    "BOOT_MODES",
    "LICENSE_TYPES",
    "VmImportFlow",
    "VmImportInputs",
    "VmImportResult",
    "ensure_image_bucket",
]

BOOT_MODES = ("", "legacy-bios", "uefi", "uefi-preferred")
LICENSE_TYPES = ("", "AWS", "BYOL")
CONSENT_HINT = "Allow adding the bucket to the role (the import's --update-role option)"


def _default_upload() -> UploadOptions:
    return UploadOptions(wizard=VM_IMPORT_WIZARD)


@dataclass(frozen=True)
class VmImportInputs:
    """The image, where it goes in S3 (``key`` defaults to the file's name), what
    import-image is told, and whether the role may be given the bucket (``update_role``).
    ``region`` is the connection's, where the import runs (the plan's ARNs name it)."""

    source: Path
    bucket: str
    region: str = "us-east-1"
    key: str = ""
    format: DiskFormat | None = None
    description: str = ""
    boot_mode: str = ""
    license_type: str = ""
    kms_key_id: str = ""
    update_role: bool = False
    upload: UploadOptions = field(default_factory=_default_upload)

    @property
    def object_key(self) -> str:
        return self.key or self.source.name


def _check_choices(inputs: VmImportInputs) -> None:
    if inputs.boot_mode not in BOOT_MODES:
        raise ValidationError(
            "boot_mode",
            f"'{inputs.boot_mode}' is not a boot mode.",
            "Choose legacy-bios, uefi or uefi-preferred, or leave it to VM Import.",
        )
    if inputs.license_type not in LICENSE_TYPES:
        raise ValidationError(
            "license_type",
            f"'{inputs.license_type}' is not a license type.",
            "Choose AWS (licence included) or BYOL (your own licence).",
        )
    if len(inputs.description) > 255:
        raise ValidationError("description", "The description is longer than 255 characters.")


class VmImportFlow(Flow[VmImportInputs, VmImportResult]):
    """Given apart, as to ``UploadFlow``: journals, the upload's control, a per-part sink;
    ``first_delay``: seconds before the first look at the task (AWS needs minutes)."""

    key = "vm-import"

    def __init__(
        self,
        inputs: VmImportInputs,
        *,
        journals: JournalStore | None = None,
        control: UploadControl | None = None,
        transfer_sink: TransferSink | None = None,
        first_delay: float = 5.0,
    ) -> None:
        super().__init__(inputs)
        self.uploader = UploadFlow(
            UploadInputs(inputs.source, inputs.bucket, inputs.object_key, inputs.upload),
            journals=journals,
            control=control,
            transfer_sink=transfer_sink,
        )
        self._first_delay = first_delay

    def check(self) -> ImageReport:
        """The image checked from its bytes; ImageRefused (field ``file``) when it would fail."""
        return check_image(self.inputs.source, self.inputs.format)

    def problems(self) -> dict[str, str]:
        found = all_problems(
            self.check,
            lambda: validate_bucket_name(self.inputs.bucket),
            lambda: _check_choices(self.inputs),
        )
        for field_name, message in self.uploader.problems().items():
            found.setdefault(field_name, message)
        return found

    def request(self, report: ImageReport | None = None) -> ImportRequest:
        inputs = self.inputs
        image_format = (report or self.check()).format
        return ImportRequest(
            inputs.bucket,
            inputs.object_key,
            image_format,
            client_token(inputs.source, inputs.bucket, inputs.object_key, image_format),
            inputs.description,
            inputs.boot_mode,
            inputs.license_type,
            inputs.kms_key_id,
        )

    def plan(self) -> list[PlannedCall]:
        bucket, region = self.inputs.bucket, self.inputs.region
        create = PlannedCall(
            _create_bucket_call(bucket, region), f"Only if there is no bucket {bucket} yet:"
        )
        started = PlannedCall(
            import_image_call(self.request()),
            "Unless this image's import was started before (then it is followed instead):",
        )
        return [create, *role_plan(bucket, region), *self.uploader.plan(), started]

    def cancel_call(self, task_id: str) -> PlannedCall:
        return PlannedCall(cancel_import_call(task_id), "If you press Cancel import:")

    async def cancel(self, ctx: FlowContext, task_id: str) -> None:
        """Ask AWS to stop the import (it ends ``deleted``; nothing is left to delete)."""
        await ctx.door.run(cancel_import_call(task_id))

    async def run(self, ctx: FlowContext) -> VmImportResult:
        inputs = self.inputs
        report = self.check()
        ctx.report.note(report.summary())
        for note in report.notes:
            ctx.report.note(note)
        await ensure_image_bucket(ctx, inputs.bucket)
        role = await ensure_vmimport_role(
            ctx, inputs.bucket, inputs.object_key, update_role=inputs.update_role
        )
        if not role.usable:
            raise role_error(role, CONSENT_HINT)
        await self.uploader.run(ctx)
        request = self.request(report)
        task_id = await _start_import(ctx, request, role_is_new=role.changed)
        task = await watch_task(ctx, task_id, first_delay=self._first_delay)
        return await _finish(ctx, result_of(task, request.format), request)


def _create_bucket_call(bucket: str, region: str) -> AwsCall[Any]:
    return aws_call(S3.create_bucket, **create_bucket_params(bucket, region))


async def ensure_image_bucket(ctx: FlowContext, bucket: str) -> None:
    """The bucket in the import's region (VM Import reads only from there); made if missing."""
    try:
        found = await ctx.door.call(S3.get_bucket_location, Bucket=bucket)
    except NotFound:
        await create_bucket(ctx, bucket)
        return
    region = found.get("LocationConstraint") or "us-east-1"
    region = "eu-west-1" if region == "EU" else region
    if region != ctx.region:
        raise ValidationError(
            "bucket",
            f"The bucket {bucket} is in {region}, but the import runs in {ctx.region}; VM "
            "Import reads images only from a bucket in its own region.",
            f"Choose a bucket in {ctx.region}, or connect to {region} and import there.",
        )


def _attempts(ctx: FlowContext, scope: str, identity: str) -> list[LedgerEntry]:
    return [
        entry
        for entry in ctx.ledger.entries(scope, include_deleted=True)
        if entry.kind is ResourceKind.IMPORT_TASK and entry.details.get("identity") == identity
    ]


async def _start_import(ctx: FlowContext, request: ImportRequest, *, role_is_new: bool) -> str:
    """The task for this image: the one started before when it still runs or completed,
    else a new one (a failed or cancelled import is started again, with a new token)."""
    identity = request.token
    earlier = _attempts(ctx, await ctx.scope(), identity)
    if earlier:
        last = earlier[-1]
        if last.pending:  # the answer never came: the same token gets the same task
            request = replace(request, token=last.details["client_token"])
        else:
            task = await _latest(ctx, last.resource_id)
            if task not in ("deleted", "deleting"):
                ctx.report.note(f"Following the import started before: {last.resource_id}.")
                return last.resource_id
            request = replace(request, token=f"{identity}-{len(earlier) + 1}")
    call = import_image_call(request)
    details = {"identity": identity, "client_token": request.token, "bucket": request.bucket}
    answer = await ctx.create(
        ResourceKind.IMPORT_TASK,
        request.token,
        lambda: _while_role_spreads(ctx, lambda: ctx.door.run(call), role_is_new),
        lambda started: Created(str(started["ImportTaskId"]), details={**details}),
        details={**details, "key": request.key},
    )
    return str(answer["ImportTaskId"])


async def _latest(ctx: FlowContext, task_id: str) -> str:
    try:
        found = await ctx.door.call(EC2.describe_import_image_tasks, ImportTaskIds=[task_id])
    except NotFound:
        return "deleted"  # AWS forgets finished tasks after a while
    tasks = found.get("ImportImageTasks", [])
    return str(tasks[0].get("Status", "deleted")) if tasks else "deleted"


async def _while_role_spreads(
    ctx: FlowContext, start: Callable[[], Awaitable[Any]], role_is_new: bool
) -> Any:
    """A role made or widened moments ago takes a while to reach VM Import: try again."""
    delay = 5.0
    for attempt in range(6):
        try:
            return await start()
        except MigrationAssistantError as error:
            if not role_is_new or "service role" not in error.message.lower() or attempt == 5:
                raise
            ctx.report.note(
                f"VM Import does not see the new role vmimport yet; trying again in {delay:.0f} s."
            )
            await ctx.clock.sleep(delay)
            delay *= 2
    raise AssertionError("unreachable")  # pragma: no cover


async def _finish(
    ctx: FlowContext, result: VmImportResult, request: ImportRequest
) -> VmImportResult:
    """Record what the import made; the launch hint, or the other route for a failure."""
    if result.completed:
        details = {
            "import_task_id": result.import_task_id,
            "snapshots": ",".join(result.snapshot_ids),
        }
        await ctx.record(ResourceKind.EC2_IMAGE, result.image_id, details=details)
        for snapshot in result.snapshot_ids:
            await ctx.record(
                ResourceKind.EBS_SNAPSHOT, snapshot, details={"image_id": result.image_id}
            )
        return replace(result, launch=ctx.door.cli(launch_call(result.image_id)))
    if result.failure is not None and result.failure.snapshot_route:
        calls = snapshot_route(request.bucket, request.key, request.format, request.description)
        return replace(result, other_route=tuple(ctx.door.cli(call) for call in calls))
    return result
