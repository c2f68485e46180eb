"""The S3 side of a sync's walk: a small tree's whole listing gives each folder what its own
delimiter listing gives, in fewer requests; a larger one is listed folder by folder."""

from __future__ import annotations

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


async def test_a_small_tree_is_listed_whole_and_each_folder_matches_its_own_listing(
    door: AwsDoor,
) -> None:
    before = len(door.records)
    served = await _walk(RemoteTree(door, "site-bucket", "site/"))
    calls = [record.cli for record in door.records[before:]]
    assert len(calls) == 1 and "--delimiter" not in calls[0]
    assert set(served) == {
        "site/", "site/css/", "site/css/fonts/", "site/img/", "site/img/b/",
        "site/img/b/c/", "site//",
    }  # fmt: skip
    for prefix, listing in served.items():
        assert listing == await list_remote(door, "site-bucket", prefix), prefix
    assert served["site/css/"].marker is not None
    assert [file.name for file in served["site/"].files] == ["Z.txt", "index.html"]


async def test_a_tree_over_the_pages_tried_is_listed_folder_by_folder(door: AwsDoor) -> None:
    whole = await _walk(RemoteTree(door, "site-bucket", "site/"))
    before = len(door.records)
    served = await _walk(RemoteTree(door, "site-bucket", "site/", pages=2, page_keys=2))
    calls = [record.cli for record in door.records[before:]]
    assert served == whole
    assert len(calls) == 2 + len(whole)
    assert all("--delimiter" in call for call in calls[2:])
