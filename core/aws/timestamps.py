"""Timestamps in AWS answers, parsed without dateutil.

botocore parses every timestamp with ``dateutil.parser`` (about 60 µs each, measured): a
listing's ``LastModified`` of every key, so a sync of 100,000 objects spent 6 CPU-s on it.
The ISO 8601 that S3's (and most) XML and JSON answers carry parses with
``datetime.fromisoformat`` in well under a microsecond; anything else (an RFC 822 header,
epoch seconds, a time without its zone) still goes to botocore's own parser.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import botocore.session
import botocore.utils

__all__ = ["parse_timestamp", "use_fast_timestamps"]


def parse_timestamp(value: Any) -> datetime:
    """``value`` as the datetime botocore's ``parse_timestamp`` gives for it."""
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if parsed.tzinfo is not None:
                return parsed
    found: datetime = botocore.utils.parse_timestamp(value)
    return found


def use_fast_timestamps(session: botocore.session.Session) -> None:
    """Clients made from ``session`` from now on parse timestamps with ``parse_timestamp``."""
    factory = session.get_component("response_parser_factory")
    factory.set_parser_defaults(timestamp_parser=parse_timestamp)
