"""The one place that turns boto3/botocore exceptions into our plain-language errors."""

from __future__ import annotations

import botocore.exceptions
import botocore.parsers

from core.aws.mfa import map_mfa_error
from core.errors import (
    AccessDenied,
    AlreadyExists,
    AwsError,
    EndpointUnreachable,
    InvalidCredentials,
    InvalidParameter,
    MigrationAssistantError,
    NoCredentials,
    NotFound,
    NotSupported,
    QuotaExceeded,
    Throttled,
)

__all__ = ["map_aws_error"]

_BY_CODE: dict[type[AwsError], frozenset[str]] = {
    AccessDenied: frozenset(
        {
            "AccessDenied",
            "AccessDeniedException",
            "AccessDeniedFault",
            "UnauthorizedOperation",
            "AuthorizationError",
            "Forbidden",
            "403",
            "UnauthorizedAccess",
        }
    ),
    InvalidCredentials: frozenset(
        {
            "InvalidClientTokenId",
            "SignatureDoesNotMatch",
            "ExpiredToken",
            "ExpiredTokenException",
            "InvalidAccessKeyId",
            "UnrecognizedClientException",
            "AuthFailure",
            "RequestExpired",
            "InvalidToken",
            "IncompleteSignature",
            "InvalidSignatureException",
        }
    ),
    Throttled: frozenset(
        {
            "Throttling",
            "ThrottlingException",
            "RequestLimitExceeded",
            "SlowDown",
            "TooManyRequestsException",
            "RequestThrottled",
            "RequestThrottledException",
            "ProvisionedThroughputExceededException",
            "503",
        }
    ),
    AlreadyExists: frozenset(
        {
            "EntityAlreadyExists",
            "BucketAlreadyExists",
            "BucketAlreadyOwnedByYou",
            "DBInstanceAlreadyExists",
            "DBInstanceAlreadyExistsFault",
            "ResourceAlreadyExistsFault",
            "InvalidPermission.Duplicate",
            "InvalidGroup.Duplicate",
            "DBSubnetGroupAlreadyExists",
            "DBSubnetGroupAlreadyExistsFault",
            "AlreadyExists",
        }
    ),
    QuotaExceeded: frozenset(
        {
            "LimitExceeded",
            "LimitExceededException",
            "ResourceQuotaExceededFault",
            "InstanceQuotaExceeded",
            "InstanceQuotaExceededFault",
            "TooManyBuckets",
            "VpcLimitExceeded",
            "StorageQuotaExceeded",
            "StorageQuotaExceededFault",
            "ServiceQuotaExceededException",
            "InsufficientDBInstanceCapacity",
        }
    ),
    InvalidParameter: frozenset(
        {
            "InvalidParameterValue",
            "InvalidParameterCombination",
            "ValidationError",
            "ValidationException",
            "InvalidParameter",
            "InvalidArgument",
            "InvalidParameterValueException",
            "MalformedPolicyDocument",
            "InvalidRequest",
            "InvalidParameterValueFault",
            "InvalidResourceStateFault",
            "InvalidDBInstanceState",
            "InvalidBucketName",
            "EntityTooSmall",
            "InvalidPart",
            "InvalidPartOrder",
            "BadDigest",
            "InvalidDigest",
        }
    ),
}

_SUMMARY: dict[type[AwsError], str] = {
    AccessDenied: "AWS denied access to {op}",
    InvalidCredentials: "AWS did not accept your credentials for {op}",
    Throttled: "AWS is throttling requests ({op})",
    AlreadyExists: "That resource already exists ({op})",
    QuotaExceeded: "Your account has reached an AWS limit ({op})",
    InvalidParameter: "AWS rejected a value in {op}",
    NotFound: "AWS could not find what {op} asked for",
    NotSupported: "The Sandbox does not support {op} yet",
    AwsError: "The AWS call {op} failed",
}


def _kind_for_code(code: str, status: int) -> type[AwsError]:
    for kind, codes in _BY_CODE.items():
        if code in codes:
            return kind
    if "QuotaExceeded" in code or code.endswith("LimitExceeded"):
        return QuotaExceeded
    if "NotFound" in code or code.startswith("NoSuch"):
        return NotFound
    if "AlreadyExists" in code or code.endswith(".Duplicate"):
        return AlreadyExists
    if status in (401, 403):
        return AccessDenied
    if status == 404:
        return NotFound
    return AwsError


def _with_aws_message(summary: str, aws_message: str) -> str:
    aws_message = aws_message.strip().rstrip(".")
    if not aws_message or "<html" in aws_message.lower():
        return summary + "."
    return f"{summary}: {aws_message}."


# The Sandbox is a server inside the app: when it stops answering, the network is not why.
SANDBOX_UNREACHABLE_FIX = "The Sandbox runs inside this app and stopped answering: restart the app."


def _credential_retrieval(
    error: botocore.exceptions.CredentialRetrievalError, operation: str
) -> MigrationAssistantError:
    """A profile's way of getting credentials failed: ``credential_process`` (its command
    exited with an error), or another provider (container role, IMDS)."""
    provider = str(error.kwargs.get("provider", ""))
    if provider == "custom-process":
        return InvalidCredentials(
            "The command your AWS profile runs to get credentials (its credential_process) failed.",
            "Run that command yourself (the credential_process line of the profile in your "
            "AWS config file) to see why, fix it or sign in as it asks, then press Connect "
            "again. Commands: pass --profile NAME.",
            details=str(error),
            operation=operation,
        )
    return InvalidCredentials(
        f"Could not get AWS credentials from {provider or 'the profile'}.",
        "Check the profile in your AWS config file, or choose another one in the connection "
        "bar and press Connect. Commands: pass --profile NAME.",
        details=str(error),
        operation=operation,
    )


def map_aws_error(
    error: BaseException, operation: str = "this request", *, sandbox: bool = False
) -> MigrationAssistantError:
    """Our error for ``error`` raised by ``operation`` (its CLI form: ``rds create-db-instance``);
    ``sandbox``: the call went to the Sandbox (advice for it, not for a network).

    Already-mapped errors pass through unchanged; anything unknown becomes a generic AwsError
    that keeps the original text in ``details``.
    """
    known = error if isinstance(error, MigrationAssistantError) else map_mfa_error(error, operation)
    if known is not None:
        return known
    op = f"'{operation}'"
    if isinstance(error, botocore.exceptions.ClientError):
        info = error.response.get("Error", {})
        code = str(info.get("Code", ""))
        status = int(error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) or 0)
        aws_message = str(info.get("Message", ""))
        kind = _kind_for_code(code, status)
        if kind is AwsError and status >= 500 and "<html" in (aws_message + code).lower():
            kind = NotSupported
        request_id = error.response.get("ResponseMetadata", {}).get("RequestId", "")
        details = f"{code} (HTTP {status}) {aws_message}".strip()
        if request_id:
            details += f"\nRequest id: {request_id}"
        summary = _SUMMARY.get(kind, _SUMMARY[AwsError]).format(op=op)
        return kind(
            _with_aws_message(summary, aws_message),
            details=details,
            code=code,
            operation=operation,
        )
    if isinstance(error, botocore.parsers.ResponseParserError):
        return NotSupported(
            _SUMMARY[NotSupported].format(op=op) + ".", details=str(error), operation=operation
        )
    if isinstance(
        error,
        botocore.exceptions.NoCredentialsError | botocore.exceptions.PartialCredentialsError,
    ):
        return NoCredentials(
            "No AWS credentials were found.", details=str(error), operation=operation
        )
    if isinstance(error, botocore.exceptions.CredentialRetrievalError):
        return _credential_retrieval(error, operation)
    if isinstance(
        error,
        botocore.exceptions.SSOError
        | botocore.exceptions.TokenRetrievalError
        | botocore.exceptions.UnauthorizedSSOTokenError,
    ):
        return InvalidCredentials(
            "Your AWS single sign-on session has expired, or the profile is not signed in.",
            # The portal's web page does not create the token boto3 reads; these do.
            "Sign in again: press Connect in the connection bar, or run aws sso login "
            "--profile with the profile's name; then retry.",
            details=str(error),
            operation=operation,
        )
    if isinstance(error, botocore.exceptions.ProfileNotFound):
        return NoCredentials(
            "The chosen AWS profile does not exist.",
            "Choose one of the profiles listed in the connection bar and press Connect. "
            "Commands: pass --profile NAME with a profile of your AWS config file.",
            details=str(error),
            operation=operation,
        )
    if isinstance(error, botocore.exceptions.NoRegionError):
        return InvalidParameter(
            "No AWS region is chosen.",
            "Pick a region in the connection bar. Commands: pass --region REGION.",
            details=str(error),
            operation=operation,
        )
    if isinstance(error, botocore.exceptions.ParamValidationError):
        return InvalidParameter(
            f"A value for {op} is not valid.", details=str(error), operation=operation
        )
    if isinstance(
        error,
        botocore.exceptions.EndpointConnectionError
        | botocore.exceptions.ConnectTimeoutError
        | botocore.exceptions.ConnectionClosedError
        | botocore.exceptions.ReadTimeoutError
        | botocore.exceptions.ProxyConnectionError
        | botocore.exceptions.HTTPClientError,
    ):
        return EndpointUnreachable(
            f"Could not reach AWS for {op}.",
            SANDBOX_UNREACHABLE_FIX if sandbox else None,
            details=str(error),
            operation=operation,
        )
    return AwsError(
        f"The AWS call {op} failed unexpectedly.",
        details=f"{type(error).__name__}: {error}",
        operation=operation,
    )
