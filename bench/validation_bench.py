"""Validation throughput and memory on a 1,000,000-row table, against peers in the same run.

Starts two throwaway MariaDB servers (as the tests do), fills the same table on both, then
times each method in its own child process so that its peak RSS is its own:

- ours: ``core.database.validate`` (chunked key-order checksums on the servers)
- checksum-table: ``CHECKSUM TABLE`` on both servers (whole table, no keys, no chunks)
- naive-stream: both tables streamed in key order (unbuffered cursors), compared row by row
- naive-fetchall: both tables fetched whole into Python lists, then compared

Run: ``.venv/bin/python -m bench.validation_bench [--rows N]`` (needs mariadb-server).
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pymysql
import pymysql.cursors

from core.database import DatabaseLogin, ValidationOptions, validate
from tests.fixtures.mariadb import DMS_PASSWORD, MariaDBFactory, ServerSpec

METHODS = ("idle", "ours", "checksum-table", "naive-stream", "naive-fetchall")
SCHEMA = "bench"
TABLE_SQL = (
    "CREATE TABLE bench.items (id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL, "
    "price DECIMAL(10,2) NOT NULL, note TEXT NULL, created DATETIME NOT NULL)"
)
FILL_SQL = (
    "INSERT INTO bench.items SELECT seq, CONCAT('item ', seq), (seq % 100000) / 100, "
    "IF(seq % 7 = 0, NULL, CONCAT('note about item ', seq)), "
    "'2026-01-01' + INTERVAL seq SECOND FROM bench.seq_1_to_{rows}"
)


def _connect(address: dict[str, Any], streaming: bool = False) -> Any:
    return pymysql.connect(
        host=address["host"],
        port=address["port"],
        user="bench",
        password=DMS_PASSWORD,
        database=SCHEMA,
        charset="utf8mb4",
        cursorclass=pymysql.cursors.SSCursor if streaming else pymysql.cursors.Cursor,
    )


def _measure(method: str, source: dict[str, Any], target: dict[str, Any]) -> dict[str, Any]:
    started = time.perf_counter()
    identical: bool | None = None
    if method == "ours":
        logins = [
            DatabaseLogin(a["host"], "bench", DMS_PASSWORD, port=a["port"])
            for a in (source, target)
        ]
        report = asyncio.run(validate(logins[0], logins[1], [SCHEMA], options=ValidationOptions()))
        identical = report.identical
    elif method == "checksum-table":
        sums = []
        for address in (source, target):
            with _connect(address) as connection, connection.cursor() as cursor:
                cursor.execute("CHECKSUM TABLE items")
                sums.append(cursor.fetchone()[1])
        identical = sums[0] == sums[1]
    elif method == "naive-stream":
        with (
            _connect(source, True) as left,
            _connect(target, True) as right,
            left.cursor() as a,
            right.cursor() as b,
        ):
            a.execute("SELECT * FROM items ORDER BY id")
            b.execute("SELECT * FROM items ORDER BY id")
            identical = all(x == y for x, y in zip(a, b, strict=False))
            identical = identical and a.fetchone() is None and b.fetchone() is None
    elif method == "naive-fetchall":
        tables = []
        for address in (source, target):
            with _connect(address) as connection, connection.cursor() as cursor:
                cursor.execute("SELECT * FROM items ORDER BY id")
                tables.append(cursor.fetchall())
        identical = tables[0] == tables[1]
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"method": method, "seconds": seconds, "peak_rss_kib": peak_kib, "identical": identical}


def _child(method: str, source: dict[str, Any], target: dict[str, Any]) -> dict[str, Any]:
    command = [
        sys.executable,
        "-m",
        "bench.validation_bench",
        "--measure",
        method,
        "--source",
        json.dumps(source),
        "--target",
        json.dumps(target),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    measured: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return measured


def _prepare(factory: MariaDBFactory, rows: int) -> list[dict[str, Any]]:
    addresses = []
    for name in ("bench-source", "bench-target"):
        server = factory.start(
            name, ServerSpec(log_bin=False, extra={}), **{"innodb-buffer-pool-size": "512M"}
        )
        started = time.perf_counter()
        server.execute(
            f"CREATE DATABASE {SCHEMA}",
            TABLE_SQL,
            FILL_SQL.format(rows=rows),
            "ANALYZE TABLE bench.items",
            f"CREATE USER 'bench'@'%' IDENTIFIED BY '{DMS_PASSWORD}'",
            "GRANT SELECT ON *.* TO 'bench'@'%'",
        )
        print(
            f"filled {name}: {rows:,} rows in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
        addresses.append({"host": server.host, "port": server.port})
    return addresses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--measure", choices=METHODS, help=argparse.SUPPRESS)
    parser.add_argument("--source", help=argparse.SUPPRESS)
    parser.add_argument("--target", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(_measure(args.measure, json.loads(args.source), json.loads(args.target))))
        return 0
    root = Path(tempfile.mkdtemp(prefix="ma-mariadb-bench-"))
    root.chmod(0o755)
    factory = MariaDBFactory(root)
    try:
        source, target = _prepare(factory, args.rows)
        # Warm both buffer pools so that no method pays for the first read from disk.
        _child("checksum-table", source, target)
        results = {method: _child(method, source, target) for method in METHODS}
    finally:
        factory.stop_all()
        shutil.rmtree(root, ignore_errors=True)
    idle_kib = results["idle"]["peak_rss_kib"]
    ours = results["ours"]
    print(f"\nValidation of {args.rows:,} rows (two MariaDB servers on this machine)\n")
    print(
        f"{'method':16} {'seconds':>8} {'rows/s':>11} {'peak RSS over idle':>19} "
        f"{'time vs ours':>13} {'identical':>10}"
    )
    for method in METHODS[1:]:
        result = results[method]
        rate = args.rows / result["seconds"]
        extra_mib = (result["peak_rss_kib"] - idle_kib) / 1024
        ratio = result["seconds"] / ours["seconds"]
        print(
            f"{method:16} {result['seconds']:8.2f} {rate:11,.0f} {extra_mib:16.1f} MiB "
            f"{ratio:12.2f}x {result['identical']!s:>10}"
        )
    print(f"\n(idle child process peak RSS: {idle_kib / 1024:.1f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
