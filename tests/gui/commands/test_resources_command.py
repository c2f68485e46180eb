"""``migration-assistant resources list|teardown`` against the Sandbox."""

from __future__ import annotations

import argparse
import asyncio
import json

import pytest

from core.aws import AwsDoor
from core.credentials import InMemoryStore
from core.flows.context import FlowContext
from core.ledger import Ledger, ResourceKind
from core.paths import AppPaths
from core.sandbox.server import SandboxServer
from gui.commands import resources
from tests.fixtures.chain import build_all
from tests.fixtures.clock import FakeClock
from tests.fixtures.fake_sts import MFA_SERIAL, FakeSts, MfaProfiles


def _parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="migration-assistant")
    resources.add_parser(parser.add_subparsers())
    return parser.parse_args(["resources", *argv])


def _lines(text: str) -> list[dict[str, str]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture
def built(sandbox_door: AwsDoor, app_paths: AppPaths) -> None:
    ctx = FlowContext(sandbox_door, Ledger(app_paths.ledger_file), clock=FakeClock())
    asyncio.run(build_all(ctx, InMemoryStore()))


def test_list_prints_one_json_object_per_resource_with_status(
    built: None, sandbox: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code = resources.run(_parse("list", "--endpoint-url", sandbox.endpoint_url))

    assert code == 0
    lines = _lines(capsys.readouterr().out)
    kinds = [line["kind"] for line in lines]
    assert kinds.count(ResourceKind.DMS_ENDPOINT.value) == 2
    assert ResourceKind.RDS_INSTANCE.value in kinds
    db = next(line for line in lines if line["kind"] == ResourceKind.RDS_INSTANCE.value)
    assert db["resource_id"] == "books-db"
    assert db["status"] == "available"
    assert db["scope"] == "sandbox"
    assert "Target-secret1" not in json.dumps(lines)


def test_teardown_needs_yes_and_then_removes_everything(
    built: None, sandbox: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    refused = resources.run(_parse("teardown", "--endpoint-url", sandbox.endpoint_url))
    output = capsys.readouterr()
    assert refused == 2
    assert output.out == ""
    assert output.err.strip().splitlines()[-1] == (
        "Nothing was deleted: 10 resources are listed. Run again with --yes to delete them."
    )

    code = resources.run(
        _parse("teardown", "--yes", "--include-iam-roles", "--endpoint-url", sandbox.endpoint_url)
    )

    output = capsys.readouterr()
    assert code == 0, output.err
    results = _lines(output.out)
    assert {line["result"] for line in results} == {"deleted"}
    assert [line["kind"] for line in results][:3] == [
        ResourceKind.DMS_ENDPOINT.value,
        ResourceKind.DMS_ENDPOINT.value,
        ResourceKind.REPLICATION_INSTANCE.value,
    ]
    assert output.err.strip().splitlines()[-1] == "Deleted 10 resources."

    assert resources.run(_parse("list", "--endpoint-url", sandbox.endpoint_url)) == 0
    assert capsys.readouterr().out == ""


def test_teardown_with_nothing_listed_succeeds(
    sandbox: SandboxServer, app_paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert resources.run(_parse("teardown", "--endpoint-url", sandbox.endpoint_url)) == 0
    output = capsys.readouterr()
    assert output.out == ""
    assert output.err.strip() == (
        "Nothing to delete: the ledger lists no resources for this connection."
    )


def test_a_profile_that_needs_an_mfa_code_fails_plainly_without_a_prompt(
    mfa_profiles: MfaProfiles,
    fake_sts: FakeSts,
    app_paths: AppPaths,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = resources.run(_parse("list", "--profile", "deploy"))

    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert code != 0
    assert last.startswith(f"The AWS profile 'deploy' needs an MFA code (device {MFA_SERIAL})")
    assert "aws sts assume-role --profile ana --role-arn" in last
    assert fake_sts.codes == []
