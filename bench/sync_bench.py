"""Folder sync benchmark: ``migration-assistant sync`` vs ``aws s3 sync`` vs ``s5cmd sync``
vs ``rclone sync``, against one local SeaweedFS server, side by side in one run.

Phases, each client its own prefix, each run its own process measured with ``os.wait4``
(wall, user+system CPU of the client only, peak RSS):

1. first sync up of a tree (``--files`` files of ``--min``..``--max`` bytes, log-uniform,
   plus ``--big`` files of ``--big-size``);
2. incremental sync after ``--change`` of the files were rewritten (one byte longer);
3. a no-change sync of a tree of ``--listing`` empty files (listing and compare only),
   after each client made its own copy of it.

    python bench/sync_bench.py                      # the issue's sizes (about 10 GiB)
    python bench/sync_bench.py --files 2000 --max 1MiB --big-size 50MiB --listing 20000

The AWS CLI and s5cmd come from ``bench/.venv`` (see bench/README.md); rclone is Debian's
(``apt-get install rclone``).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from upload_bench import (
    ACCESS_KEY,
    BUCKET,
    REGION,
    ROOT,
    SECRET_KEY,
    client_env,
    start_seaweedfs,
)

from core.transfer.planner import parse_size

CLIENTS = ("ours", "awscli", "s5cmd", "rclone")
PER_FOLDER = 50  # files per folder of the generated tree


def make_tree(root: Path, args: argparse.Namespace, rng: random.Random) -> list[Path]:
    files = []
    low, high = math.log(args.min), math.log(args.max)
    for number in range(args.files):
        folder = root / f"d{number // (PER_FOLDER * 10):03d}" / f"s{number // PER_FOLDER:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"f{number:05d}.bin"
        path.write_bytes(os.urandom(int(math.exp(rng.uniform(low, high)))))
        files.append(path)
    for number in range(args.big):
        path = root / f"big-{number}.bin"
        with path.open("wb") as stream:
            for _ in range(args.big_size // 1024**2):
                stream.write(os.urandom(1024**2))
        files.append(path)
    return files


def make_empty_tree(root: Path, count: int) -> None:
    for number in range(count):
        folder = root / f"e{number // 1000:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{number:06d}").touch()


def command(
    client: str, source: Path, prefix: str, endpoint: str, args: argparse.Namespace
) -> list[str]:
    url = f"s3://{BUCKET}/{prefix}"
    n = str(args.concurrency)
    if client == "ours":
        return [sys.executable, "-m", "gui", "sync", str(source), url, "--endpoint-url", endpoint,
                "--concurrency", n]  # fmt: skip
    if client == "awscli":
        return [str(args.aws), "s3", "sync", str(source), url, "--endpoint-url", endpoint,
                "--only-show-errors"]  # fmt: skip
    if client == "s5cmd":
        return [str(args.aws.with_name("s5cmd")), "--endpoint-url", endpoint, "--numworkers", n,
                "sync", f"{source}/", f"{url}/"]  # fmt: skip
    return ["rclone", "sync", str(source), f":s3:{BUCKET}/{prefix}", "--s3-provider=Other",
            f"--s3-endpoint={endpoint}", f"--s3-access-key-id={ACCESS_KEY}",
            f"--s3-secret-access-key={SECRET_KEY}", f"--s3-region={REGION}", f"--transfers={n}",
            f"--checkers={n}"]  # fmt: skip


# Runs each client and reports its rusage. A child inherits the peak RSS of the process it
# was forked from (exec records the old memory's high-water mark), so clients are started by
# this small process, started before the bench loads anything, not by the bench itself.
LAUNCHER = """
import json, os, subprocess, sys, time
for line in sys.stdin:
    job = json.loads(line)
    started = time.monotonic()
    with open(job["log"], "ab") as out:
        child = subprocess.Popen(job["argv"], env=job["env"], cwd=job["cwd"], stdout=out,
                                 stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
    print(json.dumps({"code": os.waitstatus_to_exitcode(status),
                      "wall": time.monotonic() - started,
                      "cpu": usage.ru_utime + usage.ru_stime,
                      "rss": usage.ru_maxrss / 1024}), flush=True)
"""


class Launcher:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-S", "-c", LAUNCHER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def measure(self, argv: list[str], env: dict[str, str], log: Path) -> dict[str, float]:
        assert self.process.stdin is not None and self.process.stdout is not None
        job = {"argv": argv, "env": env, "cwd": str(ROOT), "log": str(log)}
        self.process.stdin.write(json.dumps(job) + "\n")
        self.process.stdin.flush()
        found: dict[str, float] = json.loads(self.process.stdout.readline())
        if found.pop("code") != 0:
            raise RuntimeError(f"{argv[:4]} failed:\n{log.read_text(errors='replace')[-2000:]}")
        return found

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)


def environment(work: Path, args: argparse.Namespace) -> dict[str, str]:
    config = work / "aws-config"
    config.write_text(
        f"[default]\nregion = {REGION}\ns3 =\n  max_concurrent_requests = {args.concurrency}\n"
    )
    env = client_env(config)
    env.update(
        MIGRATION_ASSISTANT_HOME=str(work / "home"),
        RCLONE_CONFIG=str(work / "rclone.conf"),
        PYTHONPATH=str(ROOT),
    )
    (work / "rclone.conf").touch()
    return env


@dataclass(frozen=True)
class Bench:
    endpoint: str
    args: argparse.Namespace
    env: dict[str, str]
    work: Path
    launcher: Launcher

    def phase(self, name: str, source: Path, suffix: str = "") -> dict[str, dict[str, float]]:
        """Each client syncs ``source`` to its own prefix (client name + ``suffix``)."""
        found = {}
        for client in self.args.clients:
            argv = command(client, source, f"{client}{suffix}", self.endpoint, self.args)
            found[client] = m = self.launcher.measure(argv, self.env, self.work / f"{client}.log")
            print(
                f"{name} {client}: {m['wall']:.2f} s, {m['cpu']:.2f} CPU-s, {m['rss']:.0f} MiB",
                file=sys.stderr,
                flush=True,
            )
        return found


def table(title: str, results: dict[str, dict[str, float]]) -> str:
    rows = [
        f"| {client} | {m['wall']:.2f} | {m['cpu']:.2f} | {m['rss']:.0f} |"
        for client, m in results.items()
    ]
    ours = results["ours"]
    peers = [m for client, m in results.items() if client != "ours"]
    best = {key: min(m[key] for m in peers) for key in ("wall", "cpu", "rss")}
    ratio = (f"| ours / best peer | {ours['wall'] / best['wall']:.2f} | "
             f"{ours['cpu'] / best['cpu']:.2f} | {ours['rss'] / best['rss']:.2f} |")  # fmt: skip
    return "\n".join([f"**{title}**", "", "| client | wall s | client CPU-s | peak RSS MiB |",
                      "| --- | --- | --- | --- |", *rows, ratio, ""])  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--min", type=parse_size, default=1024)
    parser.add_argument("--max", type=parse_size, default=4 * 1024**2)
    parser.add_argument("--big", type=int, default=2)
    parser.add_argument("--big-size", type=parse_size, default=200 * 1024**2)
    parser.add_argument("--change", type=float, default=0.01)
    parser.add_argument("--listing", type=int, default=200_000)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--clients", type=lambda text: tuple(text.split(",")), default=CLIENTS)
    parser.add_argument("--aws", type=Path, default=ROOT / "bench" / ".venv" / "bin" / "aws")
    args = parser.parse_args()
    launcher = Launcher()  # first, while this process is still small
    rng = random.Random(14)
    work = Path(tempfile.mkdtemp(prefix="sync-bench-"))
    process, endpoint = start_seaweedfs(work)
    bench = Bench(endpoint, args, environment(work, args), work, launcher)
    try:
        source = work / "tree"
        files = make_tree(source, args, rng)
        size = sum(path.stat().st_size for path in files)
        print(f"tree: {len(files)} files, {size / 1024**2:.0f} MiB", file=sys.stderr)
        first = bench.phase("first", source)
        for path in rng.sample(files, max(1, int(len(files) * args.change))):
            path.write_bytes(os.urandom(path.stat().st_size + 1))
        again = bench.phase("incremental", source)
        output = [
            f"{len(files):,} files, {size / 1024**2:,.0f} MiB; {args.change:.0%} rewritten; "
            f"concurrency {args.concurrency}; SeaweedFS on 127.0.0.1 (HTTP)",
            "",
            table("First sync", first),
            table(f"Incremental sync ({args.change:.0%} changed)", again),
        ]
        if args.listing:
            empty = work / "empty"
            make_empty_tree(empty, args.listing)
            bench.phase("listing-setup", empty, "-empty")
            unchanged = bench.phase("no-change", empty, "-empty")
            output.append(table(f"No-change sync of {args.listing:,} empty files", unchanged))
        print("\n".join(output))
    finally:
        launcher.close()
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
