"""AWS answers parsed faster than botocore does, to the same dicts.

Two costs of botocore's parser, both per item of a listing (measured on 1,000-key
ListObjectsV2 pages): every timestamp went through ``dateutil`` (~60 µs a key;
``core.aws.timestamps``), and each XML structure (a key's Contents) is read by building a
name-to-node map with a regular expression per tag, then visiting every member of its
shape: ~15 µs a key, 20 ms of a page's 27. ``FastXmlParser`` reads a structure of plain
members (no attributes, headers or unions) in one pass over its child nodes, handing each
to botocore's own handler for its type, so the values are botocore's; anything else is
botocore's code as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import botocore.session
from botocore import parsers as botocore_parsers
from botocore.model import Shape

from core.aws.timestamps import parse_timestamp

__all__ = ["FastXmlParser", "reads_in_one_pass", "use_fast_parsers"]


class _Member(NamedTuple):
    name: str
    shape: Shape
    flattened: bool  # a list whose items are repeated child nodes, not one wrapper node
    # The scalar's value from the node's text (None: botocore's handler for its type):
    # what botocore's own handlers give for a body member (an empty node's text is '').
    scalar: Callable[[FastXmlParser, str], Any] | None


_SCALARS: dict[str, Callable[[FastXmlParser, str], Any]] = {
    "string": lambda parser, text: text,
    "character": lambda parser, text: text,
    "integer": lambda parser, text: int(text),
    "long": lambda parser, text: int(text),
    "float": lambda parser, text: float(text),
    "double": lambda parser, text: float(text),
    "boolean": lambda parser, text: text == "true",
    "timestamp": lambda parser, text: parser._timestamp_parser(text),
    "blob": lambda parser, text: parser._blob_parser(text),
}


_Plan = dict[str, _Member]  # by XML tag


# The stubs type botocore's parsers in part only: these two are taken as they are.
_RestXmlParser: Any = botocore_parsers.RestXMLParser
_ParserFactory: Any = botocore_parsers.ResponseParserFactory


class FastXmlParser(_RestXmlParser):  # type: ignore[misc]
    """botocore's REST-XML parser with a one-pass read of plain structures."""

    # A shape's plan (None: botocore's way), kept with the shape: both live as long as the
    # service model that resolved them.
    _plans: dict[int, tuple[Shape, _Plan | None]] = {}  # noqa: RUF012 - shared on purpose

    def _handle_structure(self, shape: Any, node: Any) -> Any:
        plan = self._plan(shape)
        if plan is None or isinstance(node, list):
            return super()._handle_structure(shape, node)
        parsed: dict[str, Any] = {}
        repeated: dict[str, list[Any]] = {}
        for child in node:
            tag = child.tag.rpartition("}")[2]
            member = plan.get(tag)
            if member is None:
                continue
            if member.scalar is not None:
                parsed[member.name] = member.scalar(self, child.text or "")
            elif member.flattened:
                repeated.setdefault(tag, []).append(child)
            else:
                parsed[member.name] = self._parse_shape(member.shape, child)
        for tag, children in repeated.items():
            parsed[plan[tag].name] = self._parse_shape(plan[tag].shape, children)
        return parsed

    def _plan(self, shape: Shape) -> _Plan | None:
        known = self._plans.get(id(shape))
        if known is not None and known[0] is shape:
            return known[1]
        plan = _plan_of(shape)
        self._plans[id(shape)] = (shape, plan)
        return plan


def reads_in_one_pass(shape: Shape) -> bool:
    """Whether ``FastXmlParser`` reads structures of ``shape`` itself (not botocore)."""
    return _plan_of(shape) is not None


def _plan_of(shape: Shape) -> _Plan | None:
    """The members of ``shape`` by XML tag, or None when one of them (or the shape) needs
    more than its child node: an attribute, a header, an error or a union."""
    if shape.metadata.get("exception") or getattr(shape, "is_tagged_union", False):
        return None
    plan: _Plan = {}
    for name, member in shape.members.items():  # type: ignore[attr-defined]
        serialization = member.serialization
        if (
            serialization.get("location")
            or serialization.get("eventheader")
            or serialization.get("xmlAttribute")
        ):
            return None
        flattened = member.type_name == "list" and bool(serialization.get("flattened"))
        tag = serialization.get("name") or name
        if flattened:
            tag = member.member.serialization.get("name") or tag
        plan[tag] = _Member(name, member, flattened, _SCALARS.get(member.type_name))
    return plan


class _FastParsers(_ParserFactory):  # type: ignore[misc]
    def create_parser(self, protocol_name: str) -> Any:
        if protocol_name == "rest-xml":
            return FastXmlParser(**self._defaults)
        return super().create_parser(protocol_name)


def use_fast_parsers(session: botocore.session.Session) -> None:
    """Clients made from ``session`` from now on parse REST-XML structures in one pass and
    timestamps with ``parse_timestamp``."""
    if not isinstance(session.get_component("response_parser_factory"), _FastParsers):
        session.register_component("response_parser_factory", _FastParsers())
    session.get_component("response_parser_factory").set_parser_defaults(
        timestamp_parser=parse_timestamp
    )
