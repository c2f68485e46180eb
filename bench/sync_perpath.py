"""What a no-change folder sync costs per path, in this process: the CPU of its preview (walk,
compare, plan) and of its run (the plan read back, every path skipped), many times over.

The S3 side is a local SeaweedFS (upload_bench.start_seaweedfs). Each tree is synced once
(so every path is in the sync state), then ``--reps`` times preview + run of its plan, and
the command's run without a plan (the walk streamed into the run), timed with
``time.process_time`` (this process only: the server's CPU is not counted). Comparing two
versions of the code, ``compare`` runs ``measure`` with each one's checkout first on the
path, alternately, so the machine's other load falls on both alike::

    python bench/sync_perpath.py server --root /tmp/pp            # prints the endpoint
    python bench/sync_perpath.py compare --root /tmp/pp --endpoint URL \\
        --code before=/tmp/base --code after=. --rounds 3 --reps 10
    python bench/sync_perpath.py compare ... --cached             # without the listings' CPU
    python bench/sync_perpath.py measure --root /tmp/pp --endpoint URL --code . --label x
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

PARTS = ("preview", "run", "streamed")  # preview, run(plan), run() streaming the walk
TREES = {"t5k": (100, 50, 700), "t20k": (100, 200, 0)}  # folders, files each, bytes each


def door_and_client(endpoint: str) -> tuple[Any, Any]:
    """A door to ``endpoint`` as the app makes one, and a plain S3 client for the bench's own
    calls: a botocore session since main's 2026-12-01 start-up work, boto3's before it."""
    from upload_bench import ACCESS_KEY, REGION, SECRET_KEY  # noqa: PLC0415

    from core.aws import AwsDoor, Connection  # noqa: PLC0415
    from core.settings import ConnectionMode  # noqa: PLC0415

    try:
        from core.aws.sessions import new_session  # noqa: PLC0415
    except ImportError:  # an older checkout
        import boto3  # noqa: PLC0415

        session: Any = boto3.Session(
            aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY, region_name=REGION
        )
        client = session.client("s3", endpoint_url=endpoint)
    else:
        session = new_session(keys=(ACCESS_KEY, SECRET_KEY, None), region=REGION)
        client = session.create_client("s3", endpoint_url=endpoint)
    connection = Connection(mode=ConnectionMode.PROFILE, region=REGION, endpoint_url=endpoint)
    return AwsDoor(connection, session=session), client


def build_tree(root: Path, name: str) -> Path:
    folders, files, size = TREES[name]
    tree = root / "trees" / name
    if tree.exists():
        return tree
    for folder in range(folders):
        place = tree / f"folder-{folder:03d}"
        place.mkdir(parents=True)
        for number in range(files):
            (place / f"file-{number:05d}.dat").write_bytes(os.urandom(size))
    return tree


async def measure(args: argparse.Namespace) -> dict[str, Any]:
    from upload_bench import BUCKET  # noqa: PLC0415

    from core.flows.context import FlowContext  # noqa: PLC0415
    from core.flows.folder_sync import FolderSyncFlow, FolderSyncInputs  # noqa: PLC0415
    from core.ledger import Ledger  # noqa: PLC0415
    from core.paths import AppPaths  # noqa: PLC0415

    door, _ = door_and_client(args.endpoint)
    app = AppPaths(*(args.root / "apps" / args.label / part for part in ("c", "d", "l"))).ensure()
    ctx = FlowContext(door, Ledger(app.ledger_file), wizard="folder-sync")
    tree = build_tree(args.root, args.tree)
    events = 0

    def count(_event: object, /) -> None:
        nonlocal events
        events += 1

    inputs = FolderSyncInputs(tree, BUCKET, f"{args.label}-{args.tree}")
    flow = FolderSyncFlow(inputs, sync_sink=count, paths=app)
    first = await flow.run(ctx)  # uploads once, or finds it all there and remembers it
    if args.cached:
        await _cache_listings(door, BUCKET, inputs.key_prefix)
    previews: list[float] = []
    runs: list[float] = []
    walks: list[float] = []
    paths = 0
    for _ in range(args.reps):
        gc.collect()
        started = time.process_time()
        plan = await flow.preview(ctx)
        middle = time.process_time()
        result = await flow.run(ctx, plan)
        ended = time.process_time()
        plan.close()
        streamed = await flow.run(ctx)  # the command's: each path done as the walk decides it
        assert result.uploaded == streamed.uploaded == 0 and result.failed == 0, result
        paths = result.skipped
        previews.append(middle - started)
        runs.append(ended - middle)
        walks.append(time.process_time() - ended)
    return {
        "label": args.label,
        "tree": args.tree,
        "paths": paths,
        "first_uploaded": first.uploaded,
        "preview": previews,
        "run": runs,
        "streamed": walks,
        "events": events,
        "code": sys.modules["core"].__file__,
    }


async def _cache_listings(door: Any, bucket: str, root: str) -> None:
    """Every later sync is given the S3 listings of this one, from memory: what is left of
    the preview's CPU is the walk's own, without the requests and their parsing."""
    from core.sync import remote  # noqa: PLC0415

    tree = remote.RemoteTree(door, bucket, root)
    kept = {}
    waiting = [root]
    while waiting:
        prefix = waiting.pop()
        kept[prefix] = await tree.listing(prefix)
        waiting += [f"{prefix}{name}/" for name in kept[prefix].folders]

    async def listing(self: Any, prefix: str) -> Any:
        return kept.get(prefix, remote.RemoteListing())

    remote.RemoteTree.listing = listing  # type: ignore[method-assign]


def compare(args: argparse.Namespace) -> None:
    results: dict[tuple[str, str], dict[str, list[float]]] = {}
    for _ in range(args.rounds):
        for tree in args.trees:
            for label, code in (spec.split("=", 1) for spec in args.code):
                command = [
                    sys.executable, __file__, "measure", "--code", code, "--root", str(args.root),
                    "--endpoint", args.endpoint, "--label", label, "--tree", tree,
                    "--reps", str(args.reps), *(["--cached"] if args.cached else []),
                ]  # fmt: skip
                out = subprocess.run(command, check=True, capture_output=True, text=True)
                found = json.loads(out.stdout.strip().splitlines()[-1])
                slot = results.setdefault((tree, label), {part: [] for part in PARTS})
                for part in PARTS:
                    slot[part] += found[part]
                slot["paths"] = [found["paths"]]
                print(
                    f"{tree} {label}: "
                    + ", ".join(f"{p} {statistics.median(found[p]) * 1e3:.0f} ms" for p in PARTS),
                    flush=True,
                )
    print("\nCPU us per path, median / min:")
    print("tree  code     paths" + "".join(f"  {part:>15}" for part in PARTS))
    for (tree, label), slot in sorted(results.items()):
        paths = slot["paths"][0]
        line = f"{tree:5} {label:7} {paths:6}"
        for part in PARTS:
            values = [value / paths * 1e6 for value in slot[part]]
            line += f"  {statistics.median(values):7.1f} {min(values):7.1f}"
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("server", "measure", "compare"))
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--endpoint", default="")
    parser.add_argument("--label", default="after")
    parser.add_argument("--tree", choices=sorted(TREES), default="t5k")
    parser.add_argument("--trees", nargs="+", default=sorted(TREES))
    parser.add_argument("--code", action="append", default=[])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--reps", type=int, default=10)
    parser.add_argument(
        "--cached", action="store_true", help="S3 listings from memory: the walk's own CPU"
    )
    args = parser.parse_args()
    args.root.mkdir(parents=True, exist_ok=True)
    if args.mode == "server":
        from upload_bench import start_seaweedfs  # noqa: PLC0415

        process, endpoint = start_seaweedfs(args.root)
        print(endpoint, process.pid, flush=True)
        process.wait()
    elif args.mode == "measure":
        # The code measured is imported first: upload_bench puts this checkout first on the
        # path, but its imports of core then come from the package already loaded.
        if args.code:
            sys.path.insert(0, str(Path(args.code[0]).resolve()))
        import core  # noqa: F401, PLC0415

        print(json.dumps(asyncio.run(measure(args))), flush=True)
    else:
        compare(args)


if __name__ == "__main__":
    main()
