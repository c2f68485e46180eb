"""Work-arounds for bugs of the Qt binding we ship, applied before the first signal.

PySide6 6.12.0 (the only release the package index offers) drops one reference to ``True``
on every ``Signal.emit()`` made from Python: ``emit`` returns ``True`` without taking a
reference. ``True`` starts with about 24,000 once the window's modules are loaded, so after
that many emits Python frees it and the process aborts ("Fatal Python error: bool_dealloc")
— about 100 minutes into an upload, whose pages emit a few times a second. From Python 3.12
``True`` is immortal and the lost references do no harm.
"""

from __future__ import annotations

import ctypes
import sys

__all__ = ["keep_true_alive"]

# References given to True once: at 10 emits a second, more than 3,000 years of them.
SPARE_REFERENCES = 1 << 40


def keep_true_alive() -> None:
    """Give ``True`` references it cannot run out of (once per process; harmless where the
    binding has no such bug)."""
    if sys.version_info >= (3, 12) or getattr(keep_true_alive, "done", False):
        return
    # CPython's object header starts with its reference count (ob_refcnt, a Py_ssize_t).
    ctypes.c_ssize_t.from_address(id(True)).value += SPARE_REFERENCES
    keep_true_alive.done = True  # type: ignore[attr-defined]
