"""Page 3 of "Plan the move": the link, and how long the data takes over it, with a chart
of days against link speed (``core/planning/transfer.py`` does the arithmetic).

Fields of ``wizard.state`` (``PlanTheMoveChoices``) written here: ``transfer``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDoubleSpinBox, QLabel, QLineEdit, QSizePolicy

from core.errors import ValidationError
from core.flows.plan_the_move import measured_upload_rate
from core.planning.report import portfolio_bytes
from core.planning.transfer import (
    WEEK_DAYS,
    TransferEstimate,
    TransferInputs,
    describe_transfer,
    estimate_transfer,
    transfer_problems,
)
from gui.wizards.base import FormPage, monospace
from gui.wizards.plan_the_move.choices import PlanTheMoveChoices

__all__ = ["TransferPage", "chart_text"]

BAR_WIDTH = 40  # characters of the longest bar


def chart_text(estimate: TransferEstimate) -> str:
    """Days against link speed as text bars (readable by a screen reader, printable)."""
    longest = max(point.days for point in estimate.chart) or 1
    lines = []
    for point in estimate.chart:
        bar = "█" * max(1, round(point.days / longest * BAR_WIDTH))
        week = "  more than a week" if point.days > WEEK_DAYS else ""
        lines.append(f"{point.label:>9} {bar} {point.days:.1f} days{week}")
    return "\n".join(lines)


class TransferPage(FormPage[PlanTheMoveChoices]):
    def __init__(self) -> None:
        super().__init__(
            "transfer",
            "Network or shipping?",
            "How long the data takes over your link. If it is more than a week, move it "
            "another way.",
        )
        self.data_size = QLineEdit()
        self.data_size.setAccessibleName("Data size")
        self.bandwidth = QLineEdit()
        self.bandwidth.setAccessibleName("Link speed")
        self.utilization = QDoubleSpinBox()
        self.utilization.setRange(1, 100)
        self.utilization.setSuffix(" %")
        self.utilization.setDecimals(0)
        self.utilization.setAccessibleName("Utilization")
        self.hours = QDoubleSpinBox()
        self.hours.setRange(1, 24)
        self.hours.setDecimals(1)
        self.hours.setAccessibleName("Hours a day")
        self.add_field("Data size", "size", self.data_size, "All the data; e.g. 70TB or 500GiB.")
        self.add_field("Link speed", "bandwidth", self.bandwidth, "e.g. 1Gbps, 500Mbps, 100MB/s")
        self.add_field("Utilization", "utilization", self.utilization, "The share it may use.")
        self.add_field("Hours a day", "hours_per_day", self.hours, "24 if it may run all day.")
        self.estimate = QLabel()
        self.estimate.setWordWrap(True)
        self.estimate.setAccessibleName("Estimate")
        self.estimate.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.chart = QLabel()
        self.chart.setAccessibleName("Days against link speed")
        monospace(self.chart)
        self.form.addRow("Estimate", self.estimate)
        self.form.addRow("Days by link speed", self.chart)
        for line in (self.data_size, self.bandwidth):
            line.textChanged.connect(self.update_estimate)
        for spin in (self.utilization, self.hours):
            spin.valueChanged.connect(self.update_estimate)
        # Read when the page opens: an upload finished meanwhile counts next time.
        self.measured_rate: float | None = None

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        super().initializePage()
        self.measured_rate = measured_upload_rate(self.flow.context.paths)
        state = self.flow.state
        size = state.transfer.size
        if not size.strip() and not state.portfolio.problems():
            total = portfolio_bytes(state.portfolio)
            size = f"{total / 1e12:g}TB" if total else ""
        self.data_size.setText(size)
        self.bandwidth.setText(state.transfer.bandwidth)
        self.utilization.setValue(state.transfer.utilization)
        self.hours.setValue(state.transfer.hours_per_day)
        self.update_estimate()

    def inputs(self) -> TransferInputs:
        return TransferInputs(
            self.data_size.text(),
            self.bandwidth.text(),
            self.utilization.value(),
            self.hours.value(),
            self.measured_rate,
        )

    def update_estimate(self) -> None:
        inputs = self.inputs()
        if transfer_problems(inputs):
            self.estimate.setText("Enter the size and the link speed to see the estimate.")
            self.chart.clear()
            return
        estimate = estimate_transfer(inputs)
        numbers, advice, *_alternatives = describe_transfer(estimate).splitlines()
        lines = [numbers, advice]
        if estimate.alternatives:
            names = ", ".join(item.name for item in estimate.alternatives)
            lines.append(f"Other ways: {names}. The plan lists their trade-offs.")
        self.estimate.setText("\n".join(lines))
        self.chart.setText(chart_text(estimate))

    def collect(self) -> None:
        inputs = self.inputs()
        for field, message in transfer_problems(inputs).items():
            raise ValidationError(field, message)
        self.flow.state.transfer = inputs
