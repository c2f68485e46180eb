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
    # KeyringStore gives the fix for this computer's system (core.credentials.keyring_fix).
    default_fix = (
        "Install and unlock your system's keyring (Secret Service on Linux, the macOS "
        "Keychain, Windows Credential Manager), then try again. Secrets are never written "
        "to a plain file."
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


# The places named below are the connection bar's: "Connect to" (Sandbox, AWS profile,
# Stored access keys), "Profile", "Region", "Access keys…", "Connect"; and the commands'
# options (gui/commands/common.py).


class InvalidCredentials(AwsError):
    default_fix = (
        "Your access keys are wrong, disabled or expired: enter new ones with Access keys… in "
        "the connection bar, or choose another profile there, then press Connect. Commands: "
        "pass --profile NAME."
    )


class NoCredentials(AwsError):
    default_fix = (
        "Choose an AWS profile in the connection bar, or Stored access keys and enter them "
        "with Access keys… in the connection bar, then press Connect; or use the Sandbox to "
        "rehearse without an AWS account. Commands: pass --profile NAME."
    )


class Throttled(AwsError):
    default_fix = "AWS is limiting the request rate. Wait a minute and try again."


class EndpointUnreachable(AwsError):
    # On a real account; in the Sandbox core.aws.error_mapping says to restart the app.
    default_fix = (
        "Check the network connection and the proxy (Edit > Settings…; commands honour "
        "HTTPS_PROXY), and that the region chosen in the connection bar offers this service "
        "(commands: --region REGION)."
    )


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
