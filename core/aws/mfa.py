"""MFA codes for role profiles (``role_arn`` + ``mfa_serial``), asked of the app, never stdin.

botocore's AssumeRole provider asks for the code through a prompter, ``getpass`` unless
told otherwise: in a window that waits forever on a terminal nobody sees, or fails with
EOFError. Every profile session gets our prompter instead (``install_prompter``): the
window's asks a dialog from the worker thread the call runs on (``threadsafe_prompter``);
a headless command has none and says how to get temporary keys instead
(``refusing_prompter``).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import re
from collections.abc import Callable, Coroutine
from typing import Any

import botocore.exceptions
import botocore.session

from core.aws.profiles import profile_info
from core.errors import InvalidCredentials, NoCredentials, OperationCancelled

__all__ = [
    "MfaAsk",
    "MfaCodeRejected",
    "MfaPrompter",
    "install_prompter",
    "map_mfa_error",
    "refusing_prompter",
    "threadsafe_prompter",
    "valid_mfa_code",
]

# Called with the MFA device's serial (an ARN); returns the code the user typed. Raises
# OperationCancelled when the user cancels, or NoCredentials when nobody can be asked.
MfaPrompter = Callable[[str], str]
# The window's side: the serial and why it asks again ('' the first time) -> the code.
MfaAsk = Callable[[str, str], Coroutine[Any, Any, str]]

_BOTOCORE_PROMPT = re.compile(r"^Enter MFA code for (?P<serial>.+?):\s*$")
_CODE = re.compile(r"^\d{6}$")


class MfaCodeRejected(InvalidCredentials):
    """STS refused the code (wrong, already used or expired): ask for another."""

    default_fix = "Enter the code your MFA device shows now (codes change every 30 seconds)."


def valid_mfa_code(code: str) -> bool:
    """Six digits, as every virtual and hardware MFA device shows."""
    return bool(_CODE.match(code.strip()))


def refusing_prompter(profile: str) -> MfaPrompter:
    """For headless commands: a plain error saying how to work with an MFA profile."""

    def refuse(serial: str) -> str:
        info = profile_info(profile)
        role = info.role_arn if info is not None and info.role_arn else "ROLE_ARN"
        source = f" --profile {info.source_profile}" if info and info.source_profile else ""
        raise NoCredentials(
            f"The AWS profile '{profile}' needs an MFA code (device {serial}), "
            "which a command cannot ask for.",
            "Connect with this profile in the app's connection bar, or get temporary keys "
            f"first (aws sts assume-role{source} --role-arn {role} --role-session-name "
            f"migration-assistant --serial-number {serial} --token-code CODE), put them in "
            "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, and run the "
            "command without --profile.",
        )

    return refuse


def threadsafe_prompter(
    ask: MfaAsk, loop: asyncio.AbstractEventLoop, problem: str = ""
) -> MfaPrompter:
    """A prompter for calls made on worker threads (``door.run``): it runs ``ask`` on
    ``loop`` and waits for the answer. ``problem`` says why it asks again."""

    def prompt(serial: str) -> str:
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            raise RuntimeError("MFA prompt on the event loop's thread: make the call with door.run")
        try:
            return asyncio.run_coroutine_threadsafe(ask(serial, problem), loop).result()
        except concurrent.futures.CancelledError:
            # The connect was cancelled (the window closed): end the call, not the app.
            raise OperationCancelled("Connecting was cancelled.") from None

    return prompt


def install_prompter(session: botocore.session.Session, prompter: MfaPrompter) -> None:
    """Make ``session``'s AssumeRole provider ask ``prompter`` instead of stdin."""
    resolver = session.get_component("credential_provider")
    provider = resolver.get_provider("assume-role")

    def botocore_prompt(text: str) -> str:
        match = _BOTOCORE_PROMPT.match(text)
        return prompter(match.group("serial") if match else text).strip()

    # botocore takes the prompter only in the provider's constructor, and builds the
    # provider itself (create_credential_resolver); setting it after is the known way.
    if not hasattr(provider, "_prompter"):
        raise RuntimeError("this botocore's AssumeRole provider has no prompter to replace")
    provider._prompter = botocore_prompt


def map_mfa_error(error: BaseException, operation: str) -> InvalidCredentials | None:
    """Our error for an MFA failure inside ``operation``'s credential step, or None."""
    if isinstance(error, botocore.exceptions.ClientError) and error.operation_name == "AssumeRole":
        message = str(error.response.get("Error", {}).get("Message", ""))
        # AWS's words for a wrong, reused or expired code (and for a wrong serial).
        if "MultiFactorAuthentication" in message:
            return MfaCodeRejected(
                "AWS did not accept the MFA code.", details=message, operation=operation
            )
    if isinstance(error, botocore.exceptions.RefreshWithMFAUnsupportedError):
        return InvalidCredentials(
            "The session you opened with an MFA code has ended.",
            "Press Connect in the connection bar and enter a new code.",
            details=str(error),
            operation=operation,
        )
    return None
