"""The activity log file: what the app did, for support and audit. Never a secret: the AWS
door logs masked CLI lines only, and nothing else logs parameters."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

__all__ = ["configure_logging"]

LOGGER_NAME = "migration_assistant"


def configure_logging(log_file: Path, level: int = logging.INFO) -> logging.Handler:
    """Send the app's logs to a rotating file (5 x 2 MB); returns the handler to remove later."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        log_file, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger(LOGGER_NAME)
    logger.setLevel(level)
    logger.addHandler(handler)
    # Each Sandbox request would otherwise be logged by werkzeug.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    return handler
