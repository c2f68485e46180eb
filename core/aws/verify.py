"""Connecting means AWS said who we are: a door is handed out only after that worked."""

from __future__ import annotations

from collections.abc import Callable

from core.aws.door import AwsDoor, CallerIdentity
from core.aws.mfa import MfaCodeRejected

__all__ = ["open_verified"]


async def open_verified(open_door: Callable[[str], AwsDoor]) -> tuple[AwsDoor, CallerIdentity]:
    """A door whose identity check passed, and that identity.

    ``open_door(problem)`` makes a door whose MFA prompt (if its profile needs one) says
    ``problem``: '' at first, then why AWS refused the last code; each try is a new door,
    as botocore gives an MFA session a single try. The user's cancel (OperationCancelled)
    and any other failure propagate."""
    problem = ""
    while True:
        door = open_door(problem)
        try:
            return door, await door.identity()
        except MfaCodeRejected as error:
            problem = error.plain()
