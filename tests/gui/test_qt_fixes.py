"""The window survives as many signals as a long upload emits (PySide6 6.12.0 drops a
reference to True on every Python emit: gui/qt_fixes.py)."""

from __future__ import annotations

import os
import subprocess
import sys

EMITS = 100_000  # about four times what True's own references last without the fix

PROGRAM = f"""
import sys
from PySide6.QtCore import QCoreApplication, QObject, Signal
from gui.qt_fixes import keep_true_alive
if sys.argv[1] == "fixed":
    keep_true_alive()
app = QCoreApplication([])
class Source(QObject):
    changed = Signal(object)
source = Source()
for number in range({EMITS}):
    source.changed.emit(number)
print("survived")
"""


def _emit_many(mode: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-c", PROGRAM, mode]
    return subprocess.run(
        command, check=False, capture_output=True, text=True, env=env, timeout=120
    )


def test_a_process_with_the_fix_survives_a_long_runs_worth_of_emits() -> None:
    fixed = _emit_many("fixed")
    assert (fixed.returncode, fixed.stdout.strip()) == (0, "survived")


def test_without_it_this_binding_would_abort_so_the_fix_is_still_needed() -> None:
    # When a fixed PySide6 makes this fail, gui/qt_fixes.py can go.
    bare = _emit_many("bare")
    assert bare.returncode != 0 and "bool_dealloc" in bare.stderr
