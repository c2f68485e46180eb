"""The places the errors' fixes send a person to exist in the window: the connection bar's
controls by their text; no menu that is not there ("Connection > Credentials")."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QComboBox, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from core.aws.profiles import ProfileInfo, ProfileKind
from core.errors import MigrationAssistantError
from gui.keyboard import plain_mnemonic
from gui.widgets.connection_bar import ConnectionBar

# What the fixes name in the connection bar (core/errors.py, core/aws/error_mapping.py).
NAMED_IN_THE_CONNECTION_BAR = ("Access keys…", "Connect", "AWS profile", "Stored access keys")
# Menus the window has ("Edit > Settings…" comes with the Settings dialog).
KNOWN_MENUS = (
    "File > Quit",
    "Edit > Settings…",
    "View > Activity panel",
    "View > Refresh",
    "Help > About",
)


def every_error_class() -> list[type[MigrationAssistantError]]:
    found: list[type[MigrationAssistantError]] = []
    todo: list[type[MigrationAssistantError]] = [MigrationAssistantError]
    while todo:
        kind = todo.pop()
        found.append(kind)
        todo.extend(kind.__subclasses__())
    return found


def test_the_connection_bar_has_every_control_the_fixes_name(qtbot: QtBot) -> None:
    bar = ConnectionBar(lambda: [ProfileInfo("default", ProfileKind.KEYS)], ["us-east-1"])
    qtbot.addWidget(bar)
    texts = {plain_mnemonic(button) for button in bar.findChildren(QPushButton)}
    texts |= {label.text() for label in bar.findChildren(QLabel)}
    for combo in bar.findChildren(QComboBox):
        texts |= {combo.itemText(index) for index in range(combo.count())}
    fixes = " ".join(kind.default_fix for kind in every_error_class())

    for name in NAMED_IN_THE_CONNECTION_BAR:
        assert name in fixes
        assert name in texts, f"the connection bar has no {name!r}"


def test_no_fix_names_a_menu_the_window_does_not_have() -> None:
    for kind in every_error_class():
        for menu in re.findall(r"\b[A-Z][a-z]+ > [A-Z][\w …]+", kind.default_fix):
            assert menu.startswith(KNOWN_MENUS), f"{kind.__name__} names {menu!r}"
