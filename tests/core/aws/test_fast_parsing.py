"""The one-pass REST-XML parser gives botocore's own dicts for the answers a sync and an
upload read (listings with owners, folders, odd keys and checksums; versions; multipart
uploads and their parts; errors), from the Sandbox and from SeaweedFS."""

from __future__ import annotations

import contextlib
from typing import Any
from urllib.parse import unquote_plus

from botocore.parsers import RestXMLParser

from core.aws.fast_parsing import FastXmlParser, reads_in_one_pass
from core.aws.timestamps import parse_timestamp
from tests.fixtures.s3servers import S3Server

KEYS = ["plain.txt", "a folder/with space.txt", "ünï/cødé ✓.txt", "amp&lt;&gt;'\".txt", "d/e/f"]


def _answers(server: S3Server) -> list[tuple[str, dict[str, Any]]]:
    """(operation, raw answer) for each call below, as botocore received them."""
    client = server.client()
    heard: list[tuple[str, dict[str, Any]]] = []

    def keep(response_dict: dict[str, Any], operation_model: Any, **_: Any) -> None:
        heard.append((operation_model.name, dict(response_dict)))

    client.meta.events.register("before-parse.s3.*", keep)
    bucket = server.new_bucket()
    for key in KEYS:
        client.put_object(Bucket=bucket, Key=key, Body=b"x", ChecksumAlgorithm="CRC32")
    client.list_objects_v2(Bucket=bucket)
    client.list_objects_v2(Bucket=bucket, FetchOwner=True, MaxKeys=2)
    client.list_objects_v2(Bucket=bucket, Delimiter="/")
    client.list_object_versions(Bucket=bucket)
    upload = client.create_multipart_upload(Bucket=bucket, Key="big.bin")["UploadId"]
    client.upload_part(Bucket=bucket, Key="big.bin", UploadId=upload, PartNumber=1, Body=b"p")
    client.list_parts(Bucket=bucket, Key="big.bin", UploadId=upload)
    client.list_multipart_uploads(Bucket=bucket)
    client.get_bucket_versioning(Bucket=bucket)
    with contextlib.suppress(client.exceptions.NoSuchBucket):
        client.list_objects_v2(Bucket=f"{bucket}-missing")
    return heard


def test_every_answer_parses_to_what_botocore_gives(s3_server: S3Server) -> None:
    client = s3_server.client()
    model = client.meta.service_model
    ours = FastXmlParser(timestamp_parser=parse_timestamp)
    botocores = RestXMLParser(timestamp_parser=parse_timestamp)
    for item in ("Object", "CommonPrefix", "ObjectVersion", "Part", "MultipartUpload"):
        assert reads_in_one_pass(model.shape_for(item)), item  # not botocore's way
    answers = _answers(s3_server)
    names = {name for name, _ in answers}
    assert {"ListObjectsV2", "ListObjectVersions", "ListParts", "ListMultipartUploads"} <= names
    parsed: dict[str, list[dict[str, Any]]] = {}
    for name, answer in answers:
        shape = model.operation_model(name).output_shape
        expected = botocores.parse(answer, shape)
        assert ours.parse(answer, shape) == expected, name
        parsed.setdefault(name, []).append(expected)
    # The answers hold what they should: keys, owners, folders, parts, the error.
    whole, owned, folders, missing = parsed["ListObjectsV2"]
    assert len(whole["Contents"]) == len(KEYS)
    assert all("Owner" in item for item in owned["Contents"])
    # Keys come URL-encoded (botocore decodes them after the parser, for both parsers).
    found = {unquote_plus(p["Prefix"]) for p in folders["CommonPrefixes"]}
    assert {"a folder/", "d/", "ünï/"} <= found
    assert missing["Error"]["Code"] == "NoSuchBucket"
    assert [part["PartNumber"] for part in parsed["ListParts"][0]["Parts"]] == [1]
