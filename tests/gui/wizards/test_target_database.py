"""The "Create the target database" wizard, end to end through the real window."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox, QWizard
from pytestqt.qtbot import QtBot

from core.aws import EC2, RDS, aws_call
from core.credentials import InMemoryStore, database_password_name
from core.errors import NotFound
from core.ledger import ResourceKind
from gui.main_window import MainWindow
from gui.wizards.target_database import (
    CreateDatabasePage,
    DatabaseNetworkPage,
    DatabaseResultPage,
    DatabaseSettingsPage,
    ReviewDatabasePage,
    ServerSizePage,
)
from tests.fixtures.faults import inject_error
from tests.fixtures.target_database_wizard import PASSWORD, fill_names, open_wizard, to_page
from tests.fixtures.wizards import creating_calls, press_next, wait_ready


def test_creates_an_available_database_and_shows_its_endpoint(
    window: MainWindow, qtbot: QtBot, store: InMemoryStore
) -> None:
    wizard = open_wizard(window, qtbot)
    settings = wizard.currentPage()
    assert isinstance(settings, DatabaseSettingsPage)
    assert settings.engine_version.currentText().endswith("(default)")
    fill_names(settings)
    assert press_next(wizard, qtbot) == {}
    server = wizard.currentPage()
    assert isinstance(server, ServerSizePage)
    wait_ready(qtbot, server)
    assert server.instance_class.value() == "db.t3.micro"
    assert server.storage.value() == 20
    assert press_next(wizard, qtbot) == {}
    network = wizard.currentPage()
    assert isinstance(network, DatabaseNetworkPage)
    wait_ready(qtbot, network)
    assert "default" in network.vpc.currentText()
    assert network.new_group_name.text() == "books-db-access"
    assert press_next(wizard, qtbot) == {}
    review = wizard.currentPage()
    assert isinstance(review, ReviewDatabasePage)
    command = review.text.toPlainText()
    assert "aws rds create-db-instance" in command
    assert "--db-instance-identifier books-db" in command
    assert PASSWORD not in command
    assert not creating_calls(window)

    wizard.next()
    progress = wizard.currentPage()
    assert isinstance(progress, CreateDatabasePage)
    qtbot.waitUntil(lambda: progress.succeeded or progress.last_error is not None, timeout=60_000)
    assert progress.last_error is None
    log = progress.log.toPlainText()
    assert "creating — AWS is setting up" in log
    assert "available — Ready" in log
    wizard.next()
    result = wizard.currentPage()
    assert isinstance(result, DatabaseResultPage)
    assert result.values["Endpoint"].text().startswith("books-db.")
    assert result.values["Port"].text() == "3306"

    assert store.get(database_password_name("sandbox", "books-db")) == PASSWORD
    assert wizard.state.master_password is None
    assert wizard.state.password_confirmation is None
    created = {(entry.kind, entry.wizard) for entry in window.context.ledger.entries("sandbox")}
    assert created == {
        (ResourceKind.DB_SUBNET_GROUP, "target-database"),
        (ResourceKind.SECURITY_GROUP, "target-database"),
        (ResourceKind.RDS_INSTANCE, "target-database"),
    }
    assert PASSWORD not in window.context.ledger.path.read_text()
    wizard.button(QWizard.WizardButton.FinishButton).click()


def test_refuses_bad_names_and_passwords_without_any_aws_call(
    window: MainWindow, qtbot: QtBot
) -> None:
    wizard = open_wizard(window, qtbot)
    page = wizard.currentPage()
    assert isinstance(page, DatabaseSettingsPage)
    cases = [
        ({"identifier": "1books"}, "identifier", "must start with a letter"),
        ({"identifier": "books--db"}, "identifier", "two hyphens"),
        ({"password": "short"}, "master_password", "shorter than 8"),
        ({"password": "has@sign123"}, "master_password", "may not contain @"),
        ({"confirmation": "other-pass1"}, "password_confirmation", "not the same"),
    ]
    for values, field, message in cases:
        calls_before = len(window.context.door.records)
        fill_names(page, **values)
        errors = press_next(wizard, qtbot)
        assert message in errors[field]
        assert wizard.currentPage() is page
        assert len(window.context.door.records) == calls_before, field
    page.master_username.setText("rdsadmin")
    fill_names(page)
    assert "reserved" in press_next(wizard, qtbot)["master_username"]


def test_refuses_storage_out_of_bounds_without_any_aws_call(
    window: MainWindow, qtbot: QtBot
) -> None:
    wizard = open_wizard(window, qtbot)
    page = to_page(wizard, qtbot, "server")
    assert isinstance(page, ServerSizePage)
    calls_before = len(window.context.door.records)
    page.storage.setValue(10)
    assert "outside what MySQL" in press_next(wizard, qtbot)["storage"]
    page.storage.setValue(70_000)
    assert "Choose between 20 and 65536" in press_next(wizard, qtbot)["storage"]
    assert len(window.context.door.records) == calls_before


def test_refuses_an_identifier_already_taken(window: MainWindow, qtbot: QtBot) -> None:
    window.context.door.run_sync(
        aws_call(
            RDS.create_db_instance,
            DBInstanceIdentifier="books-db",
            Engine="mysql",
            DBInstanceClass="db.t3.micro",
            AllocatedStorage=20,
            MasterUsername="admin",
            MasterUserPassword=PASSWORD,
        )
    )
    wizard = open_wizard(window, qtbot)
    page = wizard.currentPage()
    assert isinstance(page, DatabaseSettingsPage)
    fill_names(page, identifier="Books-DB")
    calls_before = len(window.context.door.records)
    assert "already exists" in press_next(wizard, qtbot)["identifier"]
    assert not creating_calls(window, since=calls_before)


def test_refuses_a_class_the_region_does_not_offer(window: MainWindow, qtbot: QtBot) -> None:
    wizard = open_wizard(window, qtbot)
    page = to_page(wizard, qtbot, "server")
    assert isinstance(page, ServerSizePage)
    # As if the list had been read before the class was withdrawn.
    page.instance_class.addItem("db.x9.huge", "db.x9.huge")
    page.instance_class.select_value("db.x9.huge")
    assert "not offered" in press_next(wizard, qtbot)["instance_class"]
    assert not creating_calls(window)


def test_refuses_a_vpc_without_subnets(window: MainWindow, qtbot: QtBot) -> None:
    empty = window.context.door.run_sync(aws_call(EC2.create_vpc, CidrBlock="10.9.0.0/16"))
    vpc_id = empty["Vpc"]["VpcId"]
    wizard = open_wizard(window, qtbot)
    page = to_page(wizard, qtbot, "network")
    assert isinstance(page, DatabaseNetworkPage)
    assert page.vpc.select_value(vpc_id)
    wait_ready(qtbot, page)
    calls_before = len(window.context.door.records)
    assert "has no subnets" in press_next(wizard, qtbot)["vpc"]
    assert not creating_calls(window, since=calls_before)


@pytest.mark.parametrize(
    ("code", "aws_message", "shown"),
    [
        (
            "InstanceQuotaExceeded",
            "You have reached the DB instance quota for this account.",
            ("reached an AWS limit", "quota increase"),
        ),
        (
            # Made by someone else between the check on the first page and the creation.
            "DBInstanceAlreadyExists",
            "DB instance already exists",
            ("That resource already exists", "Choose another name"),
        ),
    ],
)
def test_shows_aws_errors_in_plain_words(
    window: MainWindow, qtbot: QtBot, code: str, aws_message: str, shown: tuple[str, str]
) -> None:
    inject_error(window.context.door, "rds", "CreateDBInstance", code, aws_message)
    wizard = open_wizard(window, qtbot)
    to_page(wizard, qtbot, "review")
    wizard.next()
    progress = wizard.currentPage()
    assert isinstance(progress, CreateDatabasePage)
    qtbot.waitUntil(lambda: progress.last_error is not None, timeout=30_000)
    message, fix = shown
    assert message in progress.error.text()
    assert fix in progress.error.text()
    assert progress.retry_button.isVisible()


def test_cancel_deletes_what_was_created(
    window: MainWindow, qtbot: QtBot, store: InMemoryStore
) -> None:
    sandbox = window.context.sandbox
    assert sandbox is not None
    sandbox.set_pace(30)  # the instance stays 'creating' until we cancel
    wizard = open_wizard(window, qtbot)
    to_page(wizard, qtbot, "review")
    wizard.next()
    progress = wizard.currentPage()
    assert isinstance(progress, CreateDatabasePage)
    ledger = window.context.ledger
    qtbot.waitUntil(lambda: "creating" in progress.status.text(), timeout=30_000)
    assert {e.kind for e in ledger.entries("sandbox")} >= {ResourceKind.RDS_INSTANCE}
    progress.cancel_button.click()
    qtbot.waitUntil(lambda: progress.cleanup.question is not None, timeout=10_000)
    sandbox.set_pace(0)
    question = progress.cleanup.question
    assert question is not None
    assert "books-db" in question.informativeText()
    with qtbot.waitSignal(progress.cleanup.finished, timeout=60_000):
        question.button(QMessageBox.StandardButton.Yes).click()
    assert ledger.entries("sandbox", include_deleted=False) == []
    assert "Deleted DB instance books-db" in progress.log.toPlainText()
    try:
        window.context.door.run_sync(
            aws_call(RDS.describe_db_instances, DBInstanceIdentifier="books-db")
        )
    except NotFound:
        pass
    else:
        raise AssertionError("the DB instance is still there")
    assert store.get(database_password_name("sandbox", "books-db")) is None


def test_the_production_template_fills_in_a_bigger_server(window: MainWindow, qtbot: QtBot) -> None:
    wizard = open_wizard(window, qtbot)
    page = wizard.currentPage()
    assert isinstance(page, DatabaseSettingsPage)
    assert page.template.select_value("production")
    fill_names(page)
    assert press_next(wizard, qtbot) == {}
    server = wizard.currentPage()
    assert isinstance(server, ServerSizePage)
    wait_ready(qtbot, server)
    assert server.instance_class.value() == "db.m5.large"
    assert server.storage.value() == 100
    assert server.storage_type.value() == "gp3"
    assert server.multi_az.isChecked()
    to_page(wizard, qtbot, "review")
    review = wizard.currentPage()
    assert isinstance(review, ReviewDatabasePage)
    assert "--multi-az --backup-retention-period 7" in review.text.toPlainText()
