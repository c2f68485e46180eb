"""Fixtures of the Sandbox tests: a ready DMS setup (the helpers are in
``tests/fixtures/sandbox_dms.py``)."""

from __future__ import annotations

import pytest

from core.aws import AwsDoor
from tests.fixtures.sandbox_dms import FAST, DmsSetup, create_endpoint


@pytest.fixture
def dms_setup(sandbox_door: AwsDoor) -> DmsSetup:
    """A replication instance (waited until available) with a source and a target endpoint."""
    dms = sandbox_door.client("dms")
    instance = dms.create_replication_instance(
        ReplicationInstanceIdentifier="rehearsal", ReplicationInstanceClass="dms.t3.micro"
    )["ReplicationInstance"]
    arn = instance["ReplicationInstanceArn"]
    dms.get_waiter("replication_instance_available").wait(
        Filters=[{"Name": "replication-instance-arn", "Values": [arn]}], WaiterConfig=FAST
    )
    return DmsSetup(
        dms=dms,
        instance_arn=arn,
        source_arn=create_endpoint(dms, "books-source", "source"),
        target_arn=create_endpoint(dms, "books-target", "target"),
    )
