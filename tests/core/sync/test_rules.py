"""Include/exclude rules as .gitignore reads them: the last match decides."""

from __future__ import annotations

import pytest

from core.errors import ValidationError
from core.sync.rules import FilterRule, compile_rules

CASES = [
    # rules, path, is a folder, left out by (rule number or None)
    ([FilterRule("*.tmp")], "a/b/c.tmp", False, 1),
    ([FilterRule("*.tmp")], "a/b/c.tmpx", False, None),
    ([FilterRule("/top.txt")], "top.txt", False, 1),
    ([FilterRule("/top.txt")], "sub/top.txt", False, None),
    ([FilterRule("docs/*.md")], "docs/a.md", False, 1),
    ([FilterRule("docs/*.md")], "docs/deep/a.md", False, None),
    ([FilterRule("docs/**/*.md")], "docs/deep/er/a.md", False, 1),
    ([FilterRule("**/cache")], "x/y/cache", True, 1),
    ([FilterRule("cache/")], "x/cache", True, 1),
    ([FilterRule("cache/")], "x/cache", False, None),  # a file named cache stays
    ([FilterRule("file?.txt")], "file1.txt", False, 1),
    ([FilterRule("file[0-4].txt")], "file5.txt", False, None),
    ([FilterRule("file[!0-4].txt")], "file5.txt", False, 1),
    ([FilterRule("*"), FilterRule("*.jpg", include=True)], "a.jpg", False, None),
    ([FilterRule("*.jpg", include=True), FilterRule("*")], "a.jpg", False, 2),
    ([FilterRule(r"\#hash")], "#hash", False, 1),
]


@pytest.mark.parametrize(("rules", "path", "folder", "number"), CASES)
def test_the_last_matching_rule_decides(
    rules: list[FilterRule], path: str, folder: bool, number: int | None
) -> None:
    said = compile_rules(rules).excluded_by(path, folder)
    if number is None:
        assert said == ""
    else:
        assert said.startswith(f"rule {number}, --exclude ")


@pytest.mark.parametrize("pattern", ["[abc", "/", "trailing\\"])
def test_a_pattern_that_cannot_work_is_refused_with_its_option(pattern: str) -> None:
    with pytest.raises(ValidationError) as refused:
        compile_rules([FilterRule("ok"), FilterRule(pattern)])
    assert refused.value.field == "rules"
    assert f"--exclude '{pattern}'" in refused.value.message
