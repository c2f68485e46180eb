"""The S3 side of a sync's walk: a small tree's whole listing gives each folder what its own
delimiter listing gives, in fewer requests (its top-level folders at the same time); a larger
one is listed folder by folder."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from core.aws import S3, AwsDoor
from core.sync.remote import RemoteListing, RemoteTree, list_remote
from tests.fixtures.mocked_door import door_with_bucket

KEYS = [
    "site/index.html",
    "site/css/",  # a console's folder object
    "site/css/main.css",
    "site/css/fonts/a.woff",
    "site/img/b/c/deep.png",
    "site//odd.txt",  # two slashes: a folder with an empty name
    "site/Z.txt",
    "siteother/not-under-the-prefix.txt",
]


@pytest.fixture
async def door() -> AsyncIterator[AwsDoor]:
    async with door_with_bucket("site-bucket") as door:
        for key in KEYS:
            await door.call(S3.put_object, Bucket="site-bucket", Key=key, Body=key.encode())
        yield door


async def _walk(tree: RemoteTree) -> dict[str, RemoteListing]:
    """Every folder's listing, the root first and each folder before its sub-folders."""
    seen: dict[str, RemoteListing] = {}
    waiting = [tree.root]
    while waiting:
        prefix = waiting.pop(0)
        seen[prefix] = listing = await tree.listing(prefix)
        waiting += [f"{prefix}{name}/" for name in listing.folders]
    return seen


async def _matches_own_listings(door: AwsDoor, served: dict[str, RemoteListing]) -> None:
    assert set(served) == {
        "site/", "site/css/", "site/css/fonts/", "site/img/", "site/img/b/",
        "site/img/b/c/", "site//",
    }  # fmt: skip
    for prefix, listing in served.items():
        assert listing == await list_remote(door, "site-bucket", prefix), prefix
    assert served["site/css/"].marker is not None
    assert [file.name for file in served["site/"].files] == ["Z.txt", "index.html"]


async def test_each_top_level_folder_of_a_small_tree_is_listed_whole(door: AwsDoor) -> None:
    before = len(door.records)
    served = await _walk(RemoteTree(door, "site-bucket", "site/"))
    calls = [record.cli for record in door.records[before:]]
    assert "--delimiter" in calls[0] and "--prefix site/ " in calls[0]
    assert sorted(calls[1:]) == sorted(
        f"aws s3api list-objects-v2 --bucket site-bucket --prefix {top} --max-keys 1000 "
        "--region eu-west-1"
        for top in ("site//", "site/css/", "site/img/")
    )
    await _matches_own_listings(door, served)


async def test_a_root_of_more_folders_than_listed_at_once_is_listed_whole(door: AwsDoor) -> None:
    before = len(door.records)
    served = await _walk(RemoteTree(door, "site-bucket", "site/", at_once=2))
    calls = [record.cli for record in door.records[before:]]
    assert len(calls) == 2 and "--delimiter" not in calls[1] and "--prefix site/ " in calls[1]
    await _matches_own_listings(door, served)


async def test_a_tree_over_the_pages_tried_is_listed_folder_by_folder(door: AwsDoor) -> None:
    before = len(door.records)
    served = await _walk(RemoteTree(door, "site-bucket", "site/", pages=0))
    calls = [record.cli for record in door.records[before:]]
    assert len(calls) == len(served) and all("--delimiter" in call for call in calls)
    await _matches_own_listings(door, served)


async def test_an_excluded_top_level_folder_is_not_listed(door: AwsDoor) -> None:
    before = len(door.records)
    tree = RemoteTree(door, "site-bucket", "site/", skip=lambda prefix: prefix == "site/img/")
    root = await tree.listing("site/")
    await tree.listing("site/css/")
    calls = [record.cli for record in door.records[before:]]
    assert "img" in root.folders and not any("site/img/" in call for call in calls)


async def test_close_stops_the_listings_not_yet_asked_for(door: AwsDoor) -> None:
    tree = RemoteTree(door, "site-bucket", "site/")
    await tree.listing("site/")
    await tree.aclose()
    assert all(task.done() for task in asyncio.all_tasks() if task is not asyncio.current_task())
