"""Page 2 of "Plan the move": the questionnaire, component by component, with the advice
it leads to shown as the answers change (``core/planning/advisor.py`` decides).

Fields of ``wizard.state`` (``PlanTheMoveChoices``) written here: ``portfolio`` (answers).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QWidget,
)

from core.planning.advisor import Answers, Downtime, Driver, advise
from core.planning.portfolio import Portfolio, portfolio_file, save_portfolio
from gui.wizards.base import FormPage
from gui.wizards.plan_the_move.choices import PlanTheMoveChoices

__all__ = ["QuestionsPage"]

QUESTIONS = {
    "has_source_and_people": "We have its source code, and people who know it",
    "tied_to_platform": "It is tied to licences, an operating system or hardware",
    "depends_on_on_prem": "It depends on other systems that stay on-premises",
    "saas_does_the_job": "A SaaS product could do its job",
    "still_used": "It is still used",
}
DOWNTIME_TITLES = {
    Downtime.NONE: "None: it must keep running while it moves",
    Downtime.HOURS: "Hours",
    Downtime.DAYS: "Days",
}


class QuestionsPage(FormPage[PlanTheMoveChoices]):
    """One component at a time: its answers, and the approach they lead to."""

    def __init__(self) -> None:
        super().__init__(
            "questions",
            "How each component should move",
            "Answer for each component; the approach and the next step follow from the rules "
            "shown with each reason.",
        )
        self.component = QComboBox()
        self.component.setAccessibleName("Component")
        self.add_field("Component", "component", self.component)
        self.flags: dict[str, QCheckBox] = {}
        for name, question in QUESTIONS.items():
            box = QCheckBox(question)
            box.setAccessibleName(question)
            self.flags[name] = box
            self.form.addRow("", box)
        self.drivers: dict[Driver, QCheckBox] = {}
        for driver in Driver:
            box = QCheckBox(driver.value.capitalize().replace("Devops", "DevOps"))
            box.setAccessibleName(f"Driver: {driver.value}")
            self.drivers[driver] = box
        drivers_row = QWidget()
        line = QHBoxLayout(drivers_row)
        line.setContentsMargins(0, 0, 0, 0)
        for box in self.drivers.values():
            line.addWidget(box)
        line.addStretch(1)
        self.form.addRow("Drives the move", drivers_row)
        self.downtime = QComboBox()
        self.downtime.setAccessibleName("Downtime acceptable")
        for downtime, title in DOWNTIME_TITLES.items():
            self.downtime.addItem(title, downtime)
        self.add_field("Downtime acceptable", "downtime", self.downtime)
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        self.advice.setAccessibleName("Advice")
        self.advice.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.form.addRow("Advice", self.advice)
        self._shown = -1
        self.component.currentIndexChanged.connect(self._show_component)
        for box in (*self.flags.values(), *self.drivers.values()):
            box.toggled.connect(self._answers_changed)
        self.downtime.currentIndexChanged.connect(self._answers_changed)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        super().initializePage()
        self._shown = -1
        self.component.blockSignals(True)
        self.component.clear()
        for entry in self.flow.state.portfolio.entries:
            component = entry.component
            prefix = f"{component.application} / " if component.application else ""
            self.component.addItem(f"{prefix}{component.name} ({component.kind.label})")
        self.component.blockSignals(False)
        self._show_component(0)

    def answers(self) -> Answers:
        flags = {name: box.isChecked() for name, box in self.flags.items()}
        drivers = frozenset(driver for driver, box in self.drivers.items() if box.isChecked())
        return Answers(**flags, drivers=drivers, downtime=Downtime(self.downtime.currentData()))

    def _store(self) -> None:
        state = self.flow.state
        entries = list(state.portfolio.entries)
        if 0 <= self._shown < len(entries):
            entries[self._shown] = replace(entries[self._shown], answers=self.answers())
            state.portfolio = Portfolio(tuple(entries))

    def _show_component(self, index: int) -> None:
        self._store()
        entries = self.flow.state.portfolio.entries
        if not 0 <= index < len(entries):
            return
        answers = entries[index].answers
        widgets = (*self.flags.values(), *self.drivers.values(), self.downtime)
        for widget in widgets:
            widget.blockSignals(True)
        for name, box in self.flags.items():
            box.setChecked(bool(getattr(answers, name)))
        for driver, box in self.drivers.items():
            box.setChecked(driver in answers.drivers)
        self.downtime.setCurrentIndex(list(DOWNTIME_TITLES).index(answers.downtime))
        for widget in widgets:
            widget.blockSignals(False)
        self._shown = index
        self._answers_changed()

    def _answers_changed(self) -> None:
        entries = self.flow.state.portfolio.entries
        if not 0 <= self._shown < len(entries):
            return
        advice = advise(entries[self._shown].component, self.answers())
        step = advice.next_step
        self.advice.setText(
            f"<b>{advice.title}</b><br>{'<br>'.join(advice.reasons)}<br><i>Trade-offs:</i> "
            f"{advice.trade_offs}<br><i>Next step:</i> {step.title}"
        )

    def collect(self) -> None:
        self._store()
        save_portfolio(self.flow.state.portfolio, portfolio_file(self.flow.context.paths))
