"""The connection bar counts the seconds while it connects, and stops once it knows."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from core.aws import Connection
from core.aws.door import CallerIdentity
from core.aws.profiles import ProfileInfo, ProfileKind
from core.settings import ConnectionMode
from gui.widgets.connection_bar import ConnectionBar


def test_connecting_shows_the_time_waited_until_the_answer(qtbot: QtBot) -> None:
    bar = ConnectionBar(lambda: [ProfileInfo("ops", ProfileKind.KEYS)], ["eu-west-1"])
    qtbot.addWidget(bar)
    now = [100.0]
    bar.clock = lambda: now[0]
    connection = Connection(ConnectionMode.PROFILE, "eu-west-1", "ops")

    bar.show_connecting(connection)
    assert bar.account.text() == "Connecting to Profile ops in eu-west-1…"
    now[0] += 65
    qtbot.waitUntil(lambda: bar.account.text().endswith(" 1:05"), timeout=3_000)
    assert bar.account.text() == "Connecting to Profile ops in eu-west-1… 1:05"

    bar.show_connected(
        CallerIdentity("111122223333", "arn:aws:iam::111122223333:user/ops"), connection
    )
    assert bar.account.text().startswith("Connected as arn:aws:iam::111122223333:user/ops")
    ticker = bar.findChild(QTimer, "connecting-ticker")
    assert isinstance(ticker, QTimer) and not ticker.isActive()
