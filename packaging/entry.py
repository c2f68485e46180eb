"""The frozen app's entry script (PyInstaller runs this file as ``__main__``).

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

    sys.exit(main())
