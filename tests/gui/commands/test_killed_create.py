"""kill -9 while AWS creates a billed resource, then start again: it is listed with its id."""

from __future__ import annotations

import json
import signal
import subprocess
import sys

import pytest

from core.ledger import EntryState, Ledger, ResourceKind
from core.paths import AppPaths
from core.sandbox.server import SandboxServer
from tests.fixtures import killed_create


def _kill_mid_create(sandbox: SandboxServer, what: str) -> None:
    with subprocess.Popen(
        [sys.executable, "-m", "tests.fixtures.killed_create", sandbox.endpoint_url, what],
        stdout=subprocess.PIPE,
        text=True,
    ) as child:
        try:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "answered"
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL


_KILLED = {
    "rds": (ResourceKind.RDS_INSTANCE, killed_create.DATABASE, "arn:aws:rds:"),
    "replication-instance": (
        ResourceKind.REPLICATION_INSTANCE,
        killed_create.REPLICATION_INSTANCE,
        "arn:aws:dms:",
    ),
}


@pytest.mark.parametrize("what", sorted(_KILLED))
def test_a_resource_whose_creator_was_killed_is_listed_with_its_id_at_the_next_start(
    sandbox: SandboxServer, app_paths: AppPaths, what: str
) -> None:
    kind, name, arn_prefix = _KILLED[what]
    _kill_mid_create(sandbox, what)
    (left,) = [e for e in Ledger(app_paths.ledger_file).entries() if e.kind is kind]
    assert (left.resource_id, left.state, left.arn) == (name, EntryState.CREATING, "")

    command = ["list", "--endpoint-url", sandbox.endpoint_url]
    listed = subprocess.run(
        [sys.executable, "-m", "gui.commands.resources", *command],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )

    lines = [json.loads(line) for line in listed.stdout.splitlines()]
    (line,) = [line for line in lines if line["kind"] == kind.value]
    assert line["resource_id"] == name
    assert line["state"] == EntryState.CREATED.value
    assert line["arn"].startswith(arn_prefix)
    assert "is listed with its id" in listed.stderr
    (confirmed,) = [e for e in Ledger(app_paths.ledger_file).entries() if e.kind is kind]
    assert confirmed.arn == line["arn"]
