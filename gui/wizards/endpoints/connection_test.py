"""Test both endpoints from a replication instance: testing -> successful or failed, with
DMS's message and the likely fixes in plain words for a failure.

State read (``EndpointsChoices``): source_endpoint, target_endpoint. State written:
connection_tests."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QPushButton, QVBoxLayout

from core.errors import ValidationError
from core.events import Event, EventSink, StatusChanged
from core.flows.endpoints import ConnectionTestResult, run_connection_test
from core.flows.listings import Choice, replication_instance_choices
from gui.keyboard import tab_in_order
from gui.widgets.labels import plain_label
from gui.wizards.account_choices import fill_combo
from gui.wizards.base import Operation, ProgressPage
from gui.wizards.endpoints.choices import EndpointsChoices

__all__ = ["ConnectionTestPage", "EndpointCheck"]

_SHOWN = {
    "testing": "testing…",
    "successful": "✔ successful: DMS reached the database and logged in.",
    "failed": "✖ failed",
}


class EndpointCheck(QGroupBox):
    """One endpoint's test: its status, and for a failure DMS's message and the fixes."""

    def __init__(self, label: str) -> None:
        super().__init__(f"{label} database")
        self.label = label
        self.status = plain_label("not tested yet", name="statusLabel")
        self.message = plain_label(name="fieldError")
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.message)

    def show_status(self, status: str) -> None:
        self.status.setText(f"<b>{_SHOWN.get(status, status)}</b>")
        if status == "testing":
            self.message.hide()

    def show_result(self, result: ConnectionTestResult) -> None:
        self.show_status(result.status)
        if result.succeeded:
            self.message.hide()
            return
        fixes = "".join(f"<li>{fix}</li>" for fix in result.likely_fixes)
        self.message.setText(
            f"<b>DMS says:</b> {result.message}<br>Most likely one of these:<ul>{fixes}</ul>"
            "Fix it, then press Test again."
        )
        self.message.show()


class ConnectionTestPage(ProgressPage[EndpointsChoices]):
    """Runs both tests when shown (with the first available replication instance); 'Test
    again' reruns them, e.g. after a fix or with another instance."""

    def __init__(self) -> None:
        super().__init__(
            "test",
            "Test the connections",
            "DMS logs in to both databases from the replication instance, as the migration will.",
        )
        self.instances = QComboBox()
        self.instances.setPlaceholderText("Loading the replication instances…")
        self.choices: list[Choice] = []
        self.again = QPushButton("Test again")
        self.again.clicked.connect(self.test_again)
        self.again.setEnabled(False)
        self.checks = {"Source": EndpointCheck("Source"), "Target": EndpointCheck("Target")}
        chooser = QFormLayout()
        chooser.addRow("Test from", self.instances)
        chooser.addRow("", self.again)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertLayout(0, chooser)
        layout.insertWidget(1, self.checks["Source"])
        layout.insertWidget(2, self.checks["Target"])
        self.log.setMaximumHeight(120)
        # The chooser sits above the run's log and buttons but is made after them.
        tab_in_order(self.instances, self.again, self.log, self.retry_button, self.cancel_button)
        self.results: dict[str, ConnectionTestResult] = {}
        self.runner.failed.connect(self._failed_again)
        self.runner.cancelled.connect(self._failed_again)

    def test_again(self) -> None:
        if self.runner.busy:
            return
        self.succeeded = False
        self.completeChanged.emit()
        self.start()

    def operation(self) -> Operation:
        context = self.flow.context
        state = self.flow.state
        chosen = self.instances.currentData()

        async def run(sink: EventSink) -> dict[str, ConnectionTestResult]:
            ctx = context.flow_context("endpoints", sink)
            instance_arn = chosen
            if not self.choices:
                self.choices = await replication_instance_choices(context.door)
                fill_combo(
                    self.instances,
                    self.choices,
                    "No replication instance: create one first ('Replication instance').",
                )
                instance_arn = self.instances.currentData()
            if not instance_arn:
                raise ValidationError(
                    "replication_instance",
                    "There is no replication instance to test from.",
                    "Create one first with the 'Replication instance' flow, then test again.",
                )
            results: dict[str, ConnectionTestResult] = {}
            for label, endpoint in (
                ("Source", state.source_endpoint),
                ("Target", state.target_endpoint),
            ):
                assert endpoint is not None, "the creation page comes first"
                results[label] = await run_connection_test(
                    ctx, str(instance_arn), endpoint.arn, label=label, port=endpoint.port
                )
                self.checks[label].show_result(results[label])
            return results

        return run

    def show_event(self, event: Event) -> None:
        super().show_event(event)
        if isinstance(event, StatusChanged) and event.subject.endswith("connection test"):
            label = event.subject.split(" ", 1)[0]
            if label in self.checks:
                self.checks[label].show_status(event.status)

    def on_success(self, result: dict[str, ConnectionTestResult]) -> None:
        self.results = dict(result)
        self.flow.state.connection_tests = self.results
        self.again.setEnabled(True)
        failed = [label for label, test in self.results.items() if not test.succeeded]
        self.step_label.setText(
            "<b>Both databases answered.</b> The migration can use them."
            if not failed
            else f"<b>{' and '.join(failed)} failed.</b> See what to fix below."
        )

    def _failed_again(self) -> None:
        self.again.setEnabled(True)

    def has_failures(self) -> bool:
        return any(not test.succeeded for test in self.results.values())
