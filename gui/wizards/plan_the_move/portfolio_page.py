"""Page 1 of "Plan the move": the portfolio, one row per component, saved locally and
imported or exported as CSV.

Fields of ``wizard.state`` (``PlanTheMoveChoices``) written here: ``portfolio``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
)

from core.errors import ValidationError
from core.planning.components import Component, ComponentKind
from core.planning.portfolio import (
    Entry,
    Portfolio,
    load_portfolio,
    portfolio_file,
    portfolio_from_csv,
    portfolio_to_csv,
    save_portfolio,
)
from gui.widgets.rows import side_by_side
from gui.wizards.base import FormPage
from gui.wizards.plan_the_move.choices import PlanTheMoveChoices

__all__ = ["COLUMNS", "PortfolioPage"]

COLUMNS = ("Application", "Component", "Kind", "Size", "OS or engine", "Notes")
_KIND = COLUMNS.index("Kind")


class PortfolioPage(FormPage[PlanTheMoveChoices]):
    """The components of the applications to move; answers stay with their rows."""

    def __init__(self) -> None:
        super().__init__(
            "portfolio",
            "What you are moving",
            "List each application's parts that move on their own: VMs, databases, file "
            "shares, application code. Sizes such as 500GB or 2TiB.",
        )
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setAccessibleName("Components")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(200)
        add = QPushButton("Add component")
        add.clicked.connect(lambda: self.add_row(Entry(Component("", "", ComponentKind.VM))))
        remove = QPushButton("Remove")
        remove.setAccessibleName("Remove the selected component")
        remove.clicked.connect(self.remove_selected)
        import_csv = QPushButton("Import CSV…")
        import_csv.clicked.connect(self.ask_import)
        export_csv = QPushButton("Export CSV…")
        export_csv.clicked.connect(self.ask_export)
        self.add_field("Components", "portfolio", self.table)
        self.form.addRow("", side_by_side(add, remove, import_csv, export_csv))
        self._entries: list[Entry] = []

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        super().initializePage()
        state = self.flow.state
        if not state.portfolio.entries:
            state.portfolio = load_portfolio(portfolio_file(self.flow.context.paths))
        self.show_portfolio(state.portfolio)

    def show_portfolio(self, portfolio: Portfolio) -> None:
        self.table.setRowCount(0)
        self._entries = []
        for entry in portfolio.entries:
            self.add_row(entry)

    def add_row(self, entry: Entry) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        component = entry.component
        values = (component.application, component.name, "", component.size)
        for column, value in enumerate((*values, component.platform, component.notes)):
            if column != _KIND:
                self.table.setItem(row, column, QTableWidgetItem(value))
        kind = QComboBox()
        kind.setAccessibleName(f"Kind of component {row + 1}")
        for choice in ComponentKind:
            kind.addItem(choice.label, choice)
        kind.setCurrentIndex(list(ComponentKind).index(component.kind))
        self.table.setCellWidget(row, _KIND, kind)
        self._entries.append(entry)

    def remove_selected(self) -> None:
        for row in sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)
            del self._entries[row]

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def portfolio(self) -> Portfolio:
        """The table as a portfolio, each row keeping the answers it came with."""
        entries = []
        for row, earlier in enumerate(self._entries):
            kind = self.table.cellWidget(row, _KIND)
            assert isinstance(kind, QComboBox)
            component = Component(
                self._text(row, 0),
                self._text(row, 1),
                ComponentKind(kind.currentData()),
                self._text(row, 3),
                self._text(row, 4),
                self._text(row, 5),
            )
            entries.append(replace(earlier, component=component))
        return Portfolio(tuple(entries))

    def collect(self) -> None:
        portfolio = self.portfolio()
        if not portfolio.entries:
            raise ValidationError(
                "portfolio", "The portfolio is empty.", "Add a component or import a CSV."
            )
        problems = portfolio.problems()
        if problems:
            raise ValidationError("portfolio", "\n".join(problems.values()))
        self.flow.state.portfolio = portfolio
        save_portfolio(portfolio, portfolio_file(self.flow.context.paths))

    def import_csv(self, path: Path) -> None:
        self.clear_errors()
        try:
            portfolio = portfolio_from_csv(path.read_text(encoding="utf-8"))
        except ValidationError as error:
            self.show_error(ValidationError("portfolio", error.message, error.fix))
            return
        except OSError as error:
            self.show_error(ValidationError("portfolio", f"Could not read {path}: {error}"))
            return
        self.show_portfolio(portfolio)

    def export_csv(self, path: Path) -> None:
        path.write_text(portfolio_to_csv(self.portfolio()), encoding="utf-8")

    def ask_import(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Import a portfolio", "", "CSV (*.csv)")
        if chosen:
            self.import_csv(Path(chosen))

    def ask_export(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Export the portfolio", "portfolio.csv", "CSV (*.csv)"
        )
        if chosen:
            self.export_csv(Path(chosen))
