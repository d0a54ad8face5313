"""A tested way off MkDocs 1.x: the sample site built on ProperDocs, in an environment of its own.

ProperDocs continues MkDocs 1.6 under its own name and answers ``mkdocs.*`` imports
(``generator/engine/__init__.py``).  The environment here has every locked dependency but
MkDocs, and ProperDocs instead; the site it builds must be the site MkDocs builds.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SOURCE_DATE_EPOCH, gongkai, make_project

PROPERDOCS = "properdocs==1.6.7"
WITHOUT = ("mkdocs", "mkdocs-get-deps")  # what ProperDocs replaces


def without(lock: str, names: tuple[str, ...]) -> str:
    """The lock file's entries (a pin and its indented hash lines) but those of ``names``."""
    kept: list[str] = []
    keep = True
    for line in lock.splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            keep = line.split("==")[0].lower() not in names
        if keep:
            kept.append(line)
    return "\n".join(kept) + "\n"


GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
"""The one line that names the engine (mkdocs-1.6.1 / mkdocs-ProperDocs 1.6.7): the rest must be equal."""


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): GENERATOR.sub(b"", p.read_bytes())
            for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("properdocs")
    subprocess.run([sys.executable, "-m", "venv", str(folder / "env")], check=True)
    python = folder / "env" / "bin" / "python"
    (folder / "locked.txt").write_text(without((ROOT / "requirements.txt").read_text(encoding="utf-8"), WITHOUT),
                                       encoding="utf-8")
    pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.run([*pip, "--no-deps", "--require-hashes", "-r", str(folder / "locked.txt")], check=True)
    subprocess.run([*pip, PROPERDOCS], check=True)
    subprocess.run([*pip, "--no-deps", "-e", str(ROOT)], check=True)
    check = subprocess.run([str(python), "-c", "import importlib.util as u; print(u.find_spec('mkdocs'))"],
                           capture_output=True, text=True, check=True)
    assert check.stdout.strip() == "None"  # no MkDocs in it: whatever builds, ProperDocs built
    return python


def test_the_sample_site_builds_on_properdocs_and_is_the_same_site(environment: Path, tmp_path: Path) -> None:
    on_mkdocs = make_project(tmp_path / "mkdocs", sample_reports=True)
    on_properdocs = make_project(tmp_path / "properdocs", sample_reports=True)
    assert gongkai(on_mkdocs, "build").returncode == 0
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run([str(environment), "-m", "generator.cli", "build"], cwd=on_properdocs, env=env,
                            capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert result.returncode == 0, result.stderr
    built, expected = files(on_properdocs / "site"), files(on_mkdocs / "site")
    assert built.keys() == expected.keys()
    different = [rel for rel in built if built[rel] != expected[rel]]
    assert not different, different[:10]
    assert b"mkdocs-ProperDocs" in (on_properdocs / "site" / "index.html").read_bytes()
