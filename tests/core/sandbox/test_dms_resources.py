"""DMS replication instances, endpoints and connection tests in the Sandbox."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from core.aws import AwsDoor
from core.sandbox.server import SandboxServer
from tests.fixtures.sandbox_dms import FAST, DmsSetup, create_endpoint


def instance_filter(arn: str) -> list[dict[str, object]]:
    return [{"Name": "replication-instance-arn", "Values": [arn]}]


def test_replication_instance_goes_creating_then_available(sandbox_door: AwsDoor) -> None:
    dms = sandbox_door.client("dms")
    created = dms.create_replication_instance(
        ReplicationInstanceIdentifier="rehearsal", ReplicationInstanceClass="dms.t3.micro"
    )["ReplicationInstance"]
    assert created["ReplicationInstanceStatus"] == "creating"
    arn = created["ReplicationInstanceArn"]

    statuses = [
        dms.describe_replication_instances(Filters=instance_filter(arn))["ReplicationInstances"][0][
            "ReplicationInstanceStatus"
        ]
        for _ in range(3)
    ]
    assert statuses == ["creating", "available", "available"]


def test_available_instance_has_public_and_private_ip(dms_setup: DmsSetup) -> None:
    instance = dms_setup.dms.describe_replication_instances(
        Filters=instance_filter(dms_setup.instance_arn)
    )["ReplicationInstances"][0]
    assert instance["ReplicationInstanceStatus"] == "available"
    assert instance["ReplicationInstancePublicIpAddress"]
    assert instance["ReplicationInstancePrivateIpAddress"]


def test_instance_deleted_waiter_finishes_on_resource_not_found(dms_setup: DmsSetup) -> None:
    dms = dms_setup.dms
    deleted = dms.delete_replication_instance(ReplicationInstanceArn=dms_setup.instance_arn)
    assert deleted["ReplicationInstance"]["ReplicationInstanceStatus"] == "deleting"

    dms.get_waiter("replication_instance_deleted").wait(
        Filters=instance_filter(dms_setup.instance_arn), WaiterConfig=FAST
    )
    with pytest.raises(ClientError) as caught:
        dms.describe_replication_instances(Filters=instance_filter(dms_setup.instance_arn))
    assert caught.value.response["Error"]["Code"] == "ResourceNotFoundFault"


def test_endpoint_is_active(dms_setup: DmsSetup) -> None:
    endpoints = dms_setup.dms.describe_endpoints(
        Filters=[{"Name": "endpoint-arn", "Values": [dms_setup.source_arn]}]
    )["Endpoints"]
    assert [e["Status"] for e in endpoints] == ["active"]
    assert "Password" not in endpoints[0]


def test_duplicate_endpoint_identifier_is_refused(dms_setup: DmsSetup) -> None:
    with pytest.raises(ClientError) as caught:
        create_endpoint(dms_setup.dms, "books-source", "source")
    assert caught.value.response["Error"]["Code"] == "ResourceAlreadyExistsFault"


def test_endpoint_deleted_waiter_finishes(dms_setup: DmsSetup) -> None:
    dms = dms_setup.dms
    dms.delete_endpoint(EndpointArn=dms_setup.source_arn)
    only_source = [{"Name": "endpoint-arn", "Values": [dms_setup.source_arn]}]
    dms.get_waiter("endpoint_deleted").wait(Filters=only_source, WaiterConfig=FAST)
    with pytest.raises(ClientError, match="ResourceNotFoundFault"):
        dms.describe_endpoints(Filters=only_source)
    remaining = dms.describe_endpoints()["Endpoints"]
    assert [e["EndpointIdentifier"] for e in remaining] == ["books-target"]


def connection_statuses(setup: DmsSetup, endpoint_arn: str) -> list[dict[str, str]]:
    connections: list[dict[str, str]] = setup.dms.describe_connections(
        Filters=[{"Name": "endpoint-arn", "Values": [endpoint_arn]}]
    )["Connections"]
    return connections


def test_connection_test_goes_testing_then_successful(dms_setup: DmsSetup) -> None:
    dms = dms_setup.dms
    started = dms.test_connection(
        ReplicationInstanceArn=dms_setup.instance_arn, EndpointArn=dms_setup.source_arn
    )
    assert started["Connection"]["Status"] == "testing"
    seen = [connection_statuses(dms_setup, dms_setup.source_arn)[0]["Status"] for _ in range(2)]
    assert seen == ["testing", "successful"]


def test_connection_succeeds_waiter_and_retest(dms_setup: DmsSetup) -> None:
    dms = dms_setup.dms
    waiter = dms.get_waiter("test_connection_succeeds")
    only_source = [{"Name": "endpoint-arn", "Values": [dms_setup.source_arn]}]
    for _ in range(2):  # stock moto crashes on the second test of the same pair
        dms.test_connection(
            ReplicationInstanceArn=dms_setup.instance_arn, EndpointArn=dms_setup.source_arn
        )
        waiter.wait(Filters=only_source, WaiterConfig=FAST)
    assert len(connection_statuses(dms_setup, dms_setup.source_arn)) == 1


def test_connection_test_can_be_made_to_fail_then_pass_on_retest(
    sandbox: SandboxServer, dms_setup: DmsSetup
) -> None:
    dms = dms_setup.dms
    sandbox.fail_connection_tests(dms_setup.source_arn, "Can't connect to MySQL server")
    dms.test_connection(
        ReplicationInstanceArn=dms_setup.instance_arn, EndpointArn=dms_setup.source_arn
    )
    waiter = dms.get_waiter("test_connection_succeeds")
    only_source = [{"Name": "endpoint-arn", "Values": [dms_setup.source_arn]}]
    with pytest.raises(Exception, match="Waiter encountered a terminal failure state"):
        waiter.wait(Filters=only_source, WaiterConfig=FAST)
    failed = connection_statuses(dms_setup, dms_setup.source_arn)[0]
    assert failed["Status"] == "failed"
    assert failed["LastFailureMessage"] == "Can't connect to MySQL server"

    # Other endpoints are unaffected; once cleared, a retest of the same pair succeeds.
    dms.test_connection(
        ReplicationInstanceArn=dms_setup.instance_arn, EndpointArn=dms_setup.target_arn
    )
    waiter.wait(
        Filters=[{"Name": "endpoint-arn", "Values": [dms_setup.target_arn]}], WaiterConfig=FAST
    )
    sandbox.clear_connection_failures()
    dms.test_connection(
        ReplicationInstanceArn=dms_setup.instance_arn, EndpointArn=dms_setup.source_arn
    )
    waiter.wait(Filters=only_source, WaiterConfig=FAST)
    assert connection_statuses(dms_setup, dms_setup.source_arn)[0]["LastFailureMessage"] == ""


def test_failing_every_endpoint(sandbox: SandboxServer, dms_setup: DmsSetup) -> None:
    sandbox.fail_connection_tests(None, "Network timeout")
    for endpoint_arn in (dms_setup.source_arn, dms_setup.target_arn):
        dms_setup.dms.test_connection(
            ReplicationInstanceArn=dms_setup.instance_arn, EndpointArn=endpoint_arn
        )
        statuses = [connection_statuses(dms_setup, endpoint_arn)[0] for _ in range(2)]
        assert statuses[-1]["Status"] == "failed"
        assert statuses[-1]["LastFailureMessage"] == "Network timeout"


def test_connection_test_of_unknown_endpoint_is_not_found(dms_setup: DmsSetup) -> None:
    with pytest.raises(ClientError, match="ResourceNotFoundFault"):
        dms_setup.dms.test_connection(
            ReplicationInstanceArn=dms_setup.instance_arn,
            EndpointArn="arn:aws:dms:us-east-1:123456789012:endpoint:NOPE",
        )
