"""The architecture's rules, checked on the source: core is Qt-free; only core/aws and the
Sandbox talk to boto3."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "core"
QT_MODULES = {"PySide6", "qasync", "gui", "PyQt5", "PyQt6", "shiboken6"}
AWS_SDK_MODULES = {"boto3", "botocore", "moto", "s3transfer"}
MAY_USE_SDK = ("aws", "sandbox")


def imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def core_modules() -> list[Path]:
    modules = sorted(CORE.rglob("*.py"))
    assert len(modules) > 10, "the core package was not found"
    return modules


def test_no_module_under_core_imports_qt() -> None:
    offenders = {
        str(path.relative_to(CORE)): sorted(imported_roots(path) & QT_MODULES)
        for path in core_modules()
        if imported_roots(path) & QT_MODULES
    }
    assert offenders == {}


def test_only_aws_and_sandbox_packages_import_the_aws_sdk() -> None:
    offenders = {
        str(path.relative_to(CORE)): sorted(imported_roots(path) & AWS_SDK_MODULES)
        for path in core_modules()
        if imported_roots(path) & AWS_SDK_MODULES
        and path.relative_to(CORE).parts[0] not in MAY_USE_SDK
    }
    assert offenders == {}


def test_the_check_sees_a_qt_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import os\nfrom PySide6.QtWidgets import QWidget\n", encoding="utf-8")
    assert imported_roots(sample) & QT_MODULES == {"PySide6"}
