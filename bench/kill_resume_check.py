"""The issue's "done when" check: a 1 GiB upload through the command, killed with kill -9
halfway, started again, must finish verified having re-sent at most concurrency x part size.

    python bench/kill_resume_check.py [--size 1GiB]

Starts SeaweedFS (as upload_bench.py does), runs ``python -m gui upload`` in a private home,
SIGKILLs it once the journal holds half the parts, runs the same command again and prints
what each run did.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.upload_bench import (  # noqa: E402
    ACCESS_KEY,
    BUCKET,
    REGION,
    SECRET_KEY,
    start_seaweedfs,
)
from core.paths import HOME_ENV, AppPaths  # noqa: E402
from core.transfer.journal import JournalStore  # noqa: E402
from core.transfer.planner import parse_size  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=parse_size, default=1024**3)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kill-resume-"))
    server, endpoint = start_seaweedfs(work)
    try:
        source = work / "big.bin"
        with source.open("wb") as stream:
            for _ in range(args.size // 1024**2):
                stream.write(os.urandom(1024**2))
        home = work / "home"
        env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
        env.update(
            AWS_ACCESS_KEY_ID=ACCESS_KEY,
            AWS_SECRET_ACCESS_KEY=SECRET_KEY,
            AWS_CONFIG_FILE=os.devnull,
            AWS_SHARED_CREDENTIALS_FILE=os.devnull,
            **{HOME_ENV: str(home)},
        )
        command = [
            sys.executable, "-m", "gui", "upload", str(source), f"s3://{BUCKET}/big.bin",
            "--concurrency", str(args.concurrency), "--endpoint-url", endpoint,
            "--region", REGION,
        ]  # fmt: skip
        journals = JournalStore.default(AppPaths(home / "config", home / "data", home / "logs"))
        first = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
        journaled = 0
        part_count = 0
        while first.poll() is None:
            found = journals.all()
            if found:
                part_count = found[0].header.part_count
                journaled = len(found[0].parts)
                if journaled >= part_count // 2:
                    break
            time.sleep(0.01)
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
        [journal] = journals.all()
        part_size = journal.header.part_size
        print(f"killed: {len(journal.parts)} of {part_count} parts journaled ({part_size} B)")
        second = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, check=False
        )
        if second.returncode != 0:
            print(second.stderr, file=sys.stderr)
            return 1
        result = json.loads(second.stdout)
        parts_sent_again = result["parts"] - result["resumed_parts"]
        unconfirmed_at_kill = part_count - len(journal.parts)
        print(json.dumps(result, indent=2))
        print(
            f"second run: {result['resumed_parts']} parts skipped, {parts_sent_again} sent; "
            f"{unconfirmed_at_kill} were unconfirmed at the kill, of which at most "
            f"{args.concurrency} (the parts in flight) had been partly sent: re-sent "
            f"<= {args.concurrency} x {part_size} B; verified={result['verified']}"
        )
        return 0 if result["verified"] and parts_sent_again <= unconfirmed_at_kill else 1
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
