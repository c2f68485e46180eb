"""Names one side can hold and the other cannot, found before anything is sent."""

from __future__ import annotations

import os
import re
from pathlib import Path

__all__ = [
    "MAX_KEY_BYTES",
    "is_unfinished_download",
    "local_name_problem",
    "partial_path",
    "record_path",
    "s3_name_problem",
]

MAX_KEY_BYTES = 1024  # S3's limit on a key, in UTF-8 bytes
MAX_NAME_BYTES = 255  # a file name on Linux, macOS (APFS) and Windows (NTFS, in UTF-16)
PARTIAL_SUFFIX = ".sync-part"  # a download in progress: .NAME.sync-part beside NAME
RECORD_SUFFIX = ".sync-ranges"  # the ranges of .NAME.sync-part that arrived: .NAME.sync-ranges


def partial_path(target: Path) -> Path:
    """Where a download is written until it is verified: hidden, beside the file, so the
    rename is atomic and a rerun after a crash finds it."""
    return target.with_name(f".{target.name}{PARTIAL_SUFFIX}")


def record_path(target: Path) -> Path:
    """Beside the partial file of a ranged download: which of its ranges arrived, so a rerun
    fetches only the others."""
    return target.with_name(f".{target.name}{RECORD_SUFFIX}")


def is_unfinished_download(name: str) -> bool:
    """A name this app gives an unfinished download's partial file or its record."""
    return name.startswith(".") and name.endswith((PARTIAL_SUFFIX, RECORD_SUFFIX))


_CONTROL = re.compile("[\x00-\x1f\x7f]")


def _control_characters(text: str) -> bool:
    return _CONTROL.search(text) is not None


def s3_name_problem(name: str, key: str) -> str:
    """Why a local file called ``name`` cannot become ``key`` in S3 ('' when it can)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return (
            "Its name is not valid UTF-8 (bytes "
            f"{os.fsencode(name)!r}); S3 keys are UTF-8. Rename the file."
        )
    if _control_characters(name):
        return "Its name holds a control character, which S3 listings cannot return. Rename it."
    # A character is at most 4 bytes: most keys are short enough not to encode.
    if len(key) * 4 > MAX_KEY_BYTES and len(key.encode("utf-8")) > MAX_KEY_BYTES:
        return f"Its key would be over {MAX_KEY_BYTES} bytes, S3's limit. Shorten the path."
    return ""


def local_name_problem(name: str) -> str:
    """Why an S3 key's part ``name`` (between slashes) cannot be a file or folder name here."""
    if name in ("", ".", ".."):
        shown = "an empty part (two slashes in a row)" if not name else f"a part '{name}'"
        return f"The key has {shown}, which no folder can hold."
    if "\x00" in name or _control_characters(name):
        return "The key holds a control character, which a file name cannot hold here."
    if (os.sep != "/" and os.sep in name) or (os.altsep and os.altsep in name):
        return f"The key holds '{os.sep}', which separates folders here."
    if len(os.fsencode(name)) > MAX_NAME_BYTES:
        return f"A part of the key is over {MAX_NAME_BYTES} bytes, too long for a file name."
    if is_unfinished_download(name):
        return "The name is the one this app gives an unfinished download. Rename the object."
    return ""
