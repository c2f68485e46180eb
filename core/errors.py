"""Our error tree: every failure a user can see carries a plain message and what to do.

Other libraries' errors are translated in one place (``core.aws.error_mapping`` for AWS);
the GUI and the commands only ever show ``MigrationAssistantError``.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = [
    "AccessDenied",
    "AlreadyExists",
    "AwsError",
    "CredentialStoreUnavailable",
    "EndpointUnreachable",
    "InvalidCredentials",
    "InvalidParameter",
    "MigrationAssistantError",
    "NoCredentials",
    "NotFound",
    "NotSupported",
    "OperationCancelled",
    "QuotaExceeded",
    "Throttled",
    "TimedOut",
    "ValidationError",
    "all_problems",
]


class MigrationAssistantError(Exception):
    """A failure explained for a person.

    Attributes:
        message: one plain sentence naming the problem.
        fix: what the user can do about it (may be empty).
        details: technical text for the expandable part of a dialog (codes, request ids).
    """

    default_fix = ""

    def __init__(self, message: str, fix: str | None = None, details: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.fix = self.default_fix if fix is None else fix
        self.details = details

    def plain(self) -> str:
        """The message and the fix as one or two sentences for a status line."""
        return f"{self.message} {self.fix}".strip()


class ValidationError(MigrationAssistantError):
    """Input refused before any AWS call; ``field`` names the input it concerns."""

    def __init__(self, field: str, message: str, fix: str = "") -> None:
        super().__init__(message, fix)
        self.field = field


def all_problems(*checks: Callable[[], object]) -> dict[str, str]:
    """``problems()`` from independent checks that each raise ValidationError: every bad
    field with its message and fix (the first one found for a field that fails twice)."""
    found: dict[str, str] = {}
    for check in checks:
        try:
            check()
        except ValidationError as error:
            found.setdefault(error.field, error.plain())
    return found


class OperationCancelled(MigrationAssistantError):
    """The user cancelled; not a failure to report as an error."""

    def __init__(self, message: str = "Cancelled.") -> None:
        super().__init__(message, "")


class TimedOut(MigrationAssistantError):
    default_fix = "Check the resource in the AWS console; it may still finish later."


class CredentialStoreUnavailable(MigrationAssistantError):
    default_fix = (
        "Install and unlock a keyring service (on Linux: gnome-keyring or KWallet, started "
        "with your desktop session), then try again. Secrets are never written to a plain file."
    )


class AwsError(MigrationAssistantError):
    """A failed AWS call. ``code`` is AWS's error code, ``operation`` the call's CLI name."""

    default_fix = "Try again; if it keeps failing, copy the details for your AWS administrator."

    def __init__(
        self,
        message: str,
        fix: str | None = None,
        details: str = "",
        code: str = "",
        operation: str = "",
    ) -> None:
        super().__init__(message, fix, details)
        self.code = code
        self.operation = operation


class AccessDenied(AwsError):
    default_fix = (
        "Ask your AWS administrator to grant this permission to your user or role, "
        "or connect with a profile that has it."
    )


class InvalidCredentials(AwsError):
    default_fix = (
        "Your access keys are wrong, disabled or expired. Enter new keys in Connection > "
        "Credentials, or sign in again for an SSO profile (Connection > Profile)."
    )


class NoCredentials(AwsError):
    default_fix = (
        "Choose a profile or enter access keys in Connection > Credentials, "
        "or switch to the Sandbox to rehearse without an AWS account."
    )


class Throttled(AwsError):
    default_fix = "AWS is limiting the request rate. Wait a minute and try again."


class EndpointUnreachable(AwsError):
    default_fix = "Check the network connection, proxy and region. In the Sandbox, restart the app."


class NotFound(AwsError):
    default_fix = "Check the name and the region; it may have been deleted or never created."


class AlreadyExists(AwsError):
    default_fix = "Choose another name, or use the existing resource."


class InvalidParameter(AwsError):
    default_fix = "Correct the highlighted value and try again."


class QuotaExceeded(AwsError):
    default_fix = (
        "Delete resources you no longer need, or request a quota increase in the "
        "AWS Service Quotas console."
    )


class NotSupported(AwsError):
    default_fix = "This action is not available here; it works with a real AWS account."
