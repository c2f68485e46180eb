"""Include/exclude rules in the style of .gitignore, applied in the order given.

Each path is tested against every rule; the last rule that matches decides (an exclude
rule leaves the path out, an include rule brings it back), as in .gitignore. A folder left
out is not walked or listed at all, so nothing below it can be brought back by a later
include rule: to keep only JPEGs, ``--exclude '*' --include '*/' --include '*.jpg'``.

Pattern syntax: ``*`` any characters but ``/``, ``**`` any characters including ``/``,
``?`` one character, ``[abc]``/``[!abc]`` a class; a pattern with a ``/`` at its start or
middle is anchored at the synced folder, one without matches a name at any depth; a
trailing ``/`` matches folders only; ``\\`` escapes the next character.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from core.errors import ValidationError

__all__ = ["FilterRule", "FilterRules", "compile_rules"]


@dataclass(frozen=True)
class FilterRule:
    """One rule as the user gave it: ``--exclude PATTERN`` or ``--include PATTERN``."""

    pattern: str
    include: bool = False

    @property
    def option(self) -> str:
        return f"--{'include' if self.include else 'exclude'} '{self.pattern}'"


@dataclass(frozen=True)
class _Compiled:
    number: int
    rule: FilterRule
    regex: re.Pattern[str]
    folders_only: bool


def _class(pattern: str, start: int) -> tuple[str, int]:
    """The regex of the ``[...]`` class at ``start`` and the index after it."""
    index = start + 1
    negate = index < len(pattern) and pattern[index] in "!^"
    if negate:
        index += 1
    body_start = index
    if index < len(pattern) and pattern[index] == "]":
        index += 1  # a ']' first is a member, as in fnmatch
    while index < len(pattern) and pattern[index] != "]":
        index += 1
    if index >= len(pattern):
        raise ValueError("a '[' is not closed by ']'")
    body = pattern[body_start:index].replace("\\", "\\\\").replace("/", "")
    return f"[{'^/' if negate else ''}{body}]", index + 1


def _translate(pattern: str) -> str:
    out: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
        elif pattern.startswith("**", index):
            out.append(".*")
            index += 2
        elif char == "*":
            out.append("[^/]*")
            index += 1
        elif char == "?":
            out.append("[^/]")
            index += 1
        elif char == "[":
            text, index = _class(pattern, index)
            out.append(text)
        elif char == "\\":
            if index + 1 >= len(pattern):
                raise ValueError("it ends with a lone '\\'")
            out.append(re.escape(pattern[index + 1]))
            index += 2
        else:
            out.append(re.escape(char))
            index += 1
    return "".join(out)


def _compile(number: int, rule: FilterRule) -> _Compiled:
    text = rule.pattern
    folders_only = text.endswith("/") and not text.endswith("\\/")
    text = text.rstrip("/") if folders_only else text
    if not text.strip("/"):
        raise ValueError("it names no file or folder")
    anchored = "/" in text.rstrip("/")
    text = text.lstrip("/")
    body = _translate(text)
    regex = re.compile(("" if anchored else "(?:.*/)?") + body + r"\Z", re.DOTALL)
    return _Compiled(number, rule, regex, folders_only)


@dataclass(frozen=True)
class FilterRules:
    """The compiled rules; ``deciding(path, folder)`` is the rule that decides a path."""

    rules: tuple[_Compiled, ...] = field(default=())

    def __bool__(self) -> bool:
        return bool(self.rules)

    def deciding(self, path: str, folder: bool) -> _Compiled | None:
        """The last rule matching ``path`` (relative to the synced folder, ``/``-separated)."""
        for compiled in reversed(self.rules):
            if compiled.folders_only and not folder:
                continue
            if compiled.regex.match(path):
                return compiled
        return None

    def excluded_by(self, path: str, folder: bool) -> str:
        """Why ``path`` is left out ("rule 2, --exclude '*.tmp'"), or '' when it is kept."""
        compiled = self.deciding(path, folder)
        if compiled is None or compiled.rule.include:
            return ""
        return f"rule {compiled.number}, {compiled.rule.option}"


def compile_rules(rules: Sequence[FilterRule]) -> FilterRules:
    """Raises ValidationError (field ``rules``) naming the first pattern that cannot work."""
    compiled = []
    for number, rule in enumerate(rules, start=1):
        try:
            compiled.append(_compile(number, rule))
        except (ValueError, re.error) as error:
            raise ValidationError(
                "rules",
                f"The pattern {rule.option} cannot be used: {error}.",
                "Write it as in .gitignore, for example --exclude '*.tmp' or --exclude 'cache/'.",
            ) from error
    return FilterRules(tuple(compiled))
