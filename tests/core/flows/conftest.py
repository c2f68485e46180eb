"""Fixtures for the flow tests: an in-process moto door, a ledger, a fake clock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from moto import mock_aws

from core.aws import AwsDoor, Connection
from core.events import RecordingSink
from core.flows.context import FlowContext
from core.ledger import Ledger
from core.settings import ConnectionMode
from tests.fixtures.clock import FakeClock


@pytest.fixture
def moto_door() -> Iterator[AwsDoor]:
    """A Sandbox-mode door whose calls land in moto (``mock_aws``), managed policies loaded."""
    with mock_aws(config={"iam": {"load_aws_managed_policies": True}}):
        yield AwsDoor(Connection(mode=ConnectionMode.SANDBOX, region="us-east-1"))


@pytest.fixture
def ledger(tmp_path: Path) -> Ledger:
    return Ledger(tmp_path / "ledger.json")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sink() -> RecordingSink:
    return RecordingSink()


@pytest.fixture
def moto_ctx(
    moto_door: AwsDoor, ledger: Ledger, clock: FakeClock, sink: RecordingSink
) -> FlowContext:
    return FlowContext(moto_door, ledger, sink=sink, clock=clock)


@pytest.fixture
def sandbox_ctx(
    sandbox_door: AwsDoor, ledger: Ledger, clock: FakeClock, sink: RecordingSink
) -> FlowContext:
    """A flow context on the Sandbox server (pace 0: each describe shows the next stage)."""
    return FlowContext(sandbox_door, ledger, sink=sink, clock=clock)


@pytest.fixture
def offline_ctx(ledger: Ledger, clock: FakeClock, sink: RecordingSink) -> FlowContext:
    """A context whose door leads nowhere: for input refused before any AWS call (a call
    would fail, and ``door.records`` would show it)."""
    door = AwsDoor(
        Connection(
            mode=ConnectionMode.SANDBOX, region="us-east-1", endpoint_url="http://127.0.0.1:9"
        )
    )
    return FlowContext(door, ledger, sink=sink, clock=clock)
