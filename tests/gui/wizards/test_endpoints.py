"""Wizard "Create endpoints and test connections" through the real window on the Sandbox."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from core.flows.endpoints import EndpointsFlow
from core.ledger import ResourceKind
from gui.main_window import MainWindow
from gui.wizards.endpoints import CreateEndpointsPage, EndpointsWizard
from gui.wizards.endpoints.connection_test import ConnectionTestPage
from gui.wizards.endpoints.forms import SourceEndpointPage, TargetEndpointPage
from gui.wizards.text_pages import ReviewPage, SummaryPage
from tests.fixtures.faults import inject_error
from tests.fixtures.held_answers import hold_answer
from tests.fixtures.window_chain import build_part_one_in, fresh_sandbox
from tests.fixtures.wizards import leave_page

SOURCE_PASSWORD = "Source-secret1"
FAILURE = "Test connection failed: Can't connect to MySQL server on 'db1.example.com' (110)"


def open_wizard(window: MainWindow) -> EndpointsWizard:
    window.home.buttons["endpoints"].click()
    wizard = window.current_page()
    assert isinstance(wizard, EndpointsWizard)
    return wizard


def fill_source(wizard: EndpointsWizard, qtbot: QtBot) -> None:
    source = wizard.currentPage()
    assert isinstance(source, SourceEndpointPage)
    source.server.setText("db1.example.com")
    source.database.setText("books")
    source.password.setText(SOURCE_PASSWORD)
    leave_page(wizard, qtbot)


def reach_creation(window: MainWindow, qtbot: QtBot) -> CreateEndpointsPage:
    wizard = open_wizard(window)
    fill_source(wizard, qtbot)
    target = wizard.currentPage()
    assert isinstance(target, TargetEndpointPage)
    qtbot.waitUntil(lambda: target.loaded, timeout=10_000)
    assert target.database.currentData() == "books-db"
    assert target.server.text().startswith("books-db.")
    assert target.user.text() == "admin"
    assert target.identifier.text() == "target-books-db"
    leave_page(wizard, qtbot)  # the password is in the store since the database was created
    review = wizard.currentPage()
    assert isinstance(review, ReviewPage)
    commands = review.text.toPlainText()
    assert commands.count("aws dms create-endpoint") == 2
    assert SOURCE_PASSWORD not in commands
    leave_page(wizard, qtbot)
    page = wizard.currentPage()
    assert isinstance(page, CreateEndpointsPage)
    return page


def reach_connection_test(window: MainWindow, qtbot: QtBot) -> ConnectionTestPage:
    wizard = reach_creation(window, qtbot).flow
    qtbot.waitUntil(
        lambda: wizard.button(wizard.WizardButton.NextButton).isEnabled(), timeout=20_000
    )
    leave_page(wizard, qtbot)
    page = wizard.currentPage()
    assert isinstance(page, ConnectionTestPage)
    return page


def test_creates_both_endpoints_and_both_connections_succeed(
    window: MainWindow, qtbot: QtBot
) -> None:
    fresh_sandbox(window)
    build_part_one_in(window, qtbot)
    test = reach_connection_test(window, qtbot)

    qtbot.waitUntil(lambda: test.succeeded or test.last_error is not None, timeout=20_000)
    assert test.last_error is None
    assert [result.status for result in test.results.values()] == ["successful", "successful"]
    assert "successful" in test.checks["Source"].status.text()
    assert not test.checks["Target"].message.isVisibleTo(test)
    wizard = test.flow
    leave_page(wizard, qtbot)
    summary = wizard.currentPage()
    assert isinstance(summary, SummaryPage)
    assert summary.values["Source connection"].text() == "successful"
    assert summary.values["Target endpoint"].text().startswith("target-books-db (books-db.")
    endpoints = {
        entry.resource_id
        for entry in window.context.ledger.entries("sandbox")
        if entry.kind is ResourceKind.DMS_ENDPOINT
    }
    assert endpoints == {"source-mysql", "target-books-db"}
    create = next(r for r in window.context.door.records if r.operation == "create_endpoint")
    assert SOURCE_PASSWORD not in create.cli


def test_a_failing_test_shows_the_dms_message_and_fixes_then_passes_again(
    window: MainWindow, qtbot: QtBot
) -> None:
    fresh_sandbox(window)
    build_part_one_in(window, qtbot)
    sandbox = window.context.sandbox
    assert sandbox is not None
    sandbox.fail_connection_tests(None, FAILURE)
    test = reach_connection_test(window, qtbot)

    qtbot.waitUntil(lambda: test.succeeded, timeout=20_000)
    assert test.has_failures()
    source = test.checks["Source"]
    assert "failed" in source.status.text()
    assert source.message.isVisibleTo(test)
    assert "Can't connect to MySQL server" in source.message.text()
    assert "allow TCP 3306" in source.message.text()
    assert "bind-address" in source.message.text()
    assert "failed" in test.step_label.text()

    sandbox.clear_connection_failures()
    test.again.click()
    qtbot.waitUntil(lambda: test.succeeded and not test.has_failures(), timeout=20_000)
    assert not source.message.isVisibleTo(test)


def test_bad_input_is_refused_next_to_the_field_before_any_aws_call(
    window: MainWindow, qtbot: QtBot
) -> None:
    fresh_sandbox(window)
    wizard = open_wizard(window)
    source = wizard.currentPage()
    assert isinstance(source, SourceEndpointPage)
    calls = len(window.context.door.records)

    source.server.setText("db1.example.com")
    wizard.next()
    assert "password" in source.visible_errors()
    source.password.setText(SOURCE_PASSWORD)
    source.identifier.setText("1-bad--name")
    wizard.next()
    assert "identifier" in source.visible_errors()
    source.identifier.setText("source-mysql")
    source.extra.setText("not a setting")
    wizard.next()
    assert "name=value" in source.visible_errors()["extra_connection_attributes"]
    assert window.context.door.records[calls:] == []
    assert wizard.currentPage() is source


def fail_the_target_once(window: MainWindow, qtbot: QtBot) -> CreateEndpointsPage:
    """The creation page after a first try made the source and was refused the target."""
    fresh_sandbox(window)
    build_part_one_in(window, qtbot)
    refused = inject_error(
        window.context.door,
        "dms",
        "CreateEndpoint",
        "AccessDeniedException",
        "User is not authorized to perform: dms:CreateEndpoint",
        status=403,
        times=1,
        after=1,  # the source goes through, the target is refused
    )
    create = reach_creation(window, qtbot)
    # Until the failed try's job has ended: Try again starts a new one.
    qtbot.waitUntil(
        lambda: create.last_error is not None and not create.runner.busy, timeout=20_000
    )
    assert refused == [1]
    assert [endpoint.identifier for endpoint in create.flow.state.made()] == ["source-mysql"]
    return create


def test_try_again_after_the_target_failed_makes_only_the_target(
    window: MainWindow, qtbot: QtBot
) -> None:
    create = fail_the_target_once(window, qtbot)

    create.retry_button.click()
    qtbot.waitUntil(lambda: create.succeeded, timeout=20_000)

    records = window.context.door.records
    made = [record.cli for record in records if record.operation == "create_endpoint"]
    assert sum("source-mysql" in cli for cli in made) == 1
    assert [endpoint.identifier for endpoint in create.flow.state.made()] == [
        "source-mysql",
        "target-books-db",
    ]
    endpoints = {
        entry.resource_id
        for entry in window.context.ledger.entries("sandbox")
        if entry.kind is ResourceKind.DMS_ENDPOINT
    }
    assert endpoints == {"source-mysql", "target-books-db"}


def test_cancel_offers_every_tries_endpoints_and_what_it_deleted_is_made_again(
    window: MainWindow, qtbot: QtBot
) -> None:
    create = fail_the_target_once(window, qtbot)
    held = hold_answer(window.context.door, "dms", "CreateEndpoint")
    create.retry_button.click()
    qtbot.waitUntil(held.arrived.is_set, timeout=20_000)
    create.cancel_button.click()
    held.release()  # the cancel waits for AWS's answer, so the target is known and offered

    qtbot.waitUntil(lambda: create.cleanup.question is not None, timeout=20_000)
    question = create.cleanup.question
    assert question is not None
    assert "DMS endpoint source-mysql" in question.informativeText()
    assert "DMS endpoint target-books-db" in question.informativeText()
    with qtbot.waitSignal(create.cleanup.finished, timeout=20_000):
        question.button(QMessageBox.StandardButton.Yes).click()

    assert "Clean-up finished." in create.log.toPlainText()
    assert create.flow.state.made() == ()
    live = window.context.ledger.entries("sandbox", include_deleted=False)
    assert [entry for entry in live if entry.kind is ResourceKind.DMS_ENDPOINT] == []
    state = create.flow.state
    again = EndpointsFlow(state.inputs(), window.context.store, made=state.made())
    assert len(again.plan()) == 2, "the next try makes both again"
