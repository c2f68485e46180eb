"""The frozen app's entry script (PyInstaller runs this file as ``__main__``).

Started with no arguments on Linux, it adds itself to the application menu
(gui/commands/desktop_entry.py) unless an entry for this copy is there.

A frozen executable has no ``python -c``: the upload worker (core.transfer.worker) starts
the executable itself with ``WORKER_FLAG`` first, and is dispatched here before argparse.
"""

import sys

from core.transfer.worker import WORKER_FLAG
from core.transfer.worker import main as upload_worker

if __name__ == "__main__":
    if sys.argv[1:2] == [WORKER_FLAG]:
        upload_worker(*map(int, sys.argv[2:4]))
        sys.exit(0)
    from gui.__main__ import main

    if sys.platform.startswith("linux") and len(sys.argv) == 1:
        # Started by double-click from the bundle folder: from now on it is in the menu too.
        from gui.commands import desktop_entry

        if not desktop_entry.is_installed_for():
            try:
                desktop_entry.install()
            except OSError as error:
                print(f"Could not add the app to the application menu: {error}", file=sys.stderr)
    sys.exit(main(as_process=True))
