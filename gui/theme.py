"""Light and dark: the palette and the style sheet follow the OS colour scheme, live.

The style sheet (resources/style.qss) names palette roles, plus a few ``@slot@`` colours
that a palette has no role for (errors, hints, the Sandbox banner, the focus ring); this
module fills them per scheme. Offscreen and many Linux desktops give no dark palette of
their own, so the dark one is built here (on Fusion, which draws with the palette)."""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

__all__ = ["SCHEME_VARIABLE", "apply_theme", "follow_color_scheme", "palette_for", "scheme_named"]

# MIGRATION_ASSISTANT_COLOR_SCHEME=dark|light overrides the OS (screenshots, tests).
SCHEME_VARIABLE = "MIGRATION_ASSISTANT_COLOR_SCHEME"

_ROLES = QPalette.ColorRole
_LIGHT = {
    _ROLES.Window: "#f6f7f9",
    _ROLES.WindowText: "#1d2b3a",
    _ROLES.Base: "#ffffff",
    _ROLES.AlternateBase: "#eceff3",
    _ROLES.Text: "#1d2b3a",
    _ROLES.PlaceholderText: "#5b6776",
    _ROLES.Button: "#e8ebef",
    _ROLES.ButtonText: "#1d2b3a",
    _ROLES.Highlight: "#1a5fd0",
    _ROLES.HighlightedText: "#ffffff",
    _ROLES.Link: "#0b57c2",
    _ROLES.ToolTipBase: "#ffffff",
    _ROLES.ToolTipText: "#1d2b3a",
    _ROLES.Mid: "#b8c0ca",
    _ROLES.Light: "#ffffff",
    _ROLES.Midlight: "#eef0f3",
    _ROLES.Dark: "#8a94a0",
    _ROLES.Shadow: "#5b6776",
    _ROLES.BrightText: "#ffffff",
}
_DARK = {
    _ROLES.Window: "#1e2227",
    _ROLES.WindowText: "#e6e9ee",
    _ROLES.Base: "#16191d",
    _ROLES.AlternateBase: "#262b31",
    _ROLES.Text: "#e6e9ee",
    _ROLES.PlaceholderText: "#a3acb7",
    _ROLES.Button: "#2d333b",
    _ROLES.ButtonText: "#e6e9ee",
    _ROLES.Highlight: "#1f5fc9",
    _ROLES.HighlightedText: "#ffffff",
    _ROLES.Link: "#8ab8ff",
    _ROLES.ToolTipBase: "#2d333b",
    _ROLES.ToolTipText: "#e6e9ee",
    _ROLES.Mid: "#4a525c",
    _ROLES.Light: "#3a414a",
    _ROLES.Midlight: "#333a42",
    _ROLES.Dark: "#101215",
    _ROLES.Shadow: "#000000",
    _ROLES.BrightText: "#ffffff",
}
# Colours with no palette role: (light, dark).
_SLOTS = {
    "error": ("#b42318", "#ff8a80"),
    "hint": ("#4d5866", "#b3bcc6"),
    "banner": ("#fff4ce", "#3d3410"),
    "banner-text": ("#4a3b00", "#ffe9a3"),
    "banner-border": ("#e0c45c", "#6b5a1c"),
    "focus": ("#000000", "#ffd166"),
    "disabled": ("#6b7581", "#8b949e"),
    "field-border": ("#7a8491", "#6e7681"),
}


def scheme_named(name: str) -> Qt.ColorScheme | None:
    """'dark' or 'light' (any case); None for anything else (follow the OS)."""
    return {"dark": Qt.ColorScheme.Dark, "light": Qt.ColorScheme.Light}.get(name.lower())


def palette_for(scheme: Qt.ColorScheme) -> QPalette:
    palette = QPalette()
    for role, color in (_DARK if scheme is Qt.ColorScheme.Dark else _LIGHT).items():
        palette.setColor(role, QColor(color))
    disabled = QColor(_SLOTS["disabled"][1 if scheme is Qt.ColorScheme.Dark else 0])
    for role in (_ROLES.WindowText, _ROLES.Text, _ROLES.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


def themed_style_sheet(template: str, scheme: Qt.ColorScheme) -> str:
    column = 1 if scheme is Qt.ColorScheme.Dark else 0
    for name, colors in _SLOTS.items():
        template = template.replace(f"@{name}@", colors[column])
    return template


def _known(scheme: Qt.ColorScheme) -> Qt.ColorScheme:
    return Qt.ColorScheme.Dark if scheme is Qt.ColorScheme.Dark else Qt.ColorScheme.Light


def current_scheme(forced: Qt.ColorScheme | None = None) -> Qt.ColorScheme:
    if forced is not None:
        return forced
    from_env = scheme_named(os.environ.get(SCHEME_VARIABLE, ""))
    if from_env is not None:
        return from_env
    return _known(QGuiApplication.styleHints().colorScheme())


def apply_theme(app: QApplication, template: str, scheme: Qt.ColorScheme) -> None:
    """Fusion with our palette for ``scheme``, and the style sheet filled for it."""
    if app.style().name().lower() != "fusion":
        app.setStyle(QStyleFactory.create("Fusion"))
    app.setPalette(palette_for(scheme))
    app.setStyleSheet(themed_style_sheet(template, scheme))


def follow_color_scheme(
    app: QApplication, template: str, forced: Qt.ColorScheme | None = None
) -> Callable[[], None]:
    """Apply the current scheme now, and again whenever the OS switches (unless forced).
    Returns what stops following."""
    apply_theme(app, template, current_scheme(forced))
    if forced is not None or scheme_named(os.environ.get(SCHEME_VARIABLE, "")):
        return lambda: None

    def switched(scheme: Qt.ColorScheme) -> None:
        apply_theme(app, template, _known(scheme))

    hints = app.styleHints()
    hints.colorSchemeChanged.connect(switched)

    def stop() -> None:
        hints.colorSchemeChanged.disconnect(switched)

    return stop
