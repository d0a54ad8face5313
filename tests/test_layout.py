"""The tree's rules: one direction of dependency, and MkDocs known to one room only."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imports(path: Path) -> set[str]:
    """Every module ``path`` imports (relative imports resolved against its package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                found.add(f"{base}.{node.module}" if node.module else base)
            else:
                found.add(node.module or "")
    return found


def modules(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", modules("redaction"), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_redaction_imports_nothing_of_the_site(path: Path) -> None:
    assert not [m for m in imports(path) if m.split(".")[0] in ("generator", "mkdocs", "material")]


@pytest.mark.parametrize("path", modules("generator"), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_only_the_engine_room_knows_mkdocs(path: Path) -> None:
    outside = not path.relative_to(ROOT).as_posix().startswith("generator/engine/")
    known = [m for m in imports(path) if m.split(".")[0] in ("mkdocs", "material")]
    assert not (outside and known), known


@pytest.mark.parametrize("path", modules("generator/site"), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_the_site_is_handed_public_data_only(path: Path) -> None:
    """The site renders ``PublicReport``s: the pipeline's state (source, secrets, private fields) is out of reach."""
    reached = [m for m in imports(path) if m.split(".")[0] == "redaction"]
    assert set(reached) <= {"redaction.public", "redaction.schema"}, reached


def test_a_public_report_holds_nothing_private() -> None:
    import dataclasses

    from redaction.public import PublicReport

    report = PublicReport.of("2023", "x", {"标题": "某决策", "联系人": "张三", "评估小组": ["李四"]}, "<p>x</p>",
                             [], [], ["个人隐私", "个人隐私", "工作秘密"])
    assert dict(report.meta) == {"标题": "某决策"}
    assert report.withheld == (("工作秘密", 1), ("个人隐私", 2))  # in the category table's order
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.html = "changed"  # type: ignore[misc]
    with pytest.raises(TypeError):
        report.meta["联系人"] = "张三"  # type: ignore[index]


def test_every_room_says_what_it_owns() -> None:
    rooms = [p for p in (ROOT / "generator").iterdir() if (p / "__init__.py").is_file()]
    assert {p.name for p in rooms} >= {"site", "search", "guard", "publish", "engine", "review", "word"}
    for room in rooms:
        assert ast.get_docstring(ast.parse((room / "__init__.py").read_text(encoding="utf-8"))), room


def test_the_pipelines_docstring_names_every_step() -> None:
    """A reader learns the steps from the module's first lines: they must be all of them, in order."""
    from generator import build
    from redaction import pipeline

    for module in (pipeline, build):
        listed = [w for w in (module.__doc__ or "").split() if w.isidentifier()]
        names = [name for name, _ in module.STEPS]
        assert [w for w in listed if w in names][: len(names)] == names, module.__name__


COUNTY = re.compile(r"息县|息政|xixian|(?:(?![本某各全该一每])[\u4e00-\u9fff]){1,3}[县市区](?:人民政府|重大行政决策|城市管理局)")
"""A county named in the code: Xi County itself, or any 「X县人民政府」-like name."""


@pytest.mark.parametrize("path", [p for folder in ("redaction", "generator") for p in sorted((ROOT / folder).rglob("*"))
                                  if p.suffix in (".py", ".html", ".js", ".css", ".txt", ".md", ".yml")],
                         ids=lambda p: p.relative_to(ROOT).as_posix())
def test_the_code_and_templates_name_no_county(path: Path) -> None:
    """Every jurisdiction's names come from mkdocs.yml (``jurisdiction:``, ``site_name``, ``footer``)."""
    found = COUNTY.findall(path.read_text(encoding="utf-8"))
    assert not found, found
