"""The install is reproducible: the tests run with exactly the versions of the lock files."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s\\]+)", re.M)


def pins(name: str) -> dict[str, str]:
    text = (ROOT / name).read_text(encoding="utf-8")
    assert "--hash=sha256:" in text
    return {re.sub(r"[-_.]+", "-", k).lower(): v for k, v in PIN.findall(text)}


def wanted(extra: str | None) -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    deps = project["dependencies"] + (project["optional-dependencies"][extra] if extra else [])
    return {re.sub(r"[-_.]+", "-", re.split(r"[\[<>=!~; ]", d, maxsplit=1)[0]).lower() for d in deps}


@pytest.mark.parametrize(("lock", "extra"), [("requirements.txt", None), ("requirements-test.txt", "test")])
def test_every_dependency_is_locked_with_hashes(lock: str, extra: str | None) -> None:
    assert wanted(extra) <= pins(lock).keys()


def test_the_tests_run_with_the_locked_versions() -> None:
    wrong = {name: (version, metadata.version(name)) for name, version in pins("requirements-test.txt").items()
             if metadata.version(name) != version}
    assert not wrong, f"(locked, installed): {wrong}; install with scripts/test, or regenerate the lock (README)"
