"""``migration-assistant upload`` and ``uploads``: JSON results, plain errors, resume after
the process is killed."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.paths import HOME_ENV, AppPaths
from core.transfer.journal import JournalStore
from gui.commands import upload, uploads
from tests.core.transfer.helpers import PART, downloaded, incomplete_uploads, make_file
from tests.fixtures.s3servers import READONLY_ACCESS_KEY, READONLY_SECRET_KEY, S3Server

ROOT = Path(__file__).resolve().parents[3]


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="migration-assistant")
    commands = parser.add_subparsers()
    upload.add_parser(commands)
    uploads.add_parser(commands)
    return parser.parse_args(argv)


def _run(argv: list[str]) -> int:
    args = _parse(argv)
    code: int = args.run(args)
    return code


@pytest.fixture
def server_env(
    s3_server: S3Server, app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> S3Server:
    for name, value in s3_server.env().items():
        if name.startswith("AWS_"):
            monkeypatch.setenv(name, value)
    return s3_server


def _last_line(text: str) -> str:
    return text.strip().splitlines()[-1]


def test_prints_one_json_line_for_a_multipart_upload(
    server_env: S3Server, s3_bucket: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = make_file(tmp_path / "dump.sql", 2 * 8 * 1024 * 1024 + 5)
    code = _run(
        [
            "upload",
            str(source),
            f"s3://{s3_bucket}/backups/",
            "--checksum",
            "sha256",
            "--endpoint-url",
            server_env.endpoint_url,
            "--region",
            "us-east-1",
        ]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    result = json.loads(out)
    assert result["key"] == "backups/dump.sql"
    assert (result["multipart"], result["parts"], result["part_size"]) == (True, 3, 8 * 1024**2)
    assert result["verified"] is True
    assert (result["resumed_parts"], result["bytes_sent"]) == (0, source.stat().st_size)
    assert result["size"] == source.stat().st_size
    assert "upload:" in err and "3 of 3 parts" in err
    client = server_env.client()
    assert (
        client.head_object(Bucket=s3_bucket, Key="backups/dump.sql")["ETag"].strip('"')
        == (result["etag"])
    )


def test_a_small_file_is_one_put(
    server_env: S3Server, s3_bucket: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = make_file(tmp_path / "notes.txt", 1000)
    code = _run(
        [
            "upload",
            str(source),
            f"s3://{s3_bucket}/notes.txt",
            "--max-bandwidth",
            "10MB/s",
            "--endpoint-url",
            server_env.endpoint_url,
            "--region",
            "us-east-1",
        ]
    )
    out, _ = capsys.readouterr()
    assert code == 0
    result = json.loads(out)
    assert (result["multipart"], result["parts"], result["verified"]) == (False, 1, True)
    assert downloaded(server_env.client(), s3_bucket, "notes.txt") == source.read_bytes()


@pytest.mark.parametrize(
    "case",
    [
        ("missing", [], "does not exist"),
        ("file", ["--part-size", "4MiB"], "outside S3's limits of 5 MiB to 5 GiB"),
        ("file", ["--part-size", "6GB"], "outside S3's limits of 5 MiB to 5 GiB"),
        ("file", ["--part-size", "five"], "'five' is not a size"),
        ("sparse", ["--part-size", "5MiB"], "more than S3's limit of 10,000"),
        ("file", ["--concurrency", "0"], "concurrency of 0"),
        ("file", ["--retry-for", "soon"], "'soon' is not a duration"),
        ("file", ["--retry-for", "48h"], "between 1 second and 24 hours"),
    ],
)
def test_refuses_bad_input_with_one_plain_sentence(
    tmp_path: Path,
    app_paths: AppPaths,
    capsys: pytest.CaptureFixture[str],
    case: tuple[str, list[str], str],
) -> None:
    make, extra, sentence = case
    source = tmp_path / "data.bin"
    if make == "file":
        make_file(source, 100)
    elif make == "sparse":  # 53 GB, costs no disk: more than 10,000 parts of 5 MiB
        with source.open("wb") as stream:
            stream.truncate(53 * 1000**3)
    code = _run(["upload", str(source), "s3://bucket/key", *extra, "--region", "us-east-1"])
    _, err = capsys.readouterr()
    assert code == 1
    assert sentence in _last_line(err)
    assert "Traceback" not in err


def test_names_a_missing_bucket(
    sandbox_s3_server: S3Server,
    app_paths: AppPaths,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Sandbox only: SeaweedFS quietly creates a missing bucket for an admin identity.
    server_env = sandbox_s3_server
    for name, value in server_env.env().items():
        if name.startswith("AWS_"):
            monkeypatch.setenv(name, value)
    source = make_file(tmp_path / "dump.sql", 3 * PART)
    code = _run(
        [
            "upload",
            str(source),
            "s3://no-such-bucket-here/dump.sql",
            "--part-size",
            "5MiB",
            "--endpoint-url",
            server_env.endpoint_url,
            "--region",
            "us-east-1",
        ]
    )
    _, err = capsys.readouterr()
    assert code == 1
    assert "bucket does not exist" in _last_line(err)


def test_says_when_it_cannot_connect(
    app_paths: AppPaths,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "key")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    source = make_file(tmp_path / "notes.txt", 100)
    code = _run(
        [
            "upload",
            str(source),
            "s3://bucket/notes.txt",
            "--endpoint-url",
            "http://127.0.0.1:9",
            "--region",
            "us-east-1",
        ]
    )
    _, err = capsys.readouterr()
    assert code == 1
    assert "Could not reach AWS" in _last_line(err)


def test_says_access_denied(
    seaweedfs_server: S3Server,
    app_paths: AppPaths,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bucket = seaweedfs_server.new_bucket()
    for name, value in seaweedfs_server.env(READONLY_ACCESS_KEY, READONLY_SECRET_KEY).items():
        if name.startswith("AWS_"):
            monkeypatch.setenv(name, value)
    source = make_file(tmp_path / "dump.sql", 3 * PART)
    code = _run(
        [
            "upload",
            str(source),
            f"s3://{bucket}/dump.sql",
            "--part-size",
            "5MiB",
            "--endpoint-url",
            seaweedfs_server.endpoint_url,
            "--region",
            "us-east-1",
        ]
    )
    _, err = capsys.readouterr()
    assert code == 1
    assert "denied access" in _last_line(err)


def _start_upload(
    server: S3Server, home: Path, source: Path, bucket: str, *extra: str
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gui",
            "upload",
            str(source),
            f"s3://{bucket}/big.bin",
            "--part-size",
            "5MiB",
            "--concurrency",
            "2",
            "--endpoint-url",
            server.endpoint_url,
            "--region",
            "us-east-1",
            *extra,
        ],
        cwd=ROOT,
        env={**server.env(), HOME_ENV: str(home)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_parts(journals: JournalStore, count: int, process: subprocess.Popen[str]) -> int:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        found = journals.all()
        if found and len(found[0].parts) >= count:
            return len(found[0].parts)
        time.sleep(0.02)
    raise AssertionError(f"no journal with {count} parts; exit code {process.poll()}")


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_running_it_again_after_a_kill_resends_only_unconfirmed_parts(
    s3_server: S3Server, s3_bucket: str, tmp_path: Path, stop: signal.Signals
) -> None:
    home = tmp_path / "home"
    journals = JournalStore.default(AppPaths(home / "config", home / "data", home / "logs"))
    source = make_file(tmp_path / "big.bin", 8 * PART + 4321)
    first = _start_upload(s3_server, home, source, s3_bucket, "--max-bandwidth", "12MB/s")
    try:
        confirmed = _wait_for_parts(journals, 2, first)
        os.kill(first.pid, stop)
        _, first_err = first.communicate(timeout=60)
    finally:
        if first.poll() is None:
            first.kill()
            first.communicate()
    if stop is signal.SIGTERM:
        assert first.returncode == 130
        assert "run it again to resume" in _last_line(first_err)
    else:
        assert first.returncode == -signal.SIGKILL
    assert len(incomplete_uploads(s3_server.client(), s3_bucket)) == 1

    second = _start_upload(s3_server, home, source, s3_bucket)
    out, err = second.communicate(timeout=120)

    assert second.returncode == 0, err
    result = json.loads(out)
    assert result["verified"] is True
    assert result["resumed_parts"] >= confirmed
    # Only parts not confirmed before the kill went again: at most all the rest.
    assert result["bytes_sent"] <= source.stat().st_size - confirmed * PART
    assert result["bytes_sent"] == source.stat().st_size - result["resumed_parts"] * PART
    assert downloaded(s3_server.client(), s3_bucket, "big.bin") == source.read_bytes()
    assert incomplete_uploads(s3_server.client(), s3_bucket) == []


def test_uploads_list_and_abort(
    server_env: S3Server, s3_bucket: str, capsys: pytest.CaptureFixture[str]
) -> None:
    client = server_env.client()
    first = client.create_multipart_upload(Bucket=s3_bucket, Key="a.bin")["UploadId"]
    client.upload_part(Bucket=s3_bucket, Key="a.bin", UploadId=first, PartNumber=1, Body=b"x" * 10)
    client.create_multipart_upload(Bucket=s3_bucket, Key="b.bin")
    connection = ["--endpoint-url", server_env.endpoint_url, "--region", "us-east-1"]

    assert _run(["uploads", "list", f"s3://{s3_bucket}", *connection]) == 0
    listed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    by_key = {item["key"]: item for item in listed}
    assert set(by_key) == {"a.bin", "b.bin"}
    assert (by_key["a.bin"]["upload_id"], by_key["a.bin"]["parts"]) == (first, 1)
    assert (by_key["a.bin"]["bytes"], by_key["a.bin"]["known"]) == (10, False)
    assert "initiated" in by_key["a.bin"]

    assert (
        _run(["uploads", "abort", f"s3://{s3_bucket}/a.bin", "--upload-id", first, *connection])
        == 0
    )
    assert json.loads(capsys.readouterr().out)["upload_id"] == first
    assert _run(["uploads", "abort", f"s3://{s3_bucket}/b.bin", *connection]) == 0
    capsys.readouterr()
    assert incomplete_uploads(client, s3_bucket) == []

    assert _run(["uploads", "abort", f"s3://{s3_bucket}/b.bin", *connection]) == 1
    assert "has no unfinished upload" in _last_line(capsys.readouterr().err)

    assert _run(["uploads", "lifecycle", f"s3://{s3_bucket}", "--days", "5", *connection]) == 0
    rules = client.get_bucket_lifecycle_configuration(Bucket=s3_bucket)["Rules"]
    assert rules[0]["AbortIncompleteMultipartUpload"]["DaysAfterInitiation"] == 5
