"""Render the app icon's PNG sizes (and the Windows .ico, the macOS .icns) from its SVG:
``QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icons.py``. The outputs are
committed; run this again after changing gui/resources/icons/migration-assistant.svg."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "gui" / "resources" / "icons"
SVG = ICONS / "migration-assistant.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    _app = QGuiApplication(sys.argv)
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"{SVG} is not a valid SVG", file=sys.stderr)
        return 1
    for size in SIZES:
        path = ICONS / f"migration-assistant-{size}.png"
        if not render(renderer, size).save(str(path), "PNG"):
            print(f"could not write {path}", file=sys.stderr)
            return 1
    # Qt's ico/icns writers take the largest size they support (256 px).
    largest = render(renderer, 256)
    for suffix in ("ico", "icns"):
        path = ICONS / f"migration-assistant.{suffix}"
        if not largest.save(str(path), suffix.upper()):
            print(f"could not write {path}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
