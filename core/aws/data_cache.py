"""botocore's data files (service models, endpoints, rule sets) parsed once, then kept.

Every new botocore session parses the JSON of each client's service model again, and
``endpoints.json`` (1.2 MB) for the first client: ~90 ms of a sync's start-up, measured.
``CachedFileLoader`` keeps each file it parses as marshal in the app's cache folder and
reads that next time (~5x faster). An entry names the botocore version, the Python that
wrote it, and the file's path, size and modification time: a missing, stale or unreadable
entry is parsed from the JSON again and written anew, never an error.

``QuickLoader`` also skips botocore's scan of its whole data folder (~400 services, ~15 ms
per kind of file a client loads) before each model: it looks for the one service asked for.
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import json
import marshal
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from stat import S_ISREG
from typing import Any

import botocore
import botocore.session
from botocore.exceptions import DataNotFoundError
from botocore.loaders import ExtrasProcessor, JSONFileLoader, Loader, instance_cache

__all__ = ["CachedFileLoader", "QuickLoader", "use_data_cache"]

# The files botocore's JSONFileLoader tries, in its order.
_SUFFIXES = (".json", ".json.gz")
# marshal's format may change between Python versions; a new layout here changes this too.
_FORMAT = f"1 python {sys.version_info[0]}.{sys.version_info[1]} marshal {marshal.version}"


def _entry_key(source: str, stat: os.stat_result) -> tuple[str, str, str, int, int]:
    return (_FORMAT, botocore.__version__, source, stat.st_size, stat.st_mtime_ns)


def _json_text(source: str) -> str:
    raw = Path(source).read_bytes()
    return (gzip.decompress(raw) if source.endswith(".gz") else raw).decode("utf-8")


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a file's data is built: endpoints.json is ~100,000
    objects, whose allocation set off collections over every object of the process (~25 ms
    of the ~30 its load took, measured). JSON data has no cycles for them to find."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


class CachedFileLoader(JSONFileLoader):
    """botocore's JSON file loader, remembering what it parsed in ``folder``.

    It parses as botocore does, but into plain dicts (insertion-ordered like botocore's
    OrderedDicts, which marshal cannot keep); each load is a new copy, as botocore changes
    some of what it loaded."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def load_file(self, file_path: str) -> Any:
        for suffix in _SUFFIXES:
            source = file_path + suffix
            try:
                stat = os.stat(source)
            except OSError:
                continue
            if not S_ISREG(stat.st_mode):
                continue
            key = _entry_key(source, stat)
            entry = self._entry_path(source)
            with _collector_paused():
                found = self._read(entry, key)
                if found is not None:
                    return found
                data = json.loads(_json_text(source))
            self._write(entry, key, data)
            return data
        return None

    def _entry_path(self, source: str) -> Path:
        return self.folder / (hashlib.sha1(source.encode(), usedforsecurity=False).hexdigest())

    @staticmethod
    def _read(entry: Path, key: tuple[str, str, str, int, int]) -> Any:
        # marshal trusts its input as the .pyc files beside our modules are trusted: the
        # folder is the user's own.
        try:
            stored = marshal.loads(entry.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return None  # not written yet, or cut short: parse the JSON again
        if not isinstance(stored, tuple) or len(stored) != 2 or stored[0] != key:
            return None  # another botocore, or the file changed since
        return stored[1]

    def _write(self, entry: Path, key: tuple[str, str, str, int, int], data: Any) -> None:
        try:
            payload = marshal.dumps((key, data))
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".{entry.name}.", dir=self.folder)
        except (OSError, ValueError):
            return  # a read-only cache folder only costs the next start its time
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(payload)
            # A reader (another process) sees the old entry or the whole new one.
            os.replace(temporary, entry)
        except OSError:
            Path(temporary).unlink(missing_ok=True)


class QuickLoader(Loader):
    """botocore's Loader that checks only the service asked for is there, not every one."""

    @instance_cache
    def load_service_model(
        self, service_name: str, type_name: str, api_version: Any | None = None
    ) -> Any:
        try:
            latest = self.determine_latest_version(service_name, type_name)
        except DataNotFoundError:
            # Unknown here: botocore's own answer, naming the services it knows.
            return super().load_service_model(service_name, type_name, api_version)
        version = api_version or latest
        model = self.load_data(os.path.join(service_name, version, type_name))
        extras = []
        for kind in self.extras_types:
            with suppress(DataNotFoundError):
                extras.append(
                    self.load_data(
                        os.path.join(service_name, version, f"{type_name}.{kind}-extras")
                    )
                )
        ExtrasProcessor().process(model, extras)
        return model


def use_data_cache(session: botocore.session.Session, folder: Path) -> None:
    """``session`` loads botocore's data through a ``QuickLoader`` over a ``CachedFileLoader``
    in ``folder``. Call it before anything asks the session for a client or a model."""
    # AWS_DATA_PATH (or the profile's data_path), read as botocore's create_loader does.
    search = session.get_config_variable("data_path")
    extra = (
        [os.path.expanduser(os.path.expandvars(path)) for path in search.split(os.pathsep)]
        if search
        else None
    )
    loader = QuickLoader(extra_search_paths=extra, file_loader=CachedFileLoader(folder))
    session.register_component("data_loader", loader)
