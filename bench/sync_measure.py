"""How sync_bench.py runs and measures the clients, and keeps its work folder between runs.

The launcher starts each client and reports its rusage; SeaweedFS's metrics count the S3
requests each run caused; ``Work`` is the work folder with what earlier phases left in it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import socket
import subprocess
import sys
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from upload_bench import REGION, ROOT, client_env, seaweedfs_ports

__all__ = ["READS", "Launcher", "Measured", "Work", "busy_ports", "environment", "server_requests"]

READS = frozenset({"GET", "HEAD", "LIST"})  # SeaweedFS's request types that change nothing
Measured = dict[str, Any]  # wall, cpu, rss, requests, writes; or error


# Runs each client and reports its rusage. A child inherits the peak RSS of the process it
# was forked from (exec records the old memory's high-water mark), so clients are started by
# this small process, started before the bench loads anything, not by the bench itself.
LAUNCHER = """
import json, os, subprocess, sys, time
for line in sys.stdin:
    job = json.loads(line)
    started = time.monotonic()
    with open(job["log"], "ab") as out:
        try:
            child = subprocess.Popen(job["argv"], env=job["env"], cwd=job["cwd"], stdout=out,
                                     stderr=subprocess.STDOUT)
        except OSError as error:
            out.write(f"{job['argv'][0]}: {error}\\n".encode())
            print(json.dumps({"code": 127}), flush=True)
            continue
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

    def measure(self, argv: list[str], env: dict[str, str], log: Path) -> Measured:
        assert self.process.stdin is not None and self.process.stdout is not None
        job = {"argv": argv, "env": env, "cwd": str(ROOT), "log": str(log)}
        self.process.stdin.write(json.dumps(job) + "\n")
        self.process.stdin.flush()
        found: Measured = json.loads(self.process.stdout.readline())
        if found.pop("code") != 0:
            raise RuntimeError(f"{argv[:4]} failed:\n{log.read_text(errors='replace')[-2000:]}")
        return found

    def close(self) -> None:
        assert self.process.stdin is not None
        with contextlib.suppress(OSError):  # a Ctrl-C reached it too
            self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:  # still running a client: the bench was stopped
            self.process.kill()
            self.process.wait()


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


def server_requests(metrics: str) -> Counter[str]:
    """The S3 requests SeaweedFS has answered since it started, by type (PUT, GET, ...)."""
    with urllib.request.urlopen(metrics, timeout=60) as answer:
        text = answer.read().decode()
    counts: Counter[str] = Counter()
    for line in text.splitlines():
        if line.startswith("SeaweedFS_s3_request_total{"):
            kind = re.search(r'type="([^"]*)"', line)
            counts[kind.group(1) if kind else "?"] += int(float(line.rsplit(" ", 1)[1]))
    return counts


def busy_ports(ports: dict[str, int]) -> list[int]:
    busy = []
    for port in ports.values():
        with socket.socket() as handle:
            handle.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
            try:
                handle.bind(("127.0.0.1", port))
            except OSError:
                busy.append(port)
    return busy


@dataclass
class Work:
    """The work folder and what earlier phases left in it (bench.json), kept between runs."""

    root: Path
    record: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def open(cls, root: Path) -> Work:
        root.mkdir(parents=True, exist_ok=True)
        saved = root / "bench.json"
        record = json.loads(saved.read_text()) if saved.exists() else {}
        record.setdefault("ports", seaweedfs_ports("metricsPort"))
        record.setdefault("clients", {})  # client -> prefix, round, tree version it holds
        record.setdefault("listings", {})  # count -> made, seeded
        return cls(root, record)

    def save(self) -> None:
        (self.root / "bench.json").write_text(json.dumps(self.record, indent=1))
