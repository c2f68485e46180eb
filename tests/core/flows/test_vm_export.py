"""The way back: an imported AMI exported to S3 as a disk image, in the Sandbox."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from core.errors import AwsError
from core.flows.context import FlowContext
from core.flows.shape import render_plan
from core.flows.teardown import teardown
from core.flows.teardown_calls import TeardownOptions
from core.flows.vm_export import VmExportFlow, VmExportInputs
from core.flows.vm_import import VmImportFlow, VmImportInputs
from core.ledger import ResourceKind
from core.vm_image import DiskFormat, check_image
from tests.fixtures import vm_images
from tests.fixtures.plans import account_changes, assert_review_is_what_was_done, commands


async def _imported(ctx: FlowContext, tmp_path: Path) -> str:
    flow = VmImportFlow(VmImportInputs(vm_images.ova(tmp_path / "web01.ova"), "vm-images"))
    result = await flow.run(ctx)
    assert result.completed
    return result.image_id


async def test_an_ami_is_exported_as_the_review_shows(
    sandbox_ctx: FlowContext, tmp_path: Path
) -> None:
    image_id = await _imported(sandbox_ctx, tmp_path)
    inputs = VmExportInputs(image_id, "vm-exports", update_role=True)
    flow = VmExportFlow(inputs, first_delay=1)
    assert flow.problems() == {}
    create_role, *reviewed = commands(render_plan(sandbox_ctx.door, flow.plan()))
    assert create_role.startswith("aws iam create-role")  # skipped: the import made it
    before = len(sandbox_ctx.door.records)

    result = await flow.run(sandbox_ctx)

    assert result.completed, result
    assert result.key == f"exports/{result.export_task_id}.vmdk"
    made = [
        cli
        for cli in account_changes(sandbox_ctx.door, before)
        if not cli.startswith("aws s3api create-bucket")  # the bucket was new
    ]
    assert_review_is_what_was_done(reviewed, made)
    body = sandbox_ctx.door.client("s3").get_object(Bucket="vm-exports", Key=result.key)
    written = tmp_path / "exported.vmdk"
    written.write_bytes(body["Body"].read())
    assert check_image(written).format is DiskFormat.VMDK  # what VM Export writes

    again = await flow.run(sandbox_ctx)

    assert again.export_task_id == result.export_task_id
    listed = sandbox_ctx.door.client("ec2").describe_export_image_tasks()["ExportImageTasks"]
    assert len(listed) == 1
    entries = {entry.kind for entry in sandbox_ctx.ledger.entries("sandbox")}
    assert ResourceKind.EXPORT_TASK in entries


async def test_the_role_writes_to_a_bucket_only_with_consent(
    sandbox_ctx: FlowContext, tmp_path: Path
) -> None:
    sandbox_ctx.wizard = "vm-import"  # as the wizard's and the command's contexts say
    image_id = await _imported(sandbox_ctx, tmp_path)  # the role can read vm-images only
    inputs = VmExportInputs(image_id, "vm-images", disk_format="RAW")

    with pytest.raises(AwsError) as stopped:
        await VmExportFlow(inputs).run(sandbox_ctx)
    assert "s3:PutObject" in stopped.value.message and "--update-role" in stopped.value.fix

    result = await VmExportFlow(replace(inputs, update_role=True), first_delay=0).run(sandbox_ctx)

    assert result.completed and result.key.endswith(".raw")
    summary = await teardown(sandbox_ctx, TeardownOptions(include_vm_images=True))
    assert summary.complete, summary.lines()
    left = sandbox_ctx.door.client("s3").list_objects_v2(Bucket="vm-images").get("KeyCount")
    assert left == 0  # the uploaded image and the export, both asked for


def test_problems_before_any_call() -> None:
    flow = VmExportFlow(VmExportInputs("image-1", "vm-exports", disk_format="QCOW2", prefix="/x"))
    found = flow.problems()
    assert set(found) == {"image_id"}  # the first check stops at the first bad field
    ok = VmExportFlow(VmExportInputs("ami-0123456789abcdef0", "vm-exports", disk_format="OVA"))
    assert "Choose VMDK, VHD or RAW" in ok.problems()["disk_format"]
