"""Move a virtual machine: check, role, upload, import-image and its task, in the Sandbox."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from core.aws import AwsDoor, Connection
from core.errors import AwsError, ValidationError
from core.events import Event, Note, RecordingSink, StatusChanged
from core.flows.context import FlowContext
from core.flows.shape import render_plan
from core.flows.teardown import teardown
from core.flows.teardown_calls import TeardownOptions, teardown_plan
from core.flows.vm_export import VmExportFlow, VmExportInputs
from core.flows.vm_import import VmImportFlow, VmImportInputs
from core.flows.vm_import_failures import snapshot_route
from core.flows.vm_import_role import ROLE_NAME, vmimport_trust_policy
from core.flows.vm_import_task import launch_call
from core.ledger import Ledger, LedgerEntry, ResourceKind
from core.sandbox.server import SandboxServer
from core.settings import ConnectionMode
from core.vm_image import DiskFormat
from tests.fixtures import vm_images
from tests.fixtures.aws_cli import parses_all
from tests.fixtures.plans import account_changes, assert_review_is_what_was_done, commands

BUCKET = "vm-images"


def _flow(source: Path, **choices: object) -> VmImportFlow:
    return VmImportFlow(VmImportInputs(source, BUCKET, **choices), first_delay=1)  # type: ignore[arg-type]


def _operations(ctx: FlowContext, name: str) -> int:
    return sum(1 for record in ctx.door.records if record.operation == name)


async def _stop_at(flow: VmImportFlow, ctx: FlowContext, status: str) -> None:
    """Run ``flow`` and cancel it when the import reaches ``status`` (a window closed, the
    process stopped): the import goes on in AWS."""
    running: list[asyncio.Future[object]] = []

    def stop(event: Event, /) -> None:
        if isinstance(event, StatusChanged) and event.status == status:
            running[0].cancel()

    stopping = FlowContext(ctx.door, ctx.ledger, stop, ctx.clock)
    running.append(asyncio.ensure_future(flow.run(stopping)))
    with pytest.raises(asyncio.CancelledError):
        await running[0]


async def test_an_ova_becomes_an_ami_as_the_review_shows(
    sandbox_ctx: FlowContext, tmp_path: Path
) -> None:
    flow = _flow(vm_images.ova(tmp_path / "web01.ova"), description="web01")
    assert flow.problems() == {}
    reviewed = commands(render_plan(sandbox_ctx.door, flow.plan()))

    result = await flow.run(sandbox_ctx)

    assert result.completed, result
    assert (result.status, result.format) == ("completed", DiskFormat.OVA)
    assert result.image_id.startswith("ami-") and len(result.snapshot_ids) == 1
    assert result.launch.startswith(f"aws ec2 run-instances --image-id {result.image_id}")
    assert_review_is_what_was_done(reviewed, account_changes(sandbox_ctx.door))
    assert "--client-token ma-" in reviewed[-1] and '"Format":"OVA"' in reviewed[-1]
    kinds = {entry.kind for entry in sandbox_ctx.ledger.entries("sandbox")}
    assert kinds == {
        ResourceKind.S3_BUCKET,
        ResourceKind.IAM_ROLE,
        ResourceKind.S3_OBJECT,
        ResourceKind.IMPORT_TASK,
        ResourceKind.EC2_IMAGE,
        ResourceKind.EBS_SNAPSHOT,
    }
    ec2 = sandbox_ctx.door.client("ec2")
    assert [image["ImageId"] for image in ec2.describe_images(ImageIds=[result.image_id])["Images"]]
    assert isinstance(sandbox_ctx.sink, RecordingSink)
    stages = ["pending", "validating", "validated", "converting", "completed"]
    said = [event.status for event in sandbox_ctx.sink.of_type(StatusChanged)]
    assert [status for status in said if status in stages] == stages


async def test_a_failed_import_says_its_cause_and_offers_the_snapshot_route(
    sandbox_ctx: FlowContext, sandbox: SandboxServer, tmp_path: Path
) -> None:
    sandbox.fail_imports("ClientError: Unable to determine kernel version")

    result = await _flow(vm_images.stream_optimized_vmdk(tmp_path / "web01.vmdk")).run(sandbox_ctx)

    assert (result.status, result.completed) == ("deleted", False)
    assert result.failure is not None
    assert "could not find a kernel" in result.failure.cause
    assert result.failure.snapshot_route
    [snapshot, register] = result.other_route
    assert snapshot.startswith("aws ec2 import-snapshot") and '"Format":"VMDK"' in snapshot
    assert register.startswith("aws ec2 register-image")
    assert result.to_json()["cause"] == result.failure.cause
    kinds = {entry.kind for entry in sandbox_ctx.ledger.entries("sandbox")}
    assert ResourceKind.EC2_IMAGE not in kinds


async def test_an_interrupted_run_follows_its_import_instead_of_starting_another(
    sandbox_ctx: FlowContext, tmp_path: Path
) -> None:
    flow = _flow(vm_images.fixed_vhd(tmp_path / "web01.vhd"))
    await _stop_at(flow, sandbox_ctx, "validating")

    again = await flow.run(sandbox_ctx)

    assert again.completed
    assert _operations(sandbox_ctx, "import_image") == 1
    assert isinstance(sandbox_ctx.sink, RecordingSink)
    assert any(
        "Following the import started before" in note.text
        for note in sandbox_ctx.sink.of_type(Note)
    )


async def test_without_the_ledger_the_client_token_still_gets_the_same_task(
    sandbox_ctx: FlowContext, tmp_path: Path
) -> None:
    source = vm_images.dynamic_vhd(tmp_path / "web01.vhd")
    first = await _flow(source).run(sandbox_ctx)
    elsewhere = FlowContext(
        sandbox_ctx.door, Ledger(tmp_path / "other.json"), clock=sandbox_ctx.clock
    )

    second = await _flow(source).run(elsewhere)

    assert second.import_task_id == first.import_task_id
    listed = sandbox_ctx.door.client("ec2").describe_import_image_tasks()["ImportImageTasks"]
    assert len(listed) == 1


async def test_teardown_removes_the_ami_and_its_snapshots(
    sandbox_ctx: FlowContext, tmp_path: Path
) -> None:
    result = await _flow(vm_images.ova(tmp_path / "web01.ova")).run(sandbox_ctx)
    ec2 = sandbox_ctx.door.client("ec2")

    summary = await teardown(sandbox_ctx, TeardownOptions())

    assert summary.complete, summary.lines()
    assert ec2.describe_images(Owners=["self"])["Images"] == []
    left = {item["SnapshotId"] for item in ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"]}
    assert left.isdisjoint(result.snapshot_ids)
    kept = {item.entry.kind for item in summary.skipped}
    assert ResourceKind.S3_OBJECT in kept  # the image is the user's data
    s3 = sandbox_ctx.door.client("s3")
    assert s3.list_objects_v2(Bucket=BUCKET)["KeyCount"] == 1

    again = await teardown(sandbox_ctx, TeardownOptions(include_vm_images=True))

    assert [item.entry.kind for item in again.deleted] == [ResourceKind.S3_OBJECT]
    assert s3.list_objects_v2(Bucket=BUCKET)["KeyCount"] == 0


async def test_a_bucket_in_another_region_is_refused_before_the_upload(
    sandbox_ctx: FlowContext, tmp_path: Path
) -> None:
    sandbox_ctx.door.client("s3").create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    with pytest.raises(ValidationError, match="is in eu-west-1, but the import runs in us-east-1"):
        await _flow(vm_images.ova(tmp_path / "web01.ova")).run(sandbox_ctx)
    assert _operations(sandbox_ctx, "put_object") == 0


async def test_a_role_without_the_bucket_stops_the_flow_until_allowed(
    sandbox_ctx: FlowContext, tmp_path: Path
) -> None:
    sandbox_ctx.door.client("iam").create_role(
        RoleName=ROLE_NAME, AssumeRolePolicyDocument=json.dumps(vmimport_trust_policy())
    )
    source = vm_images.ova(tmp_path / "web01.ova")
    with pytest.raises(AwsError) as stopped:
        await _flow(source).run(sandbox_ctx)
    assert "--update-role" in stopped.value.fix
    assert _operations(sandbox_ctx, "put_object") == 0

    result = await _flow(source, update_role=True).run(sandbox_ctx)

    assert result.completed


async def test_cancel_stops_the_import(sandbox_ctx: FlowContext, tmp_path: Path) -> None:
    flow = _flow(vm_images.ova(tmp_path / "web01.ova"))
    await _stop_at(flow, sandbox_ctx, "pending")
    [task] = [
        e for e in sandbox_ctx.ledger.entries("sandbox") if e.kind is ResourceKind.IMPORT_TASK
    ]

    await flow.cancel(sandbox_ctx, task.resource_id)
    result = await flow.run(sandbox_ctx)  # the cancelled import is started again

    assert result.completed
    assert _operations(sandbox_ctx, "import_image") == 2


def test_problems_come_before_any_call(tmp_path: Path) -> None:
    flow = _flow(vm_images.random_file(tmp_path / "disk.bin"), boot_mode="bios")
    found = flow.problems()
    assert "its bytes match no OVA" in found["file"]
    assert "not a boot mode" in found["boot_mode"]
    bad_bucket = VmImportFlow(VmImportInputs(vm_images.ova(tmp_path / "a.ova"), "Bad_Bucket"))
    assert "not a valid bucket name" in bad_bucket.problems()["bucket"]


AMI = "ami-0123456789abcdef0"


def _made_by_vm_import() -> list[LedgerEntry]:
    made = [
        (ResourceKind.IMPORT_TASK, "import-ami-0123456789abcdef0", {}),
        (ResourceKind.EXPORT_TASK, "export-ami-0123456789abcdef0", {}),
        (ResourceKind.EC2_IMAGE, AMI, {}),
        (ResourceKind.EBS_SNAPSHOT, "snap-0123456789abcdef0", {}),
        (ResourceKind.S3_OBJECT, f"{BUCKET}/web01.ova", {"bucket": BUCKET, "key": "web01.ova"}),
    ]
    return [
        LedgerEntry(kind, name, "eu-west-1", "sandbox", "vm-import", details=details)
        for kind, name, details in made
    ]


def test_every_command_shown_parses_in_the_real_aws_cli(tmp_path: Path) -> None:
    door = AwsDoor(Connection(mode=ConnectionMode.PROFILE, region="eu-west-1"))
    flow = VmImportFlow(
        VmImportInputs(
            vm_images.ova(tmp_path / "web01.ova"),
            BUCKET,
            region="eu-west-1",
            boot_mode="uefi",
            license_type="BYOL",
            kms_key_id="alias/images",
            description="web01 from the old cluster",
        )
    )
    shown = [
        *commands(render_plan(door, flow.plan()[-1:])),  # the tour makes the rest of the plan
        *commands(render_plan(door, [flow.cancel_call("import-ami-0123456789abcdef0")])),
        *(door.cli(call) for call in snapshot_route(BUCKET, "web01.ova", DiskFormat.OVA, "")),
        door.cli(launch_call("ami-0123456789abcdef0")),
        *commands(
            render_plan(
                door, VmExportFlow(VmExportInputs(AMI, BUCKET, region="eu-west-1")).plan()[-1:]
            )
        ),
        *commands(
            render_plan(
                door, teardown_plan(_made_by_vm_import(), TeardownOptions(include_vm_images=True))
            )
        ),
    ]
    problems = parses_all(shown, tmp_path)
    assert problems == [], "\n\n".join(problems)
