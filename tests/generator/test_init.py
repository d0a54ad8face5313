"""``gongkai init``: a working portal for a made-up county, with none of Xi County's names in it."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tests.conftest import gongkai

XI_COUNTY = re.compile("息县|息政|xixian|谯楼|信阳|4115280001")


def everything(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` as text (Word files as their XML), for a search."""
    import zipfile

    out = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as archive:
                out[rel] = "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
        else:
            out[rel] = path.read_bytes().decode("utf-8", "replace")
    return out


def test_init_and_build_make_a_portal_for_another_county(tmp_path: Path) -> None:
    portal = tmp_path / "qingshan"
    made = gongkai(tmp_path, "init", str(portal), "--county", "青山县", "--site-url", "https://www.qingshan.gov.cn/pg/")
    assert made.returncode == 0, made.stderr
    config = (portal / "mkdocs.yml").read_text(encoding="utf-8")
    assert "政府: 青山县人民政府" in config and "办法: 青山县重大行政决策跟踪反馈和后评估办法" in config
    reports = sorted((portal / "reports").rglob("*.md"))
    assert len(reports) == 1

    built = gongkai(portal, "build")
    assert built.returncode == 0, built.stderr
    assert "未经审核签收" in built.stdout  # the sample waits for a reviewer, as every report does
    signed = gongkai(portal, "approve", str(reports[0].relative_to(portal)), "--by", "陈审核")
    assert signed.returncode == 0, signed.stderr
    built = gongkai(portal, "build")
    assert built.returncode == 0, built.stderr
    page = portal / "site" / "reports" / reports[0].parent.name / "shili" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert "依据《青山县重大行政决策跟踪反馈和后评估办法》" in html and "青山县城市管理局" in html
    leaks = {rel: XI_COUNTY.findall(text) for rel, text in everything(portal).items() if XI_COUNTY.search(text)}
    assert not leaks


def test_init_never_writes_into_a_folder_that_has_files(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "mkdocs.yml").write_text("site_name: 别人的网站\n", encoding="utf-8")
    result = gongkai(tmp_path, "init", str(tmp_path / "taken"), "--county", "青山县")
    assert result.returncode == 2 and "不会覆盖" in result.stderr
    assert (tmp_path / "taken" / "mkdocs.yml").read_text(encoding="utf-8") == "site_name: 别人的网站\n"
    bad = gongkai(tmp_path, "init", str(tmp_path / "new"), "--county", "青山县", "--measures", "坏的: 标题")
    assert bad.returncode == 2 and not (tmp_path / "new").exists()


def test_the_generated_config_is_what_a_reader_of_yaml_expects(tmp_path: Path) -> None:
    assert gongkai(tmp_path, "init", str(tmp_path / "p"), "--county", "青山县", "--site-name", "yes").returncode == 0
    config = yaml.safe_load((tmp_path / "p" / "mkdocs.yml").read_text(encoding="utf-8").replace(
        "!!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}", "x"))
    assert config["site_name"] == "yes"  # quoted: YAML 1.1 would read an unquoted yes as True
