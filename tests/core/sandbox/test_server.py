"""The Sandbox server itself: where it listens, reset, IAM managed policies, and that its
handlers leave plain moto (mock_aws) alone."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from core.aws import AwsDoor
from core.sandbox.server import SandboxServer


def test_listens_on_loopback_and_a_free_port(sandbox: SandboxServer) -> None:
    url = urlsplit(sandbox.endpoint_url)
    assert (url.scheme, url.hostname) == ("http", "127.0.0.1")
    assert url.port and url.port > 0


def test_reset_forgets_every_resource(sandbox: SandboxServer, sandbox_door: AwsDoor) -> None:
    dms = sandbox_door.client("dms")
    dms.create_replication_instance(
        ReplicationInstanceIdentifier="gone-soon", ReplicationInstanceClass="dms.t3.micro"
    )
    sandbox_door.client("s3").create_bucket(Bucket="gone-soon")
    sandbox.fail_connection_tests(None, "boom")

    sandbox.reset()

    assert dms.describe_replication_instances()["ReplicationInstances"] == []
    assert sandbox_door.client("s3").list_buckets()["Buckets"] == []
    assert sandbox.pace == 0


def test_aws_managed_dms_policies_attach(sandbox_door: AwsDoor) -> None:
    iam = sandbox_door.client("iam")
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "dms.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    iam.create_role(RoleName="dms-vpc-role", AssumeRolePolicyDocument=json.dumps(trust))
    arn = "arn:aws:iam::aws:policy/service-role/AmazonDMSVPCManagementRole"
    iam.attach_role_policy(RoleName="dms-vpc-role", PolicyArn=arn)
    attached = iam.list_attached_role_policies(RoleName="dms-vpc-role")["AttachedPolicies"]
    assert [p["PolicyArn"] for p in attached] == [arn]


def test_managed_policies_start_unattached_after_reset(
    sandbox: SandboxServer, sandbox_door: AwsDoor
) -> None:
    arn = "arn:aws:iam::aws:policy/service-role/AmazonDMSCloudWatchLogsRole"
    iam = sandbox_door.client("iam")
    iam.create_role(RoleName="logs", AssumeRolePolicyDocument="{}")
    iam.attach_role_policy(RoleName="logs", PolicyArn=arn)
    assert iam.get_policy(PolicyArn=arn)["Policy"]["AttachmentCount"] == 1
    sandbox.reset()
    assert iam.get_policy(PolicyArn=arn)["Policy"]["AttachmentCount"] == 0


def test_mock_aws_in_the_same_process_sees_plain_moto(sandbox: SandboxServer) -> None:
    # Sandbox handlers answer only requests to the Sandbox; stock moto leaves a new
    # endpoint 'creating' and has no import_image.
    with mock_aws():
        dms = boto3.client("dms", region_name="us-east-1")
        endpoint = dms.create_endpoint(
            EndpointIdentifier="plain",
            EndpointType="source",
            EngineName="mysql",
            ServerName="h",
            Port=3306,
        )["Endpoint"]
        assert endpoint["Status"] == "creating"
        with pytest.raises(NotImplementedError):
            boto3.client("ec2", region_name="us-east-1").import_image(DiskContainers=[])


def test_context_manager_starts_and_stops() -> None:
    with SandboxServer(pace=0) as server:
        sts = boto3.client(
            "sts",
            endpoint_url=server.endpoint_url,
            region_name="us-east-1",
            aws_access_key_id="sandbox",
            aws_secret_access_key="sandbox",
        )
        assert sts.get_caller_identity()["Account"] == "123456789012"
    assert not server.running
    with pytest.raises(RuntimeError, match="not running"):
        _ = server.endpoint_url


def test_refuses_a_negative_pace(sandbox: SandboxServer) -> None:
    with pytest.raises(ValueError, match="zero or more"):
        sandbox.set_pace(-1)
    with pytest.raises(ValueError, match="zero or more"):
        SandboxServer(pace=-0.5)


def test_unknown_filter_is_refused_like_aws(sandbox_door: AwsDoor) -> None:
    with pytest.raises(ClientError, match="InvalidParameterValueException"):
        sandbox_door.client("dms").describe_endpoints(
            Filters=[{"Name": "no-such-filter", "Values": ["x"]}]
        )
