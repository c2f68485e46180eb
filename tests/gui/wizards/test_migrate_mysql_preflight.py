"""The guided migration checks the source database before anything is created in AWS."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from core.database import CheckStatus
from gui.main_window import MainWindow
from gui.wizards.check_source import CheckProgressPage, CheckResultsPage
from gui.wizards.migrate_mysql.forms import SourcePage, TargetPage
from tests.fixtures.guided_wizard import open_guided
from tests.fixtures.mariadb import DMS_PASSWORD, MariaDBServer
from tests.fixtures.wizards import leave_page


def test_checks_the_source_first_when_asked_and_creates_nothing(
    window: MainWindow, qtbot: QtBot, dms_source: MariaDBServer
) -> None:
    wizard, _ = open_guided(window, qtbot)
    leave_page(wizard, qtbot)
    source = wizard.currentPage()
    assert isinstance(source, SourcePage)
    assert not source.check_first.isChecked(), "in the Sandbox the source is imaginary"
    source.server.setText(dms_source.host)
    source.port.setValue(dms_source.port)
    source.database.setText("shop")
    source.user.setText("dms")
    source.password.setText(DMS_PASSWORD)
    source.check_first.setChecked(True)
    leave_page(wizard, qtbot)
    checking = wizard.currentPage()
    assert isinstance(checking, CheckProgressPage)
    qtbot.waitUntil(lambda: checking.succeeded or checking.last_error is not None, timeout=60_000)
    assert checking.last_error is None
    report = wizard.state.preflight_report
    assert report is not None
    assert report.schemas == ("shop",)
    assert report.check("mysql-check-binlog-format").status is CheckStatus.PASS
    leave_page(wizard, qtbot)
    assert isinstance(wizard.currentPage(), CheckResultsPage)
    leave_page(wizard, qtbot)
    assert isinstance(wizard.currentPage(), TargetPage)
    assert not [r for r in window.context.door.records if r.operation.startswith("create_")]


def test_without_the_tick_it_goes_straight_to_the_target(window: MainWindow, qtbot: QtBot) -> None:
    wizard, _ = open_guided(window, qtbot)
    leave_page(wizard, qtbot)
    source = wizard.currentPage()
    assert isinstance(source, SourcePage)
    source.server.setText("db1.example.com")
    source.password.setText("Source-secret1")
    leave_page(wizard, qtbot)
    assert isinstance(wizard.currentPage(), TargetPage)
    assert wizard.state.preflight_report is None
