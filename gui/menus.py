"""The main window's menu bar beyond Edit: File (Quit), View (Activity panel, Refresh) and
Help (README topics, About), every action with a mnemonic and the usual shortcut."""

from __future__ import annotations

import importlib.metadata
import platform
import re
from collections.abc import Callable
from pathlib import Path

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

__all__ = ["MenuActions", "about_text", "readme_topics"]

APP_NAME = "Migration Assistant"
# A source checkout keeps the README next to the package; an installed copy may not have it.
README = Path(__file__).resolve().parent.parent / "README.md"


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def about_text() -> str:
    """The app's version and those of what it runs on (users quote it in a bug report)."""
    return (
        f"{APP_NAME} {_version('migration-assistant')}\n"
        f"Python {platform.python_version()}\n"
        f"Qt {qVersion()}, PySide6 {PySide6.__version__}\n"
        f"boto3 {_version('boto3')}"
    )


def readme_topics(path: Path = README) -> dict[str, str]:
    """README section title -> its Markdown (the ``##`` sections), empty when not installed."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return {}
    parts = re.split(r"^## +(.+)$", text, flags=re.MULTILINE)
    return {
        title.strip(): f"## {title}{body}"
        for title, body in zip(parts[1::2], parts[2::2], strict=True)
    }


def show_topic(parent: QWidget, title: str, markdown: str) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle(f"Help: {title}")
    text = QTextBrowser()
    text.setAccessibleName(f"Help: {title}")
    text.setOpenExternalLinks(True)
    text.setMarkdown(markdown)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(text)
    layout.addWidget(buttons)
    dialog.resize(720, 520)
    dialog.open()
    return dialog


class MenuActions:
    """The actions tests and other parts of the window reach (quit, activity, refresh, about)."""

    def __init__(
        self,
        window: QMainWindow,
        activity: QWidget,
        refresh: Callable[[], None],
        edit_menu: QMenu,
    ) -> None:
        self.window = window
        bar = window.menuBar()
        file_menu = QMenu("&File", bar)
        bar.insertMenu(edit_menu.menuAction(), file_menu)
        self.quit = _action(file_menu, "&Quit", "quit-action", QKeySequence("Ctrl+Q"))
        self.quit.triggered.connect(window.close)  # the window asks first when work runs

        view = bar.addMenu("&View")
        self.activity = _action(view, "&Activity panel", "activity-action", QKeySequence("F9"))
        self.activity.setCheckable(True)
        self.activity.setChecked(True)
        self.activity.toggled.connect(activity.setVisible)
        self.refresh = _action(view, "&Refresh", "refresh-action", QKeySequence("F5"))
        self.refresh.setStatusTip("Read the current page's lists again, or ask AWS who you are")
        self.refresh.triggered.connect(refresh)

        help_menu = bar.addMenu("&Help")
        topics = help_menu.addMenu("README &topics")
        self.topics: dict[str, QAction] = {}
        for title, markdown in readme_topics().items():
            action = topics.addAction(title)
            action.triggered.connect(lambda _=False, t=title, m=markdown: show_topic(window, t, m))
            self.topics[title] = action
        topics.setEnabled(bool(self.topics))
        self.about = _action(help_menu, f"&About {APP_NAME}", "about-action")
        self.about.setMenuRole(QAction.MenuRole.AboutRole)
        self.about.triggered.connect(self.show_about)

    def show_about(self) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Information, f"About {APP_NAME}", about_text())
        box.setParent(self.window, box.windowFlags())
        box.open()
        return box


def _action(menu: QMenu, text: str, name: str, shortcut: QKeySequence | None = None) -> QAction:
    action = menu.addAction(text)
    action.setObjectName(name)
    if shortcut is not None:
        action.setShortcut(shortcut)
    return action
