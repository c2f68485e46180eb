"""Before connecting through an SSO profile: make sure it is signed in.

A valid token: nothing to do. An expired one with a refresh token: renewed silently. Else
the sign-in dialog opens, and connecting goes on once the user approved in the browser.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QWidget

from core.aws import Clock, Connection, RealClock
from core.aws.sso_login import sign_in_needed
from core.errors import OperationCancelled
from gui.tasks import BackgroundWork
from gui.widgets.sso_sign_in import SsoSignInDialog

__all__ = ["ensure_signed_in"]

# What the sign-in waits with between polls (tests put a quicker one here).
sign_in_clock: Callable[[], Clock] = RealClock


async def ensure_signed_in(window: QWidget, connection: Connection, work: BackgroundWork) -> None:
    """Return once ``connection`` may go on: it needs no sign-in, is signed in, or the user
    signed in now. Raises OperationCancelled (its message says how to sign in later) when
    the user closed the sign-in dialog, and our plain error for a broken SSO configuration
    or an unreachable AWS."""
    needed = await asyncio.to_thread(sign_in_needed, connection)
    if needed is None:
        return
    profile, state = needed
    dialog = SsoSignInDialog(
        profile, work, connection, window, clock=sign_in_clock(), reason=state.meaning
    )
    answered: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    def settle(result: int) -> None:
        if not answered.done():
            answered.set_result(result)

    dialog.finished.connect(settle)
    dialog.open()
    dialog.start()
    try:
        accepted = await answered == QDialog.DialogCode.Accepted
    finally:
        # Closed by the user, or this wait was cancelled (a newer connection): either way
        # the dialog and its polling go.
        if dialog.isVisible():
            dialog.reject()
        dialog.deleteLater()
    if not accepted:
        raise OperationCancelled(
            f"Not signed in to profile {profile.profile}. Press Connect to sign in, or run "
            f"{profile.login_command()}."
        )
