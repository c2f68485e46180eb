from __future__ import annotations

from pytestqt.qtbot import QtBot

from core.flows.prerequisites import RoleOutcome
from core.ledger import ResourceKind
from gui.main_window import MainWindow
from gui.wizards.base import ProgressPage
from gui.wizards.prerequisites import PrerequisitesWizard
from gui.wizards.text_pages import SummaryPage


def run_prerequisites(window: MainWindow, qtbot: QtBot) -> PrerequisitesWizard:
    window.home.buttons["prerequisites"].click()
    wizard = window.current_page()
    assert isinstance(wizard, PrerequisitesWizard)
    wizard.next()
    progress = wizard.currentPage()
    assert isinstance(progress, ProgressPage)
    qtbot.waitUntil(lambda: progress.succeeded or progress.last_error is not None, timeout=30_000)
    assert progress.last_error is None
    wizard.next()
    return wizard


def test_creates_both_roles_and_records_them(window: MainWindow, qtbot: QtBot) -> None:
    wizard = run_prerequisites(window, qtbot)
    summary = wizard.currentPage()
    assert isinstance(summary, SummaryPage)
    assert summary.values["dms-vpc-role"].text() == RoleOutcome.CREATED.value
    assert summary.values["dms-cloudwatch-logs-role"].text() == RoleOutcome.CREATED.value
    assert summary.values["Ready for DMS"].text() == "yes"
    ledger = window.context.ledger.entries("sandbox")
    assert {(e.kind, e.resource_id, e.wizard) for e in ledger} == {
        (ResourceKind.IAM_ROLE, "dms-vpc-role", "prerequisites"),
        (ResourceKind.IAM_ROLE, "dms-cloudwatch-logs-role", "prerequisites"),
    }
    assert any(
        c.startswith("aws iam create-role --role-name dms-vpc-role")
        for c in window.activity.commands()
    )


def test_running_it_again_changes_nothing(window: MainWindow, qtbot: QtBot) -> None:
    run_prerequisites(window, qtbot)
    window.show_home()
    calls_before = len(window.context.door.records)
    wizard = run_prerequisites(window, qtbot)
    summary = wizard.currentPage()
    assert isinstance(summary, SummaryPage)
    assert summary.values["dms-vpc-role"].text() == RoleOutcome.ALREADY_CORRECT.value
    second_run = window.context.door.records[calls_before:]
    assert second_run, "the second run checked the roles"
    assert not [r for r in second_run if not r.operation.startswith(("get_", "list_"))]
