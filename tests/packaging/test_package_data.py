"""The style sheet and the icon travel with the code (package data), and a copy without its
style sheet fails loudly instead of running unstyled."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from PySide6.QtGui import QIcon
from pytestqt.qtbot import QtBot

import gui.app
from gui.app import ICON, RESOURCES, style_sheet

ROOT = Path(__file__).resolve().parents[2]


def test_the_style_sheet_is_there_and_not_empty() -> None:
    assert style_sheet().strip()


def test_a_missing_style_sheet_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gui.app, "RESOURCES", tmp_path)
    with pytest.raises(FileNotFoundError, match=r"style\.qss"):
        style_sheet()


def test_every_resource_is_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["gui"]
    package = RESOURCES.parent
    shipped = {path for pattern in patterns for path in package.glob(pattern)}
    files = {path for path in RESOURCES.rglob("*") if path.is_file()}
    assert files and files <= shipped, sorted(str(path) for path in files - shipped)


def test_the_window_icon_has_every_size(qtbot: QtBot) -> None:
    del qtbot  # a QApplication for QIcon
    icon = QIcon(str(ICON))
    assert not icon.isNull()
    for size in (16, 24, 32, 48, 64, 128, 256):
        png = ICON.with_name(f"migration-assistant-{size}.png")
        assert QIcon(str(png)).availableSizes()[0].width() == size, png
