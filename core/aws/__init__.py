"""The one door to AWS: only this package (and the Sandbox) import boto3."""

from core.aws.calls import CLOUDWATCH, DMS, EC2, IAM, RDS, S3, STS, AwsCall, Operation, aws_call
from core.aws.cli import render_cli
from core.aws.connection import SANDBOX_ACCOUNT_ID, Connection, make_session
from core.aws.door import AwsDoor, CallRecord, CallState
from core.aws.error_mapping import map_aws_error
from core.aws.polling import Clock, RealClock, poll_until
from core.aws.streams import body_chunks

__all__ = [
    "CLOUDWATCH",
    "DMS",
    "EC2",
    "IAM",
    "RDS",
    "S3",
    "SANDBOX_ACCOUNT_ID",
    "STS",
    "AwsCall",
    "AwsDoor",
    "CallRecord",
    "CallState",
    "Clock",
    "Connection",
    "Operation",
    "RealClock",
    "aws_call",
    "body_chunks",
    "make_session",
    "map_aws_error",
    "poll_until",
    "render_cli",
]
