"""``migration-assistant vm-import`` in the Sandbox: a JSON result line and exit codes."""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from core.aws import AwsDoor
from core.flows.vm_import_role import ROLE_NAME, vmimport_trust_policy
from core.paths import AppPaths
from core.sandbox.server import SandboxServer
from gui.commands import resources, vm_import
from tests.fixtures import vm_images

BUCKET = "vm-images"


@dataclass
class Cli:
    """The commands run in this process against the Sandbox, their output captured."""

    sandbox: SandboxServer
    door: AwsDoor
    folder: Path
    capsys: pytest.CaptureFixture[str]

    def run(self, *argv: str) -> int:
        parser = argparse.ArgumentParser(prog="migration-assistant")
        commands = parser.add_subparsers()
        vm_import.add_parser(commands)
        resources.add_parser(commands)
        connection = ["--endpoint-url", self.sandbox.endpoint_url, "--region", "us-east-1"]
        args = parser.parse_args([*argv, *connection])
        code: int = args.run(args)
        return code

    def vm_import(self, image: Path, *options: str) -> tuple[int, dict[str, Any], str]:
        """Exit code, the JSON result line, stderr."""
        code = self.run(
            "vm-import", str(image), "--bucket", BUCKET, "--json", "--poll-interval", "0", *options
        )
        out, err = self.capsys.readouterr()
        lines = out.strip().splitlines()
        return code, json.loads(lines[-1]) if lines else {}, err


@pytest.fixture
def cli(
    sandbox: SandboxServer,
    sandbox_door: AwsDoor,
    app_paths: AppPaths,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> Cli:
    return Cli(sandbox, sandbox_door, tmp_path, capsys)


def test_an_ova_is_imported_end_to_end(cli: Cli) -> None:
    image = vm_images.ova(cli.folder / "web01.ova")

    code, result, err = cli.vm_import(image, "--description", "web01")

    assert code == 0, err
    assert (result["status"], result["format"]) == ("completed", "ova")
    assert result["import_task_id"].startswith("import-ami-")
    assert result["image_id"].startswith("ami-") and len(result["snapshot_ids"]) == 1
    assert result["launch"].startswith("aws ec2 run-instances --image-id ami-")
    assert "an OVA with 1 disk(s)" in err and "was shut down cleanly" in err
    assert "validating" in err and "import: 53%" in err
    ec2 = cli.door.client("ec2")
    assert ec2.describe_images(ImageIds=[result["image_id"]])["Images"]

    again, second, err = cli.vm_import(image, "--description", "web01")

    assert again == 0
    assert second["import_task_id"] == result["import_task_id"]
    assert "Following the import started before" in err
    assert len(ec2.describe_import_image_tasks()["ImportImageTasks"]) == 1

    removed = cli.run("resources", "teardown", "--yes")

    assert removed == 0, cli.capsys.readouterr().err
    assert ec2.describe_images(Owners=["self"])["Images"] == []
    left = {item["SnapshotId"] for item in ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"]}
    assert left.isdisjoint(result["snapshot_ids"])


def test_a_failed_import_exits_1_with_its_cause_and_fix(cli: Cli) -> None:
    cli.sandbox.fail_imports("ClientError: Footers not identical")

    code, result, err = cli.vm_import(vm_images.dynamic_vhd(cli.folder / "web01.vhd"))

    assert code == 1
    assert (result["status"], result["image_id"]) == ("deleted", None)
    assert "two footers differ" in result["cause"]
    assert "Copy the VHD again" in result["fix"]
    assert err.strip().splitlines()[-1].startswith("The import failed: The VHD's two footers")


def test_a_file_that_is_no_disk_image_exits_2_before_any_call(cli: Cli) -> None:
    code, result, err = cli.vm_import(vm_images.sparse_vmdk(cli.folder / "web01.vmdk"))

    assert code == 2
    assert "monolithicSparse VMDK" in result["error"] and "qemu-img" in result["fix"]
    assert "stream-optimized" in err
    assert cli.door.client("s3").list_buckets()["Buckets"] == []


def test_a_role_without_the_bucket_is_widened_only_with_update_role(cli: Cli) -> None:
    iam = cli.door.client("iam")
    iam.create_role(
        RoleName=ROLE_NAME, AssumeRolePolicyDocument=json.dumps(vmimport_trust_policy())
    )
    image = vm_images.vhdx(cli.folder / "web01.vhdx")

    refused, _, err = cli.vm_import(image)

    assert refused == 1
    assert "may not s3:GetBucketLocation" in err and "--update-role" in err
    assert iam.list_role_policies(RoleName=ROLE_NAME)["PolicyNames"] == []

    allowed, result, _ = cli.vm_import(image, "--update-role")

    assert (allowed, result["format"]) == (0, "vhdx")
    assert iam.list_role_policies(RoleName=ROLE_NAME)["PolicyNames"] == ["vmimport-vm-images"]
