"""``migration-assistant tour``: drive every wizard through the real GUI against the Sandbox.

Each flow is a ``TourFlow`` (``gui.tours.base``) whose ``drive`` coroutine clicks through
its pages like a user, calling ``shoot(page)`` on every page it visits. Screenshots go to
``DIR/<flow>-<NN>-<page>.png`` and a summary to ``DIR/tour.json``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from gui.qt_fixes import keep_true_alive
from gui.tours.base import Shooter

__all__ = ["run_tour"]

log = logging.getLogger("migration_assistant.tour")

# Seconds a Sandbox lifecycle stage lasts during the tour: statuses visibly change, quickly.
TOUR_PACE = 0.2
# The tour keeps its secrets in the app's store, under a keyring service of its own so it
# never reads or overwrites the user's (its names are the same at every run).
TOUR_KEYRING_SERVICE = "migration-assistant-tour"


class QWidgetLike(Protocol):
    def grab(self) -> Any: ...


def window_grabber(window: QWidgetLike) -> Callable[[Path], bool]:
    def grab(path: Path) -> bool:
        return bool(window.grab().save(str(path), "PNG"))

    return grab


def run_tour(out: Path, only: list[str] | None = None) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # The tour must not touch the user's own settings, ledger or keyring.
    os.environ["MIGRATION_ASSISTANT_HOME"] = tempfile.mkdtemp(prefix="ma-tour-")
    import qasync  # noqa: PLC0415 - Qt loads only here
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from core.logs import configure_logging  # noqa: PLC0415
    from core.paths import AppPaths  # noqa: PLC0415
    from gui.app import (  # noqa: PLC0415
        app_credential_store,
        create_window,
        route_qt_messages,
        style_sheet,
    )
    from gui.theme import follow_color_scheme  # noqa: PLC0415
    from gui.tours import tour_flows  # noqa: PLC0415

    out.mkdir(parents=True, exist_ok=True)
    configure_logging(AppPaths.default().ensure().log_file)
    route_qt_messages()
    keep_true_alive()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    follow_color_scheme(app, style_sheet())
    # Each flow gets a fresh window; closing one must not end the tour.
    app.setQuitOnLastWindowClosed(False)
    flows = [flow for flow in tour_flows() if not only or flow.key in only]
    summary: list[dict[str, object]] = []

    async def tour() -> None:
        for flow in flows:
            window = create_window(
                AppPaths.default().ensure(),
                app_credential_store(TOUR_KEYRING_SERVICE),
                force_sandbox=True,
                sandbox_pace=TOUR_PACE,
            )
            window.resize(1280, 860)
            window.show()
            shooter = Shooter(out, flow.key, window_grabber(window))
            entry: dict[str, object] = {"flow": flow.key, "pages": shooter.pages}
            try:
                await flow.drive(window, shooter)
                entry["finished"] = True
                # What the activity panel showed, for checking that each command runs.
                entry["commands"] = [record.cli for record in window.context.door.records]
            except Exception as error:
                log.exception("tour flow %s failed", flow.key)
                entry["finished"] = False
                entry["error"] = f"{type(error).__name__}: {error}"
                traceback.print_exc(file=sys.stderr)
                print(f"{flow.key}: did not finish: {error}", file=sys.stderr)
            finally:
                window.close()
                window.context.shutdown()
                window.deleteLater()
                await asyncio.sleep(0)
            summary.append(entry)
            print(
                f"{flow.key}: {len(shooter.pages)} page(s), "
                f"{'finished' if entry['finished'] else 'NOT finished'}",
                file=sys.stderr,
            )

    qasync.run(tour())
    finished = all(entry["finished"] for entry in summary) and bool(summary)
    (out / "tour.json").write_text(
        json.dumps({"finished": finished, "flows": summary}, indent=2) + "\n", encoding="utf-8"
    )
    return 0 if finished else 1
