"""Where the app keeps its files: the platform's config, data, log and cache directories.

``MIGRATION_ASSISTANT_HOME`` puts them all under one folder (tests, portable installs).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

__all__ = ["APP_NAME", "HOME_ENV", "AppPaths"]

APP_NAME = "migration-assistant"
HOME_ENV = "MIGRATION_ASSISTANT_HOME"


@dataclass(frozen=True)
class AppPaths:
    config_dir: Path
    data_dir: Path
    log_dir: Path
    # What the app can make again (botocore's parsed data files); None: beside the data.
    cache_dir: Path | None = None

    @classmethod
    def default(cls) -> AppPaths:
        home = os.environ.get(HOME_ENV)
        if home:
            root = Path(home)
            return cls(root / "config", root / "data", root / "logs", root / "cache")
        return cls(
            Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        )

    def ensure(self) -> AppPaths:
        for folder in (self.config_dir, self.data_dir, self.log_dir):
            folder.mkdir(parents=True, exist_ok=True)
        return self

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def ledger_file(self) -> Path:
        return self.data_dir / "ledger.json"

    @property
    def botocore_cache(self) -> Path:
        """botocore's data files as parsed before (``core/aws/data_cache.py``)."""
        return (self.cache_dir or self.data_dir / "cache") / "botocore"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "activity.log"
