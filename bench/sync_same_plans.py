"""Do two versions of the code decide and tell the same? Each runs one scenario against a
local S3 server (see sync_perpath.py ``server``) on its own prefix and app folder: a tree
with rules, symlinks, a loop, bad names, an unfinished download and an empty folder, synced
up, changed on both sides, previewed (size-mtime, checksum, following links, with deletes),
run from its plan and streamed, then down into a folder. Every plan line, the counts, the
preview's events, the run's per-path events and results are compared (the prefix and the
work folder replaced by placeholders; a run's events sorted, its workers finish in any
order)::

    python bench/sync_same_plans.py --root /tmp/pp --endpoint URL --code before=/tmp/base \\
        --code after=.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

T0 = 1_600_000_000_000_000_000  # the files' times: long before any upload


def _put(tree: Path, rel: str, data: bytes, mtime: int = T0) -> None:
    path = tree / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    os.utime(path, ns=(mtime, mtime))


def _tree(tree: Path) -> None:
    for number in range(300):
        _put(tree, f"big/f{number:04d}.txt", b"x" * (number % 7), T0 + number * 10**9)
    for number in range(30):
        _put(tree, f"a/b/c/deep{number}.dat", bytes([number]) * 10)
    for rel in ("keep.tmp", "cache/x.bin", "cache/y.bin", "same/a.txt", "same/b.txt"):
        _put(tree, rel, rel.encode()[:4].ljust(4, b"_"))
    _put(tree, "same/c.txt", b"cccc")
    _put(tree, "ctl\x01name.txt", b"bad")
    _put(tree, os.fsdecode(b"bad\xffname.txt"), b"bad")
    _put(tree, ".foo.txt.sync-part", b"partial")
    (tree / "empty").mkdir()
    os.symlink("keep.tmp", tree / "link.tmp")
    os.symlink("/nonexistent", tree / "dangling")
    os.symlink("..", tree / "a" / "loop")


class Scenario:
    """One version's walk through the scenario, and what it heard (``out``)."""

    def __init__(self, root: Path, endpoint: str, label: str) -> None:
        from sync_perpath import door_and_client  # noqa: PLC0415
        from upload_bench import BUCKET  # noqa: PLC0415

        from core.flows.context import FlowContext  # noqa: PLC0415
        from core.ledger import Ledger  # noqa: PLC0415
        from core.paths import AppPaths  # noqa: PLC0415

        self.work = root / "same-plans" / label
        shutil.rmtree(self.work, ignore_errors=True)
        self.tree = self.work / "tree"
        _tree(self.tree)
        door, self.client = door_and_client(endpoint)
        self.app = AppPaths(self.work / "c", self.work / "d", self.work / "l").ensure()
        self.heard: list[Any] = []
        self.ctx = FlowContext(
            door, Ledger(self.app.ledger_file), sink=self.heard.append, wizard="folder-sync"
        )
        self.bucket = BUCKET
        self.prefix = f"same-{label}-{time.time_ns()}"
        self.out: list[tuple[str, list[str]]] = []

    def said(self, text: object) -> str:
        return str(text).replace(self.prefix, "PREFIX").replace(str(self.work), "WORK")

    def per_path(self, events: list[Any]) -> list[str]:
        kept = (e for e in events if type(e).__name__ in ("ItemStarted", "ItemDone"))
        return sorted(self.said(repr(event)) for event in kept)

    def notes(self) -> list[str]:
        return [self.said(repr(e)) for e in self.heard if type(e).__name__ == "Note"]

    def flow(self, folder: Path | None, events: list[Any], **options: Any) -> Any:
        from core.flows.folder_sync import FolderSyncFlow, FolderSyncInputs  # noqa: PLC0415

        inputs = FolderSyncInputs(folder or self.tree, self.bucket, self.prefix, **options)
        self.heard.clear()
        return FolderSyncFlow(inputs, sync_sink=events.append, paths=self.app)

    async def step(
        self, tag: str, folder: Path | None = None, run: bool = True, **options: Any
    ) -> None:
        events: list[Any] = []
        flow = self.flow(folder, events, **options)
        plan = await flow.preview(self.ctx)
        self.out.append((f"{tag}: plan", [self.said(repr(item)) for item in plan]))
        self.out.append((f"{tag}: counts", [self.said(repr(plan.counts))]))
        self.out.append((f"{tag}: preview events", [self.said(repr(e)) for e in self.heard]))
        if run:
            self.heard.clear()
            result = await flow.run(self.ctx, plan)
            self.out.append((f"{tag}: result", [self.said(repr(result))]))
            self.out.append((f"{tag}: run events", self.per_path(events)))
            self.out.append((f"{tag}: run notes", self.notes()))
        plan.close()

    async def streamed(self, tag: str, folder: Path | None = None, **options: Any) -> None:
        events: list[Any] = []
        result = await self.flow(folder, events, **options).run(self.ctx)
        self.out.append((f"{tag}: streamed result", [self.said(repr(result))]))
        self.out.append((f"{tag}: streamed events", self.per_path(events)))
        self.out.append((f"{tag}: streamed notes", self.notes()))


async def scenario(root: Path, endpoint: str, label: str) -> list[tuple[str, list[str]]]:
    from core.sync.items import CompareMode, Direction  # noqa: PLC0415
    from core.sync.rules import FilterRule  # noqa: PLC0415

    play = Scenario(root, endpoint, label)
    tree, work = play.tree, play.work
    rules = (FilterRule("*.tmp"), FilterRule("cache/"))
    await play.step("first up", rules=rules)
    await play.step("second up", rules=rules)
    _put(tree, "same/a.txt", b"AAAA", T0 + 5 * 10**9)  # same size, newer
    _put(tree, "same/b.txt", b"bbbbbb")  # another size
    _put(tree, "same/c.txt", b"CCCC", T0 - 5 * 10**9)  # same size, older
    for key, body in (("only-remote.txt", b"r"), ("big/", b""), ("keep.tmp/inner", b"r")):
        play.client.put_object(Bucket=play.bucket, Key=f"{play.prefix}/{key}", Body=body)
    await play.step("changed", run=False)
    await play.step("following links", run=False, follow_symlinks=True)
    await play.step("checksum", run=False, compare=CompareMode.CHECKSUM)
    back_in = (FilterRule("*.tmp"), FilterRule("*.tmp", include=True), FilterRule("big/f01*"))
    await play.step("with deletes", delete=True, rules=back_in)
    _put(tree, "same/a.txt", b"AAAAA", T0 + 9 * 10**9)
    await play.streamed("streamed up", delete=True)
    await play.streamed("streamed again")
    await play.step("down", folder=work / "down", direction=Direction.DOWN)
    await play.step("down again", folder=work / "down", direction=Direction.DOWN, delete=True)
    await play.streamed("streamed down", folder=work / "down2", direction=Direction.DOWN)
    return play.out


def compare(args: argparse.Namespace) -> int:
    heard = {}
    for label, code in (spec.split("=", 1) for spec in args.code):
        command = [
            sys.executable, __file__, "--scenario", "--code", code, "--label", label,
            "--root", str(args.root), "--endpoint", args.endpoint,
        ]  # fmt: skip
        done = subprocess.run(command, check=True, capture_output=True, text=True)
        heard[label] = json.loads(done.stdout.strip().splitlines()[-1])
    (first, one), (second, other) = heard.items()
    differ = 0
    for (tag, said), (_, said_too) in zip(one, other, strict=True):
        same = said == said_too
        differ += not same
        print(f"{'same     ' if same else 'DIFFERENT'} {tag} ({len(said)} lines)")
        for mine, theirs in zip(said, said_too, strict=False):
            if not same and mine != theirs:
                print(f"  {first}: {mine}\n  {second}: {theirs}")
                break
    return 1 if differ else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--code", action="append", default=[])
    parser.add_argument("--label", default="after")
    parser.add_argument("--scenario", action="store_true", help="run one version (internal)")
    args = parser.parse_args()
    if not args.scenario:
        sys.exit(compare(args))
    # The code compared is imported first (see sync_perpath.py).
    sys.path.insert(0, str(Path(args.code[0]).resolve()))
    import core  # noqa: F401, PLC0415

    print(json.dumps(asyncio.run(scenario(args.root, args.endpoint, args.label))), flush=True)


if __name__ == "__main__":
    main()
