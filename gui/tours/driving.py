"""Driving the GUI like a user: wait for conditions, click through a wizard, shoot pages."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtWidgets import QWizard, QWizardPage

from gui.main_window import MainWindow
from gui.tours.base import Shooter
from gui.wizards.base import FlowWizard, FormPage, ProgressPage

__all__ = ["drive_wizard", "settle", "wait_until"]


async def settle() -> None:
    """Let Qt lay out and paint what just changed (the qasync loop runs Qt's events while
    we sleep; calling processEvents() from a task would re-enter the loop)."""
    for _ in range(3):
        await asyncio.sleep(0.02)


async def wait_until(
    condition: object, what: str, seconds: float = 120.0, step: float = 0.05
) -> None:
    """Poll ``condition()`` (processing events) until true, or fail naming ``what``."""
    assert callable(condition)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not condition():
        if loop.time() > deadline:
            raise TimeoutError(f"gave up waiting for {what}")
        await asyncio.sleep(step)
    await settle()


PageFiller = Callable[[QWizardPage], None]
PageCheck = Callable[[QWizardPage], bool]


def _finished(page: ProgressPage[Any]) -> Callable[[], bool]:
    return lambda: page.succeeded or page.last_error is not None


def _choices_ready(page: QWizardPage) -> Callable[[], bool]:
    return lambda: bool(getattr(page, "choices_ready", True))


def _ready(check: PageCheck, page: QWizardPage) -> Callable[[], bool]:
    return lambda: check(page)


def _left_or_refused(wizard: QWizard, current: int, page: QWizardPage) -> Callable[[], bool]:
    def check() -> bool:
        if wizard.currentId() != current:
            return True
        return isinstance(page, FormPage) and bool(page.visible_errors())

    return check


async def drive_wizard(
    window: MainWindow,
    shoot: Shooter,
    card_key: str,
    fill: Mapping[str, PageFiller] | None = None,
    *,
    progress_seconds: float = 300.0,
    ready: Mapping[str, PageCheck] | None = None,
) -> FlowWizard[Any]:
    """Open the card's wizard and click through it like a user: fill each form page (by the
    page's object name), wait for each progress page to succeed, shoot every page.
    ``ready[name](page)`` is waited for before a page is filled and shot (a list loaded from
    AWS, a task at Load complete), so the shot shows the page as a user would see it."""
    fill = fill or {}
    ready = ready or {}
    window.home.buttons[card_key].click()
    wizard = window.current_page()
    assert isinstance(wizard, FlowWizard), f"{card_key} did not open a wizard"
    await settle()
    while True:
        page = wizard.currentPage()
        assert page is not None
        name = page.objectName()
        if isinstance(page, ProgressPage):
            await wait_until(
                _finished(page),
                f"{card_key}: {name} to finish",
                seconds=progress_seconds,
            )
            if page.last_error is not None:
                shoot(name)
                raise RuntimeError(f"{name}: {page.last_error.plain()}")
        if not bool(getattr(page, "choices_ready", True)):
            await wait_until(_choices_ready(page), f"{card_key}: {name}'s choices from AWS")
        if name in ready:
            await wait_until(
                _ready(ready[name], page), f"{card_key}: {name} ready", progress_seconds
            )
        if name in fill:
            fill[name](page)
            await settle()
        shoot(name)
        if wizard.nextId() == -1:
            wizard.button(QWizard.WizardButton.FinishButton).click()
            await settle()
            return wizard
        current = wizard.currentId()
        wizard.next()
        await wait_until(
            _left_or_refused(wizard, current, page),
            f"{card_key}: leaving {name}",
        )
        if wizard.currentId() == current:
            errors = page.visible_errors() if isinstance(page, FormPage) else {}
            raise RuntimeError(f"{name} refused its input: {errors}")
