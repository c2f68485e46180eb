"""``migration-assistant sync``: JSON lines and summary, the progress line, exit codes, and
a rerun after the process was killed carrying on."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest

from core.events import Progress
from core.flows.folder_sync import FolderSyncInputs
from core.paths import HOME_ENV, AppPaths
from core.sync.events import FileBytes, InFlight, ItemDone
from core.sync.items import Action, Reason, SyncItem
from core.sync.meter import FILES_STEP, SYNC_STEP
from core.transfer.planner import DEFAULT_THRESHOLD
from gui.commands import sync
from gui.commands.common import connection_from_args
from tests.fixtures.folders import TREE, build_tree, read_tree, shared_s3
from tests.fixtures.s3servers import S3Server

ROOT = Path(__file__).resolve().parents[3]


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="migration-assistant")
    sync.add_parser(parser.add_subparsers())
    args = parser.parse_args(["sync", *argv])
    code: int = args.run(args)
    return code


@pytest.fixture
def server(
    sandbox_s3_server: S3Server, app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> S3Server:
    for name, value in sandbox_s3_server.env().items():
        if name.startswith("AWS_"):
            monkeypatch.setenv(name, value)
    shared = shared_s3(sandbox_s3_server)
    # The command's own door on the tests' shared boto3 session (a new one per run would
    # parse S3's model again); everything else is the command as users run it.
    monkeypatch.setattr(sync, "door_from_args", lambda a: shared.door(connection_from_args(a)))
    return sandbox_s3_server


def _bucket(server: S3Server) -> str:
    """A fresh bucket, made through the shared client."""
    name = f"t-{uuid.uuid4().hex[:12]}"
    shared_s3(server).client.create_bucket(Bucket=name)
    return name


def _connection(server: S3Server) -> list[str]:
    return ["--endpoint-url", server.endpoint_url, "--region", "us-east-1"]


def _lines(out: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    lines = [json.loads(line) for line in out.strip().splitlines()]
    return lines[:-1], lines[-1]["summary"]


def test_json_lines_per_path_then_the_summary_and_a_second_run_sends_nothing(
    server: S3Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bucket = _bucket(server)
    source = build_tree(tmp_path / "site")
    argv = [str(source), f"s3://{bucket}/site", "--json", *_connection(server)]

    assert _run(argv) == 0
    first, summary = _lines(capsys.readouterr().out)
    assert summary == {
        "uploaded": len(TREE),
        "downloaded": 0,
        "deleted": 0,
        "skipped": 0,
        "failed": 0,
        "bytes": sum(len(data) for data in TREE.values()),
        "dry_run": False,
    }
    line = next(line for line in first if line["key"] == "site/readme.txt")
    assert line == {
        "action": "upload",
        "path": str(source / "readme.txt"),
        "key": "site/readme.txt",
        "bytes": 6,
        "reason": "new",
        "detail": "Not in S3 yet.",
    }

    assert _run(argv) == 0
    again, summary = _lines(capsys.readouterr().out)
    assert {line["action"] for line in again} == {"skip"}
    assert (summary["uploaded"], summary["skipped"], summary["bytes"]) == (0, len(TREE), 0)


def test_the_progress_line_names_the_largest_file_under_way_and_stdout_stays_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = SyncItem(Action.UPLOAD, Reason.NEW, "video/big.mkv", "video/big.mkv", size=200 << 20)
    output = sync._Output(FolderSyncInputs(tmp_path, "bucket"), as_json=True)
    output(
        InFlight((FileBytes("clip.mp4", 1 << 20, 10 << 20), FileBytes(big.rel, 12 << 20, big.size)))
    )
    output(Progress(SYNC_STEP, 13 << 20, 300 << 20, "B"))
    output(ItemDone(big))
    output(Progress(SYNC_STEP, 300 << 20, 300 << 20, "B"))  # the last line is always shown

    captured = capsys.readouterr()
    first, last = captured.err.strip().splitlines()
    assert first.endswith("; under way: video/big.mkv (12.0 MiB of 200.0 MiB)")
    assert "under way" not in last  # it ended
    assert [json.loads(line)["key"] for line in captured.out.splitlines()] == [big.key]


def test_while_the_walk_goes_on_the_progress_line_says_so_then_gives_the_totals(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = sync._Output(FolderSyncInputs(tmp_path, "bucket"), as_json=False)
    output(Progress(FILES_STEP, 40, None, "files"))  # the run started before the walk ended
    output(Progress(SYNC_STEP, 1 << 20, None, "B", 2e6, None))
    output(Progress(FILES_STEP, 100, 100, "files"))
    output(Progress(SYNC_STEP, 3 << 20, 3 << 20, "B", 2e6, 0.0))  # the last line is shown

    first, last = capsys.readouterr().err.strip().splitlines()
    assert first == "sync: 40 paths (still comparing), 1.0 MiB, 2.0 MB/s"
    assert last == "sync: 100 of 100 paths, 3.0 MiB of 3.0 MiB, 2.0 MB/s, 0 s left"


def test_delete_dry_run_lists_the_extra_objects_and_deletes_nothing(
    server: S3Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bucket = _bucket(server)
    source = build_tree(tmp_path / "site")
    assert _run([str(source), f"s3://{bucket}", *_connection(server)]) == 0
    client = shared_s3(server).client
    client.put_object(Bucket=bucket, Key="stale.html", Body=b"old")
    capsys.readouterr()

    code = _run(
        [str(source), f"s3://{bucket}", "--delete", "--dry-run", "--json", *_connection(server)]
    )

    lines, summary = _lines(capsys.readouterr().out)
    assert code == 0
    assert [line["key"] for line in lines if line["action"] == "delete"] == ["stale.html"]
    assert (summary["deleted"], summary["dry_run"]) == (1, True)
    assert client.head_object(Bucket=bucket, Key="stale.html")


def test_a_file_that_cannot_be_synced_exits_1_after_the_others(
    server: S3Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bucket = _bucket(server)
    source = build_tree(tmp_path / "site")
    (Path(os.fsdecode(bytes(source) + b"/bad-\xff.txt"))).write_bytes(b"not UTF-8 named")

    code = _run([str(source), f"s3://{bucket}", "--json", *_connection(server)])

    out, err = capsys.readouterr()
    lines, summary = _lines(out)
    assert code == 1
    assert (summary["uploaded"], summary["failed"]) == (len(TREE), 1)
    bad = next(line for line in lines if line["reason"] == "name not allowed")
    assert "UTF-8" in bad["detail"]
    assert "1 path(s) failed" in err


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["here", "there"], "One of SOURCE and DEST must be s3://"),
        (["s3://a-bucket", "s3://b-bucket"], "One of SOURCE and DEST must be s3://"),
        (["{missing}", "s3://a-bucket"], "There is no folder"),
        (["{folder}", "s3://a-bucket", "--exclude", "[oops"], "cannot be used"),
        (["{folder}", "s3://no-such-bucket-here"], "There is no bucket no-such-bucket-here"),
    ],
    ids=["both-local", "both-s3", "missing-folder", "bad-pattern", "no-such-bucket"],
)
def test_bad_input_exits_2_with_a_plain_sentence(
    server: S3Server,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    said: str,
) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    filled = [a.format(missing=tmp_path / "missing", folder=folder) for a in argv]

    code = _run([*filled, *_connection(server)])

    assert code == 2
    assert said in capsys.readouterr().err


def test_a_rerun_after_kill_9_carries_on_without_resending_what_arrived(
    server: S3Server, tmp_path: Path
) -> None:
    bucket = _bucket(server)
    files = {f"small/{n:03d}.txt": os.urandom(2000) for n in range(40)}
    files["big.bin"] = os.urandom(2 * DEFAULT_THRESHOLD)
    source = build_tree(tmp_path / "site", files)
    env = {**server.env(), HOME_ENV: os.environ[HOME_ENV], "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "gui", "sync", str(source), f"s3://{bucket}", "--json"]
    command += ["--concurrency", "2", *_connection(server)]
    first = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert first.stdout is not None
    for line in first.stdout:  # wait until some files have arrived, then kill it
        if json.loads(line).get("action") == "upload":
            break
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=30)
    first.stdout.close()

    second = subprocess.run(
        command, check=False, env=env, capture_output=True, text=True, timeout=120
    )

    assert second.returncode == 0, second.stderr
    lines = [json.loads(line) for line in second.stdout.strip().splitlines()]
    summary = lines[-1]["summary"]
    assert summary["uploaded"] < len(files)  # what arrived before the kill is not sent again
    assert summary["uploaded"] + summary["skipped"] == len(files)
    copy = tmp_path / "copy"
    assert _run([f"s3://{bucket}", str(copy), *_connection(server)]) == 0
    assert read_tree(copy) == read_tree(source)


def test_the_process_ends_at_once_when_done_with_all_its_output_and_its_code(
    server: S3Server, tmp_path: Path
) -> None:
    # A finished command skips the interpreter's teardown (os._exit): nothing it printed
    # may be lost with it, through a pipe (block-buffered) too.
    bucket = _bucket(server)
    source = build_tree(tmp_path / "site", {f"f/{n:04d}.txt": b"x" * n for n in range(300)})
    env = {**server.env(), HOME_ENV: os.environ[HOME_ENV], "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "gui", "sync", str(source), f"s3://{bucket}", "--json"]
    done = subprocess.run(
        [*command, *_connection(server)], check=False, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(lines) == 301 and lines[-1]["summary"]["uploaded"] == 300
    assert "300 of 300 paths" in done.stderr

    refused = subprocess.run(
        [*command, "--concurrency", "0"], check=False, env=env, capture_output=True, text=True
    )
    assert refused.returncode == 2 and "concurrency" in refused.stderr
