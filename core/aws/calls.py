"""Typed AWS calls: ``aws_call(RDS.create_db_instance, DBInstanceIdentifier=...)``.

``RDS``, ``DMS``, ``EC2``, ``IAM``, ``S3``, ``STS`` and ``CLOUDWATCH`` stand for the
services' boto3 clients as the installed boto3-stubs type them, so mypy checks every
parameter name, value type and response key of a call. At run time they are only names:
``RDS.create_db_instance`` is an ``Operation`` (service and method name), and the door
makes the real call on a worker thread. One ``AwsCall`` is both what a review page renders
as an ``aws`` command and what the flow runs, so the two cannot differ.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, TypeVar, cast

from core.aws.cli import FileBody

if TYPE_CHECKING:
    from mypy_boto3_cloudwatch import CloudWatchClient
    from mypy_boto3_dms import DatabaseMigrationServiceClient
    from mypy_boto3_ec2 import EC2Client
    from mypy_boto3_iam import IAMClient
    from mypy_boto3_rds import RDSClient
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_sts import STSClient

__all__ = [
    "CLOUDWATCH",
    "DMS",
    "EC2",
    "IAM",
    "RDS",
    "S3",
    "STS",
    "AwsCall",
    "Operation",
    "aws_call",
    "operation",
]

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class Operation:
    """One operation of one service, by its boto3 names (``rds``, ``create_db_instance``)."""

    service: str
    name: str

    def __call__(self, *_: Any, **__: Any) -> Any:
        raise TypeError(
            f"{self.service}.{self.name} is a name, not a client: "
            f"use door.call({self.service.upper()}.{self.name}, ...)"
        )


class _Service:
    def __init__(self, service: str) -> None:
        self._service = service

    def __getattr__(self, name: str) -> Operation:
        if name.startswith("_"):
            raise AttributeError(name)
        return Operation(self._service, name)


RDS = cast("RDSClient", _Service("rds"))
DMS = cast("DatabaseMigrationServiceClient", _Service("dms"))
EC2 = cast("EC2Client", _Service("ec2"))
IAM = cast("IAMClient", _Service("iam"))
S3 = cast("S3Client", _Service("s3"))
STS = cast("STSClient", _Service("sts"))
CLOUDWATCH = cast("CloudWatchClient", _Service("cloudwatch"))


def operation(method: Callable[..., Any]) -> Operation:
    """The ``Operation`` behind ``RDS.create_db_instance`` (typed as a client method)."""
    if not isinstance(method, Operation):
        raise TypeError(
            f"{method!r} is not an operation of RDS, DMS, EC2, IAM, S3, STS or CLOUDWATCH"
        )
    return method


@dataclass(frozen=True)
class AwsCall(Generic[R]):
    """One call to make: its operation, its parameters and, for the CLI rendering only,
    ``hints`` that replace a parameter's shown value (a file body by the file's name).
    ``R`` is the response type the stubs give the operation."""

    operation: Operation
    params: Mapping[str, Any]
    hints: Mapping[str, str | FileBody] = field(default_factory=dict)

    @property
    def service(self) -> str:
        return self.operation.service

    @property
    def name(self) -> str:
        return self.operation.name

    def shown_as(self, **hints: str | FileBody) -> AwsCall[R]:
        """The same call, rendered with ``hints`` in its command: ``Body=FileBody(path)``
        for a body read from a file, a string for any other stand-in value."""
        return AwsCall(self.operation, self.params, {**self.hints, **hints})


def aws_call(method: Callable[P, R], /, *args: P.args, **params: P.kwargs) -> AwsCall[R]:
    """``aws_call(RDS.describe_db_instances, DBInstanceIdentifier="books")``, checked by mypy
    against the stubs (boto3 takes keyword arguments only)."""
    if args:
        raise TypeError("AWS calls take keyword arguments only")
    return AwsCall(operation(method), dict(params))
