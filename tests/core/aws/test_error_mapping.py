from __future__ import annotations

import socket
from typing import Any

import botocore.exceptions
import pytest

from core.aws import S3, AwsDoor, Connection, map_aws_error
from core.errors import (
    AccessDenied,
    AlreadyExists,
    AwsError,
    EndpointUnreachable,
    InvalidCredentials,
    InvalidParameter,
    NoCredentials,
    NotFound,
    NotSupported,
    QuotaExceeded,
    Throttled,
)
from core.settings import ConnectionMode


def client_error(
    code: str, message: str = "", status: int = 400
) -> botocore.exceptions.ClientError:
    response: Any = {
        "Error": {"Code": code, "Message": message},
        "ResponseMetadata": {"HTTPStatusCode": status, "RequestId": "req-1"},
    }
    return botocore.exceptions.ClientError(response, "AnyOperation")


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("AccessDenied", AccessDenied),
        ("AccessDeniedException", AccessDenied),
        ("UnauthorizedOperation", AccessDenied),
        ("ExpiredToken", InvalidCredentials),
        ("InvalidClientTokenId", InvalidCredentials),
        ("SignatureDoesNotMatch", InvalidCredentials),
        ("Throttling", Throttled),
        ("SlowDown", Throttled),
        ("NoSuchBucket", NotFound),
        ("DBInstanceNotFound", NotFound),
        ("ResourceNotFoundFault", NotFound),
        ("InvalidParameterValue", InvalidParameter),
        ("ValidationError", InvalidParameter),
        ("InstanceQuotaExceeded", QuotaExceeded),
        ("ResourceQuotaExceededFault", QuotaExceeded),
        ("EntityAlreadyExists", AlreadyExists),
        ("DBInstanceAlreadyExists", AlreadyExists),
        ("SomethingNew", AwsError),
    ],
)
def test_aws_error_codes_become_plain_errors(code: str, kind: type[AwsError]) -> None:
    error = map_aws_error(client_error(code, "AWS says why"), "rds create-db-instance")
    assert type(error) is kind
    assert isinstance(error, AwsError)
    assert error.code == code
    assert "'rds create-db-instance'" in error.message
    assert "AWS says why" in error.message
    assert error.fix, "every error says what to do"
    assert "req-1" in error.details


def test_a_sandbox_html_500_means_not_supported() -> None:
    error = map_aws_error(client_error("500", "<!doctype html><html>boom</html>", 500), "ec2 x")
    assert isinstance(error, NotSupported)
    assert "<html" not in error.message


@pytest.mark.parametrize(
    ("raised", "kind"),
    [
        (botocore.exceptions.NoCredentialsError(), NoCredentials),
        (
            botocore.exceptions.EndpointConnectionError(endpoint_url="https://x"),
            EndpointUnreachable,
        ),
        (botocore.exceptions.ReadTimeoutError(endpoint_url="https://x"), EndpointUnreachable),
        (
            botocore.exceptions.TokenRetrievalError(provider="sso", error_msg="expired"),
            InvalidCredentials,
        ),
        (botocore.exceptions.ParamValidationError(report="bad"), InvalidParameter),
        (botocore.exceptions.NoRegionError(), InvalidParameter),
    ],
)
def test_sdk_exceptions_become_plain_errors(raised: Exception, kind: type[AwsError]) -> None:
    error = map_aws_error(raised, "s3api list-buckets")
    assert type(error) is kind
    assert error.fix


def test_unknown_exceptions_keep_their_text_in_the_details() -> None:
    error = map_aws_error(RuntimeError("odd"), "s3api list-buckets")
    assert type(error) is AwsError
    assert "RuntimeError: odd" in error.details


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_an_unreachable_endpoint_is_reported_plainly() -> None:
    connection = Connection(
        ConnectionMode.SANDBOX,
        "us-east-1",
        endpoint_url=f"http://127.0.0.1:{closed_port()}",
        max_attempts=1,
    )
    with pytest.raises(EndpointUnreachable) as caught:
        await AwsDoor(connection).call(S3.list_buckets)
    assert "Could not reach AWS for 's3api list-buckets'" in caught.value.message
