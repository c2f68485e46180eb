"""Folder sync benchmark: ``migration-assistant sync`` vs ``aws s3 sync`` vs ``s5cmd sync``
vs ``rclone sync``, against one local SeaweedFS server, side by side in one run.

Phases (``--phases``), each run its own process measured with ``os.wait4`` (wall,
user+system CPU of the client only, peak RSS), and the server's S3 requests counted:

- ``first``: each client syncs a tree (``--files`` files of ``--min``..``--max`` bytes,
  log-uniform, plus ``--big`` files of ``--big-size``) to a new prefix of its own;
- ``incremental``: ``--change`` of the files are rewritten (one byte longer), then each
  client syncs the tree to its prefix again; ``--rounds N`` does that N times, the
  clients' order rotated each time, and reports each client's medians;
- ``nochange``: ours uploads a tree of ``--listing`` empty files once (that also makes our
  sync state), then every client syncs that same tree to that same prefix: listing and
  compare only, which the server's write count (0) confirms for each client.

Everything lives in one work folder (``--work``; a new temporary one by default): the trees,
the server's data and ports, our app home, and what each phase left (bench.json). It is
deleted at the end unless a phase failed or ``--keep`` is given; a kept folder is used again
by ``--work DIR``, so one phase can be rerun without the others (the seeded prefix stays).

    python bench/sync_bench.py                      # the issue's sizes
    python bench/sync_bench.py --files 200 --listing 2000
    python bench/sync_bench.py --work /tmp/sb --keep --phases nochange --clients rclone

The AWS CLI and s5cmd come from ``bench/.venv`` (see bench/README.md); rclone is Debian's
(``apt-get install rclone``).
"""

from __future__ import annotations

import argparse
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sync_measure import (
    READS,
    Launcher,
    Measured,
    Work,
    busy_ports,
    environment,
    server_requests,
)
from upload_bench import (
    ACCESS_KEY,
    BUCKET,
    REGION,
    ROOT,
    SECRET_KEY,
    compile_ours,
    start_seaweedfs,
)

from core.transfer.planner import parse_size

CLIENTS = ("ours", "awscli", "s5cmd", "rclone")
PHASES = ("first", "incremental", "nochange")
PER_FOLDER = 50  # files per folder of the generated tree


def make_tree(root: Path, args: argparse.Namespace, rng: random.Random) -> None:
    low, high = math.log(args.min), math.log(args.max)
    for number in range(args.files):
        folder = root / f"d{number // (PER_FOLDER * 10):03d}" / f"s{number // PER_FOLDER:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"f{number:05d}.bin"
        path.write_bytes(os.urandom(int(math.exp(rng.uniform(low, high)))))
    for number in range(args.big):
        with (root / f"big-{number}.bin").open("wb") as stream:
            for _ in range(args.big_size // 1024**2):
                stream.write(os.urandom(1024**2))


def make_empty_tree(root: Path, count: int) -> None:
    for number in range(count):
        folder = root / f"e{number // 1000:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{number:06d}").touch()


def s5cmd_binary(aws: Path) -> Path:
    """The Go binary the s5cmd package ships, not its Python wrapper (0.1 s, 0.05 CPU-s more)."""
    found = sorted(aws.parent.parent.glob("lib/python3*/site-packages/s5cmd/bin/s5cmd"))
    return found[0] if found else aws.with_name("s5cmd")


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
        return [str(s5cmd_binary(args.aws)), "--endpoint-url", endpoint, "--numworkers", n,
                "sync", f"{source}/", f"{url}/"]  # fmt: skip
    return ["rclone", "sync", str(source), f":s3:{BUCKET}/{prefix}", "--s3-provider=Other",
            f"--s3-endpoint={endpoint}", f"--s3-access-key-id={ACCESS_KEY}",
            f"--s3-secret-access-key={SECRET_KEY}", f"--s3-region={REGION}", f"--transfers={n}",
            f"--checkers={n}"]  # fmt: skip


@dataclass
class Bench:
    server: subprocess.Popen[bytes]
    endpoint: str
    metrics: str
    args: argparse.Namespace
    env: dict[str, str]
    work: Work
    launcher: Launcher
    started: float = field(default_factory=time.monotonic)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (phase, client)

    def say(self, text: str) -> None:
        minutes, seconds = divmod(int(time.monotonic() - self.started), 60)
        print(f"[{minutes:02d}:{seconds:02d}] {text}", file=sys.stderr, flush=True)

    def run(self, client: str, source: Path, prefix: str) -> Measured:
        """One sync of ``source`` to ``prefix``, with the server requests it caused."""
        if self.server.poll() is not None:  # the clients would only retry until they give up
            raise SystemExit(f"SeaweedFS stopped: see {self.work.root / 'weed.log'}")
        before = server_requests(self.metrics)
        argv = command(client, source, prefix, self.endpoint, self.args)
        found = self.launcher.measure(argv, self.env, self.work.root / f"{client}.log")
        caused = server_requests(self.metrics) - before
        found["requests"] = sum(caused.values())
        found["writes"] = sum(n for kind, n in caused.items() if kind not in READS)
        return found

    def phase(self, name: str, jobs: dict[str, tuple[Path, str]]) -> dict[str, Measured]:
        """Each client syncs its source to its prefix, one after the other; ``name`` starts
        with the phase's name in ``--phases``."""
        self.say(f"{name}: {', '.join(jobs)}")
        began = time.monotonic()
        found: dict[str, Measured] = {}
        for client, (source, prefix) in jobs.items():
            try:
                found[client] = m = self.run(client, source, prefix)
            except RuntimeError as error:
                found[client] = {"error": str(error)}
                self.failed.append((name.partition(" ")[0], client))
                self.say(f"{name} {client} FAILED: {error}")
                continue
            self.say(
                f"{name} {client}: {m['wall']:.2f} s, {m['cpu']:.2f} CPU-s, {m['rss']:.0f} MiB, "
                f"{m['requests']:,} requests ({m['writes']:,} writes)"
            )
        self.say(f"{name} done in {time.monotonic() - began:.0f} s")
        return found


def table(title: str, results: dict[str, Measured], note: str = "") -> str:
    rows = [
        f"| {client} | failed | | | | |"
        if "error" in m
        else f"| {client} | {m['wall']:.2f} | {m['cpu']:.2f} | {m['rss']:.0f} | "
        f"{m['requests']:,} | {m['writes']:,} |"
        for client, m in results.items()
    ]
    ours = results.get("ours", {"error": "not run"})
    peers = [m for client, m in results.items() if client != "ours" and "error" not in m]
    if "error" not in ours and peers:
        best = {key: min(m[key] for m in peers) for key in ("wall", "cpu", "rss")}
        ratios = " | ".join(f"{ours[key] / best[key]:.2f}" for key in ("wall", "cpu", "rss"))
        rows.append(f"| ours / best peer | {ratios} | | |")
    head = "| client | wall s | client CPU-s | peak RSS MiB | S3 requests | writes |"
    return "\n".join([f"**{title}**", "", head, "| --- | --- | --- | --- | --- | --- |", *rows,
                      *(["", note] if note else []), ""])  # fmt: skip


def tree_files(tree: Path) -> list[Path]:
    return sorted(path for path in tree.rglob("*") if path.is_file())


def mark_held(bench: Bench, found: dict[str, Measured]) -> None:
    """The clients that synced now hold the tree's current version in their prefix."""
    for client, m in found.items():
        if "error" not in m:
            bench.work.record["clients"][client]["version"] = bench.work.record["tree"]["version"]
    bench.work.save()


def first_phase(bench: Bench, tree: Path) -> dict[str, Measured]:
    """Each client syncs the tree to a new prefix (a rerun must not find its earlier objects)."""
    clients, jobs = bench.work.record["clients"], {}
    for client in bench.args.clients:
        number = clients.get(client, {}).get("round", 0) + 1
        clients[client] = {"round": number, "prefix": f"{client}-{number}", "version": None}
        jobs[client] = (tree, f"{client}-{number}")
    bench.work.save()
    found = bench.phase("first", jobs)
    mark_held(bench, found)
    return found


def incremental_rounds(bench: Bench, tree: Path) -> dict[str, Measured]:
    """``--rounds`` incremental phases, the clients' order rotated each round (a sync right
    after another is often the slower one); each client's median of each figure."""
    rounds = [incremental_phase(bench, tree, turn) for turn in range(bench.args.rounds)]
    found: dict[str, Measured] = {}
    for client in {client: None for one in rounds for client in one}:
        runs = [one[client] for one in rounds if client in one]
        failed = next((m for m in runs if "error" in m), None)
        found[client] = failed or {key: statistics.median(m[key] for m in runs) for key in runs[0]}
    return found


def incremental_phase(bench: Bench, tree: Path, turn: int = 0) -> dict[str, Measured]:
    """Rewrites ``--change`` of the files, then each client syncs them to its prefix (the
    clients in ``--clients`` order, rotated ``turn`` places)."""
    record, clients = bench.work.record, bench.work.record["clients"]
    order = [c for c in bench.args.clients if c in clients]
    order = order[turn % len(order) :] + order[: turn % len(order)] if order else order
    jobs = {c: (tree, clients[c]["prefix"]) for c in order}
    for client in [c for c in bench.args.clients if c not in jobs]:
        bench.say(f"incremental {client}: skipped, no first sync done (--phases first)")
        bench.failed += [("first", client), ("incremental", client)]
    behind = {
        c: job for c, job in jobs.items() if clients[c]["version"] != record["tree"]["version"]
    }
    if behind:  # its first sync or an earlier incremental run failed, or was not run
        caught = bench.phase("incremental catch-up (not timed)", behind)
        mark_held(bench, caught)
        jobs = {c: job for c, job in jobs.items() if "error" not in caught.get(c, {})}
    if not jobs:
        return {}
    record["tree"]["version"] += 1
    bench.work.save()  # before the change: a crash in it leaves every client behind
    files = tree_files(tree)
    rng = random.Random(14 + record["tree"]["version"])
    for path in rng.sample(files, max(1, int(len(files) * bench.args.change))):
        path.write_bytes(os.urandom(path.stat().st_size + 1))
    found = bench.phase("incremental", jobs)
    mark_held(bench, found)
    return found


def nochange_phase(bench: Bench) -> tuple[dict[str, Measured], dict[str, Measured]]:
    """Ours seeds one prefix with the empty tree (once), then every client syncs it again."""
    count = bench.args.listing
    listing = bench.work.record["listings"].setdefault(str(count), {})
    empty, prefix = bench.work.root / f"empty-{count}", f"empty-{count}"
    if not listing.get("made"):
        bench.say(f"making {count:,} empty files")
        make_empty_tree(empty, count)
        listing["made"] = True
        bench.work.save()
    seeded: dict[str, Measured] = {}
    if not listing.get("seeded"):
        seeded = bench.phase("nochange seed", {"ours": (empty, prefix)})
        if "error" in seeded["ours"]:
            return seeded, {}
        listing["seeded"] = True
        bench.work.save()
    found = bench.phase("nochange", {client: (empty, prefix) for client in bench.args.clients})
    for client, m in found.items():
        if m.get("writes"):
            bench.say(f"nochange {client}: WROTE {m['writes']:,} times (it re-sent files)")
    return seeded, found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--min", type=parse_size, default=1024)
    parser.add_argument("--max", type=parse_size, default=4 * 1024**2)
    parser.add_argument("--big", type=int, default=2)
    parser.add_argument("--big-size", type=parse_size, default=200 * 1024**2)
    parser.add_argument("--change", type=float, default=0.01)
    parser.add_argument("--rounds", type=int, default=1, help="incremental phases, medians")
    parser.add_argument("--listing", type=int, default=200_000)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--clients", type=lambda text: tuple(text.split(",")), default=CLIENTS)
    parser.add_argument("--phases", type=lambda text: tuple(text.split(",")), default=PHASES)
    parser.add_argument("--work", type=Path, help="work folder (default: a new temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder at the end")
    parser.add_argument("--aws", type=Path, default=ROOT / "bench" / ".venv" / "bin" / "aws")
    args = parser.parse_args()
    unknown = set(args.phases) - set(PHASES) or set(args.clients) - set(CLIENTS)
    if unknown:
        parser.error(f"unknown phase or client: {', '.join(sorted(unknown))}")
    launcher = Launcher()  # first, while this process is still small
    compile_ours()
    work = Work.open(args.work or Path(tempfile.mkdtemp(prefix="sync-bench-")))
    busy = busy_ports(work.record["ports"])
    if busy:  # our sync state is kept per endpoint: the same ports find it again
        parser.error(f"ports {busy} of the server in {work.root} are taken: use a new --work")
    work.save()
    process, endpoint = start_seaweedfs(work.root, ports=work.record["ports"])
    metrics = f"http://127.0.0.1:{work.record['ports']['metricsPort']}/metrics"
    env = environment(work.root, args)
    bench = Bench(process, endpoint, metrics, args, env, work, launcher)
    completed = False
    try:
        completed = run_phases(bench)
    finally:
        launcher.close()
        process.terminate()
        process.wait(timeout=30)
        if completed and not args.keep:
            shutil.rmtree(work.root, ignore_errors=True)
            bench.say(f"removed {work.root} (the server's data and the trees)")
        else:
            data = sum(path.stat().st_size for path in (work.root / "data").rglob("*")
                       if path.is_file())  # fmt: skip
            bench.say(f"kept {work.root} (server data {data / 1024**3:.1f} GiB); "
                      f"delete it with rm -r when done")  # fmt: skip
    return 0 if completed else 1


def run_phases(bench: Bench) -> bool:
    """The phases asked for, their tables on stdout as each ends; True when none failed."""
    args, record = bench.args, bench.work.record
    tree = bench.work.root / "tree"
    spec = [args.files, args.min, args.max, args.big, args.big_size]
    shape = f"concurrency {args.concurrency}; SeaweedFS on 127.0.0.1 (HTTP)"
    if {"first", "incremental"} & set(args.phases):
        if record.get("tree", {}).get("spec") not in (None, spec):
            bench.say(f"{bench.work.root} holds a tree of other sizes: use a new --work")
            return False
        if "tree" not in record:
            bench.say("making the tree")
            make_tree(tree, args, random.Random(14))
            record["tree"] = {"spec": spec, "version": 0}
            bench.work.save()
        files = tree_files(tree)
        size = sum(path.stat().st_size for path in files) / 1024**2
        shape = f"{len(files):,} files, {size:,.0f} MiB; {args.change:.0%} rewritten; {shape}"
    print(f"{shape}\n", flush=True)
    if "first" in args.phases:
        print(table("First sync", first_phase(bench, tree)), flush=True)
    if "incremental" in args.phases:
        again = incremental_rounds(bench, tree)
        rounds = f", median of {args.rounds} rounds" if args.rounds > 1 else ""
        if again:
            title = f"Incremental sync ({args.change:.0%} changed{rounds})"
            print(table(title, again), flush=True)
    if "nochange" in args.phases and args.listing:
        seeded, unchanged = nochange_phase(bench)
        if seeded:
            print(table(f"Seeding: ours uploads {args.listing:,} empty files", seeded))
        if unchanged:
            note = ("Writes: PUT, POST, COPY and DELETE requests the server counted during "
                    "the run; 0 means the client re-sent nothing.")  # fmt: skip
            print(table(f"No-change sync of {args.listing:,} empty files", unchanged, note))
    if bench.failed:
        phases = [phase for phase in PHASES if phase in {p for p, _ in bench.failed}]
        clients = [client for client in CLIENTS if client in {c for _, c in bench.failed}]
        bench.say(f"failed: {', '.join(' '.join(pair) for pair in bench.failed)}; to rerun "
                  f"them: --work {bench.work.root} --phases {','.join(phases)} "
                  f"--clients {','.join(clients)}")  # fmt: skip
    return not bench.failed


if __name__ == "__main__":
    sys.exit(main())
