"""``migration-assistant desktop-entry [--remove]``: put the app in the desktop's application
menu (Linux): the desktop entry, its icons and AppStream metainfo under ~/.local/share.

The frozen app does this on its first start from a new place (packaging/entry.py), so a user
who double-clicked it in the bundle folder finds it in the menu afterwards.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import sys
from pathlib import Path

__all__ = ["add_parser", "desktop_entry_path", "install", "is_installed_for", "run"]

APP_ID = "migration-assistant"
METAINFO = "io.github.migration_assistant.MigrationAssistant.metainfo.xml"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def _sources() -> tuple[Path, Path]:
    """(the folder with the desktop entry and metainfo, the icons folder)."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root is not None:
        root = Path(frozen_root)
        return root / "packaging" / "linux", root / "gui" / "resources" / "icons"
    root = Path(__file__).resolve().parents[2]
    return root / "packaging" / "linux", root / "gui" / "resources" / "icons"


def _data_home(given: Path | None) -> Path:
    if given is not None:
        return given
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def _command() -> str:
    """What the menu entry runs: this executable (the bundle's), else the installed script."""
    if getattr(sys, "frozen", False):
        return shlex.quote(sys.executable)
    script = shutil.which(APP_ID)
    if script is not None:
        return shlex.quote(script)
    return f"{shlex.quote(sys.executable)} -m gui"


def desktop_entry_path(data_home: Path | None = None) -> Path:
    return _data_home(data_home) / "applications" / f"{APP_ID}.desktop"


def _entry_text(command: str) -> str:
    linux, _ = _sources()
    lines = (linux / f"{APP_ID}.desktop").read_text(encoding="utf-8").splitlines()
    return "".join(
        (f"Exec={command}" if line.startswith("Exec=") else line) + "\n" for line in lines
    )


def is_installed_for(data_home: Path | None = None) -> bool:
    """Whether the menu entry exists and starts this very copy of the app."""
    path = desktop_entry_path(data_home)
    return path.is_file() and path.read_text(encoding="utf-8") == _entry_text(_command())


def install(data_home: Path | None = None) -> Path:
    """Write the entry, the icons and the metainfo; returns the entry's path."""
    home = _data_home(data_home)
    linux, icons = _sources()
    hicolor = home / "icons" / "hicolor"
    for size in ICON_SIZES:
        target = hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(icons / f"{APP_ID}-{size}.png", target)
    scalable = hicolor / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(icons / f"{APP_ID}.svg", scalable)
    metainfo = home / "metainfo" / METAINFO
    metainfo.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(linux / METAINFO, metainfo)
    entry = desktop_entry_path(home)
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_text(_entry_text(_command()), encoding="utf-8")
    return entry


def remove(data_home: Path | None = None) -> None:
    home = _data_home(data_home)
    hicolor = home / "icons" / "hicolor"
    paths = [
        desktop_entry_path(home),
        home / "metainfo" / METAINFO,
        hicolor / "scalable" / "apps" / f"{APP_ID}.svg",
        *(hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png" for size in ICON_SIZES),
    ]
    for path in paths:
        path.unlink(missing_ok=True)


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "desktop-entry",
        help="add the app to the desktop's application menu (Linux)",
        description="Add Migration Assistant to the application menu of this user's Linux "
        "desktop (a desktop entry and icons under ~/.local/share), pointing at this copy of "
        "the app. The bundle does this by itself on its first start.",
    )
    parser.add_argument("--remove", action="store_true", help="take the menu entry away again")
    parser.add_argument(
        "--data-home",
        type=Path,
        default=None,
        metavar="DIR",
        help="where to write (default: $XDG_DATA_HOME, else ~/.local/share)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.remove:
        remove(args.data_home)
        print("Removed Migration Assistant from the application menu.")
        return 0
    entry = install(args.data_home)
    print(f"Added Migration Assistant to the application menu: {entry}")
    return 0
