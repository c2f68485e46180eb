"""botocore's data files are parsed once, then read from the app's cache; never wrong."""

from __future__ import annotations

import json
import os
from pathlib import Path

import botocore
import botocore.loaders
import pytest
from botocore.exceptions import UnknownServiceError

from core.aws import data_cache
from core.aws.data_cache import CachedFileLoader, QuickLoader
from core.aws.sessions import new_session
from core.paths import HOME_ENV, AppPaths

MODEL: dict[str, object] = {
    "version": "2.0",
    "metadata": {"apiVersion": "2020-01-01"},
    "operations": {},
}


def _data_folder(root: Path, model: dict[str, object]) -> Path:
    """A search path holding one service, ``fake``, whose model is ``model``."""
    (root / "fake" / "2020-01-01").mkdir(parents=True)
    _write_keeping_stat(root / "fake" / "2020-01-01" / "service-2.json", model)
    return root


def _write_keeping_stat(
    path: Path, model: dict[str, object], like: os.stat_result | None = None
) -> None:
    path.write_text(json.dumps(model))
    if like is not None:
        os.utime(path, ns=(like.st_atime_ns, like.st_mtime_ns))


def _load(data: Path, cache: Path) -> object:
    loader = QuickLoader(extra_search_paths=[str(data)], file_loader=CachedFileLoader(cache))
    return loader.load_service_model("fake", "service-2")


def test_a_second_load_reads_the_cache_not_the_json(tmp_path: Path) -> None:
    data = _data_folder(tmp_path / "data", MODEL)
    cache = tmp_path / "cache"
    assert _load(data, cache) == MODEL
    # Same size and time, other words: only a load from the cache still sees the first ones.
    source = data / "fake" / "2020-01-01" / "service-2.json"
    changed = {**MODEL, "version": "9.9"}
    _write_keeping_stat(source, changed, like=source.stat())
    assert _load(data, cache) == MODEL


def test_a_changed_file_is_parsed_again(tmp_path: Path) -> None:
    data = _data_folder(tmp_path / "data", MODEL)
    cache = tmp_path / "cache"
    _load(data, cache)
    source = data / "fake" / "2020-01-01" / "service-2.json"
    newer = source.stat().st_mtime_ns + 1_000_000_000
    changed = {**MODEL, "version": "9.9"}
    source.write_text(json.dumps(changed))
    os.utime(source, ns=(newer, newer))
    assert _load(data, cache) == changed


def test_another_botocore_version_misses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _data_folder(tmp_path / "data", MODEL)
    cache = tmp_path / "cache"
    _load(data, cache)
    source = data / "fake" / "2020-01-01" / "service-2.json"
    changed = {**MODEL, "version": "9.9"}
    _write_keeping_stat(source, changed, like=source.stat())
    monkeypatch.setattr(botocore, "__version__", "0.0.1")
    assert _load(data, cache) == changed


def test_a_corrupt_entry_is_ignored_and_replaced(tmp_path: Path) -> None:
    data = _data_folder(tmp_path / "data", MODEL)
    cache = tmp_path / "cache"
    _load(data, cache)
    (entry,) = cache.iterdir()
    entry.write_bytes(b"\x00not marshal at all")
    assert _load(data, cache) == MODEL
    # Written anew: the next load is served from it (the JSON now says something else).
    source = data / "fake" / "2020-01-01" / "service-2.json"
    _write_keeping_stat(source, {**MODEL, "version": "9.9"}, like=source.stat())
    assert _load(data, cache) == MODEL


def test_an_unwritable_cache_only_costs_time(tmp_path: Path) -> None:
    data = _data_folder(tmp_path / "data", MODEL)
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder would be")
    assert _load(data, blocked / "cache") == MODEL


def test_models_match_botocores_own_and_unknown_services_are_refused(tmp_path: Path) -> None:
    quick = QuickLoader(file_loader=CachedFileLoader(tmp_path / "cache"))
    plain = botocore.loaders.Loader()
    for service in ("s3", "sts"):
        expected = plain.load_service_model(service, "service-2")
        assert quick.load_service_model(service, "service-2") == expected  # parsed
        assert quick.load_service_model(service, "service-2") == expected  # remembered
    fresh = QuickLoader(file_loader=CachedFileLoader(tmp_path / "cache"))
    assert fresh.load_service_model("s3", "service-2") == plain.load_service_model(
        "s3", "service-2"
    )
    with pytest.raises(UnknownServiceError, match="Unknown service: 'no-such-service'"):
        fresh.load_service_model("no-such-service", "service-2")


def test_every_session_of_the_app_reads_what_an_earlier_one_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(HOME_ENV, str(tmp_path / "home"))
    services = ("s3", "sts", "iam", "sso-oidc")
    for service in services:
        new_session(keys=("key", "secret", None), region="eu-west-1").create_client(service)
    assert any(AppPaths.default().botocore_cache.iterdir())

    def refuse(source: str) -> str:
        raise AssertionError(f"{source} parsed again")

    monkeypatch.setattr(data_cache, "_json_text", refuse)
    for service in services:
        client = new_session(region="eu-west-1").create_client(service)
        assert client.meta.service_model.service_name == service
