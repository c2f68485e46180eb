"""Going Home or quitting while a page still runs something."""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtWidgets import QMessageBox, QVBoxLayout, QWidget, QWizard, QWizardPage
from pytestqt.qtbot import QtBot

from gui.leave_guard import running_work
from gui.main_window import MainWindow
from gui.runner import OperationRunner
from gui.tasks import BackgroundWork
from gui.wizards.base import FlowWizard


class BusyPage(QWizardPage):
    """A page whose operation runs until ``release`` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Uploading the dump")
        self.runner = OperationRunner(self)
        self.release = asyncio.Event()

    def start(self, work: BackgroundWork) -> None:
        async def operation(sink: Any) -> None:
            await self.release.wait()

        self.runner.start(work, operation)


def open_busy_flow(window: MainWindow) -> BusyPage:
    flow = QWidget()
    page = BusyPage()
    QVBoxLayout(flow).addWidget(page)
    window.pages.addWidget(flow)
    window.pages.setCurrentWidget(flow)
    window.flow_header.show()
    page.start(window.context.work)
    return page


def test_home_is_refused_while_work_runs_and_allowed_once_it_ends(
    window: MainWindow, qtbot: QtBot
) -> None:
    page = open_busy_flow(window)

    box = window.leave_flow()

    assert isinstance(box, QMessageBox)
    assert box.text() == "Uploading the dump is still running."
    assert "press Cancel on this page first" in box.informativeText()
    assert window.current_page() is not window.home
    box.close()
    page.release.set()
    qtbot.waitUntil(lambda: not page.runner.busy, timeout=5_000)
    assert window.leave_flow() is None
    assert window.current_page() is window.home


def visible_question(parent: QWidget) -> QMessageBox:
    [box] = [box for box in parent.findChildren(QMessageBox) if box.isVisible()]
    return box


def click(box: QMessageBox, text: str) -> None:
    next(button for button in box.buttons() if button.text() == text).click()


def test_quitting_while_work_runs_asks_first_and_says_what_stays(
    window: MainWindow, qtbot: QtBot
) -> None:
    page = open_busy_flow(window)

    assert not window.close()
    question = visible_question(window)
    assert question.text() == "Uploading the dump is still running."
    assert "Resources created by the app" in question.informativeText()
    assert "Unfinished uploads" in question.informativeText()
    click(question, "Keep working")
    assert window.isVisible()

    assert not window.close()
    click(visible_question(window), "Quit anyway")
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5_000)
    page.release.set()


def test_quitting_with_nothing_running_just_quits(window: MainWindow, qtbot: QtBot) -> None:
    assert window.close()
    assert window.findChild(QMessageBox) is None


def test_switching_the_connection_waits_for_running_work(window: MainWindow, qtbot: QtBot) -> None:
    page = open_busy_flow(window)
    bar = window.connection_bar
    bar.region.setCurrentText("eu-west-1")

    bar.apply.click()

    assert window.context.connection.region == "us-east-1"
    assert bar.region.currentText() == "us-east-1"
    assert "then switch the connection" in visible_question(window).informativeText()
    assert window.current_page() is not window.home
    page.release.set()


def test_switching_the_connection_closes_an_idle_flow(window: MainWindow, qtbot: QtBot) -> None:
    window.home.buttons["target-database"].click()
    assert window.current_page() is not window.home
    window.connection_bar.region.setCurrentText("eu-west-1")

    with qtbot.waitSignal(window.ready, timeout=10_000):
        window.connection_bar.apply.click()

    assert window.context.connection.region == "eu-west-1"
    assert window.current_page() is window.home


def test_work_outside_a_wizard_page_is_named_by_its_runner(window: MainWindow) -> None:
    flow = QWidget()
    runner = OperationRunner(flow, "Deleting the resources")
    release = asyncio.Event()

    async def operation(sink: Any) -> None:
        await release.wait()

    runner.start(window.context.work, operation)
    window.pages.addWidget(flow)
    window.pages.setCurrentWidget(flow)

    box = window.leave_flow()

    assert box is not None and box.text() == "Deleting the resources is still running."
    release.set()


def test_back_waits_for_the_page_s_work(window: MainWindow, qtbot: QtBot) -> None:
    wizard = FlowWizard(window.context, "Upload a large file", None)
    first = QWizardPage()
    busy = BusyPage()
    wizard.addPage(first)
    wizard.addPage(busy)
    window.pages.addWidget(wizard)
    window.pages.setCurrentWidget(wizard)
    wizard.next()
    busy.start(window.context.work)

    wizard.button(QWizard.WizardButton.BackButton).click()

    assert wizard.currentPage() is busy
    assert "then go back" in visible_question(wizard).informativeText()
    busy.release.set()
    qtbot.waitUntil(lambda: not busy.runner.busy, timeout=5_000)
    wizard.button(QWizard.WizardButton.BackButton).click()
    assert wizard.currentPage() is first


def test_the_guard_asks_the_app_s_work_for_the_page_s_operations_only(
    window: MainWindow, qtbot: QtBot
) -> None:
    work = window.context.work
    page = open_busy_flow(window)
    flow = window.current_page()
    release = asyncio.Event()
    work.start(release.wait(), owner=page, name="list VPCs")
    elsewhere = QWidget()
    work.start(release.wait(), owner=elsewhere, name="Deleting the resources", blocks_leaving=True)

    assert [job.name for job in work.running(page.runner)] == ["Uploading the dump"]
    # The listing just stops with its page; another page's operation is not this one's.
    assert running_work(work, flow) == ["Uploading the dump"]
    assert running_work(work, elsewhere) == ["Deleting the resources"]
    page.release.set()
    qtbot.waitUntil(lambda: not page.runner.busy, timeout=5_000)
    assert running_work(work, flow) == []
    assert window.leave_flow() is None
    release.set()
    qtbot.waitUntil(lambda: not work.running(), timeout=5_000)
