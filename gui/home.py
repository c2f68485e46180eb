"""The home page: one card a flow."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gui.flow_card import FlowCard

__all__ = ["HomePage"]

_COLUMNS = 3


class HomePage(QWidget):
    """Signals:
    open_requested(object): the FlowCard whose button was pressed.
    """

    open_requested = Signal(object)

    def __init__(self, cards: list[FlowCard], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("homePage")
        self.buttons: dict[str, QPushButton] = {}
        heading = QLabel("What would you like to do?")
        heading.setObjectName("pageTitle")
        grid = QGridLayout()
        grid.setSpacing(12)
        for index, card in enumerate(cards):
            grid.addWidget(self._card(card), index // _COLUMNS, index % _COLUMNS)
        content = QWidget()
        content.setObjectName("homeContent")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(heading)
        layout.addLayout(grid)
        layout.addStretch(1)
        # Cards scroll rather than make the window taller than a laptop screen.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def _card(self, card: FlowCard) -> QFrame:
        frame = QFrame()
        frame.setObjectName("flowCard")
        title = QLabel(card.title)
        title.setObjectName("cardTitle")
        title.setWordWrap(True)
        text = QLabel(card.description)
        text.setWordWrap(True)
        # Thirteen "Open" buttons: a screen reader says which flow each one opens.
        button = QPushButton("&Open")
        button.setObjectName("primaryButton")
        button.setAccessibleName(f"Open: {card.title}")
        button.setAccessibleDescription(card.description)
        button.clicked.connect(lambda: self.open_requested.emit(card))
        self.buttons[card.key] = button
        layout = QVBoxLayout(frame)
        layout.addWidget(title)
        layout.addWidget(text, 1)
        layout.addWidget(button)
        return frame
