"""The "Create the replication instance" wizard, end to end through the real window."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWizard, QWizardPage
from pytestqt.qtbot import QtBot

from core.aws import DMS, EC2, aws_call
from core.ledger import ResourceKind
from gui.main_window import MainWindow
from gui.wizards.replication_instance import (
    CreateReplicationPage,
    ReplicationInstanceWizard,
    ReplicationNetworkPage,
    ReplicationResultPage,
    ReplicationServerPage,
    ReviewReplicationPage,
)
from tests.fixtures.faults import inject_error
from tests.fixtures.wizards import creating_calls, press_next, wait_ready


def open_wizard(window: MainWindow, qtbot: QtBot) -> ReplicationInstanceWizard:
    window.home.buttons["replication-instance"].click()
    wizard = window.current_page()
    assert isinstance(wizard, ReplicationInstanceWizard)
    wait_ready(qtbot, wizard.currentPage())
    return wizard


def to_page(wizard: ReplicationInstanceWizard, qtbot: QtBot, name: str) -> QWizardPage:
    while wizard.currentPage().objectName() != name:
        page = wizard.currentPage()
        if isinstance(page, ReplicationServerPage):
            page.identifier.setText("books-replication")
        assert press_next(wizard, qtbot) == {}
    page = wizard.currentPage()
    wait_ready(qtbot, page)
    return page


def run_creation(wizard: ReplicationInstanceWizard, qtbot: QtBot) -> CreateReplicationPage:
    to_page(wizard, qtbot, "review")
    wizard.next()
    progress = wizard.currentPage()
    assert isinstance(progress, CreateReplicationPage)
    return progress


def test_creates_an_available_instance_and_shows_its_ips(window: MainWindow, qtbot: QtBot) -> None:
    wizard = open_wizard(window, qtbot)
    server = wizard.currentPage()
    assert isinstance(server, ReplicationServerPage)
    assert server.instance_class.value() == "dms.t3.medium"
    assert server.storage.value() == 10
    assert server.engine_version.value() == ""
    server.identifier.setText("Books-Replication")
    server.description.setText("books to RDS")
    assert press_next(wizard, qtbot) == {}
    network = wizard.currentPage()
    assert isinstance(network, ReplicationNetworkPage)
    wait_ready(qtbot, network)
    assert "default" in network.vpc.currentText()
    assert network.subnet_group.currentText() == "Create a new one: books-replication-subnets"
    assert network.public.isChecked()
    assert network.security_group.currentText().startswith("default (sg-")
    assert press_next(wizard, qtbot) == {}
    review = wizard.currentPage()
    assert isinstance(review, ReviewReplicationPage)
    command = review.text.toPlainText()
    assert "aws dms create-replication-instance" in command
    assert "--replication-instance-identifier books-replication" in command
    assert "--allocated-storage 10" in command
    assert not creating_calls(window)

    wizard.next()
    progress = wizard.currentPage()
    assert isinstance(progress, CreateReplicationPage)
    qtbot.waitUntil(lambda: progress.succeeded or progress.last_error is not None, timeout=60_000)
    assert progress.last_error is None
    assert "creating — AWS is starting the replication server" in progress.log.toPlainText()
    wizard.next()
    result = wizard.currentPage()
    assert isinstance(result, ReplicationResultPage)
    public_ip = result.values["Public IP"].text()
    private_ip = result.values["Private IP"].text()
    assert public_ip.count(".") == 3
    assert private_ip.count(".") == 3
    assert result.values["Replication instance"].text() == "books-replication (available)"
    assert {
        (e.kind, e.resource_id, e.wizard) for e in window.context.ledger.entries("sandbox")
    } == {
        (
            ResourceKind.REPLICATION_SUBNET_GROUP,
            "books-replication-subnets",
            "replication-instance",
        ),
        (ResourceKind.REPLICATION_INSTANCE, "books-replication", "replication-instance"),
    }
    wizard.button(QWizard.WizardButton.FinishButton).click()


def test_refuses_bad_input_without_any_aws_call(window: MainWindow, qtbot: QtBot) -> None:
    wizard = open_wizard(window, qtbot)
    page = wizard.currentPage()
    assert isinstance(page, ReplicationServerPage)
    cases = [
        ("identifier", "", 10, "Enter a replication instance identifier"),
        ("identifier", "books_repl", 10, "only letters, digits and hyphens"),
        ("identifier", "books-", 10, "cannot end with a hyphen"),
        ("identifier", "b" * 64, 10, "longer than 63"),
        ("allocated_storage", "books-repl", 2, "outside what a replication instance allows"),
        ("allocated_storage", "books-repl", 7000, "Choose between 5 and 6144"),
    ]
    for field, identifier, storage, message in cases:
        calls_before = len(window.context.door.records)
        page.identifier.setText(identifier)
        page.storage.setValue(storage)
        assert message in press_next(wizard, qtbot)[field]
        assert len(window.context.door.records) == calls_before, message


def test_refuses_an_identifier_already_taken(window: MainWindow, qtbot: QtBot) -> None:
    wizard = open_wizard(window, qtbot)
    progress = run_creation(wizard, qtbot)
    qtbot.waitUntil(lambda: progress.succeeded, timeout=60_000)
    window.show_home()
    wizard = open_wizard(window, qtbot)
    page = wizard.currentPage()
    assert isinstance(page, ReplicationServerPage)
    page.identifier.setText("books-replication")
    calls_before = len(window.context.door.records)
    assert "already exists" in press_next(wizard, qtbot)["identifier"]
    assert not creating_calls(window, since=calls_before)


def test_refuses_a_vpc_without_subnets(window: MainWindow, qtbot: QtBot) -> None:
    empty = window.context.door.run_sync(aws_call(EC2.create_vpc, CidrBlock="10.9.0.0/16"))
    wizard = open_wizard(window, qtbot)
    page = to_page(wizard, qtbot, "network")
    assert isinstance(page, ReplicationNetworkPage)
    assert page.vpc.select_value(empty["Vpc"]["VpcId"])
    wait_ready(qtbot, page)
    calls_before = len(window.context.door.records)
    assert "has no subnets" in press_next(wizard, qtbot)["vpc"]
    assert not creating_calls(window, since=calls_before)


def test_offers_the_subnet_groups_already_in_the_chosen_vpc(
    window: MainWindow, qtbot: QtBot
) -> None:
    door = window.context.door
    default_subnets = [
        s["SubnetId"] for s in door.run_sync(aws_call(EC2.describe_subnets))["Subnets"]
    ]
    door.run_sync(
        aws_call(
            DMS.create_replication_subnet_group,
            ReplicationSubnetGroupIdentifier="team-dms-subnets",
            ReplicationSubnetGroupDescription="made earlier",
            SubnetIds=default_subnets,
        )
    )
    other_vpc = door.run_sync(aws_call(EC2.create_vpc, CidrBlock="10.9.0.0/16"))["Vpc"]["VpcId"]
    wizard = open_wizard(window, qtbot)
    page = to_page(wizard, qtbot, "network")
    assert isinstance(page, ReplicationNetworkPage)

    assert page.subnet_group.values() == ["", "team-dms-subnets"]
    assert page.vpc.select_value(other_vpc)
    qtbot.waitUntil(
        lambda: page.subnet_group.values() == [""] and not page.loading_choices, timeout=10_000
    )


def test_shows_access_denied_from_aws_in_plain_words(window: MainWindow, qtbot: QtBot) -> None:
    inject_error(
        window.context.door,
        "dms",
        "CreateReplicationInstance",
        "AccessDeniedException",
        "User is not authorized to perform: dms:CreateReplicationInstance",
        status=403,
    )
    progress = run_creation(open_wizard(window, qtbot), qtbot)
    qtbot.waitUntil(lambda: progress.last_error is not None, timeout=30_000)
    assert "AWS denied access" in progress.error.text()
    assert "Ask your AWS administrator" in progress.error.text()
    # The subnet group made before the refusal is in the ledger, and a retry reuses it.
    assert [e.kind for e in window.context.ledger.entries("sandbox")] == [
        ResourceKind.REPLICATION_SUBNET_GROUP
    ]


def test_cancel_deletes_what_was_created(window: MainWindow, qtbot: QtBot) -> None:
    sandbox = window.context.sandbox
    assert sandbox is not None
    sandbox.set_pace(30)  # the instance stays 'creating' until we cancel
    progress = run_creation(open_wizard(window, qtbot), qtbot)
    qtbot.waitUntil(lambda: "creating" in progress.status.text(), timeout=30_000)
    progress.cancel_button.click()
    qtbot.waitUntil(lambda: progress.cleanup.question is not None, timeout=10_000)
    sandbox.set_pace(0)
    question = progress.cleanup.question
    assert question is not None
    with qtbot.waitSignal(progress.cleanup.finished, timeout=60_000):
        question.button(QMessageBox.StandardButton.Yes).click()
    assert window.context.ledger.entries("sandbox", include_deleted=False) == []
    found = window.context.door.run_sync(aws_call(DMS.describe_replication_instances))
    assert found.get("ReplicationInstances", []) == []


def test_keeping_what_was_created_leaves_it_in_the_ledger(window: MainWindow, qtbot: QtBot) -> None:
    sandbox = window.context.sandbox
    assert sandbox is not None
    sandbox.set_pace(30)
    progress = run_creation(open_wizard(window, qtbot), qtbot)
    qtbot.waitUntil(lambda: "creating" in progress.status.text(), timeout=30_000)
    progress.cancel_button.click()
    qtbot.waitUntil(lambda: progress.cleanup.question is not None, timeout=10_000)
    question = progress.cleanup.question
    assert question is not None
    with qtbot.waitSignal(progress.cleanup.finished, timeout=10_000):
        question.button(QMessageBox.StandardButton.No).click()
    assert len(window.context.ledger.entries("sandbox", include_deleted=False)) == 2
    assert "Resources page" in progress.log.toPlainText()
