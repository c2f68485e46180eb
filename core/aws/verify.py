"""Connecting means AWS said who we are: a door is handed out only after that worked."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from core.aws.door import AwsDoor, CallerIdentity
from core.aws.mfa import MfaAsk, MfaCodeRejected, MfaPrompter, threadsafe_prompter

__all__ = ["open_verified"]


async def open_verified(
    open_door: Callable[[MfaPrompter | None], AwsDoor], ask_mfa: MfaAsk | None = None
) -> tuple[AwsDoor, CallerIdentity]:
    """A door from ``open_door`` whose identity check passed, and that identity.

    An MFA profile asks ``ask_mfa`` for the code; a code AWS refuses asks again with the
    reason, on a new door (botocore gives an MFA session one try). The user's cancel
    (OperationCancelled) and any other failure propagate."""
    loop = asyncio.get_running_loop()
    problem = ""
    while True:
        prompter = threadsafe_prompter(ask_mfa, loop, problem) if ask_mfa is not None else None
        door = open_door(prompter)
        try:
            return door, await door.identity()
        except MfaCodeRejected as error:
            if ask_mfa is None:
                raise
            problem = error.plain()
