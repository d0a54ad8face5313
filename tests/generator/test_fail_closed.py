"""Fail closed on every path: what an operator's wrong call or a unit's markup can do to the site.

Each table row is a mistake seen in practice or an attack; each must be refused before
anything is written, with the sources and the published site exactly as they were.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import BODY, FRONT, SOURCE_DATE_EPOCH, gongkai, make_project, write_report


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (paths relative to it) with a digest of its bytes."""
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with one report, published once to site/ and previewed once to preview/."""
    project = make_project(tmp_path_factory.mktemp("fail-closed") / "p")
    write_report(project, "r001", json_report())
    (project / "reports" / "2023" / "r001").mkdir()
    (project / "reports" / "2023" / "r001" / "notes.txt").write_text("单位的工作底稿", encoding="utf-8")
    assert gongkai(project, "build").returncode == 0
    assert gongkai(project, "preview").returncode == 0
    return project


def json_report(**changes: object) -> str:
    """A valid report whose front-matter values are written as JSON strings (valid YAML, any text)."""
    data = {**FRONT, **changes}
    lines = ["---"]
    for key, value in data.items():
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines.extend(f"  - {json.dumps(v, ensure_ascii=False)}" for v in value)
        else:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    return "\n".join([*lines, "---", BODY])


# ---------------------------------------------------------------- 1. every path that writes is guarded

# (id, command line, the text the refusal must contain); run in the built project
REFUSED = [
    ("build into the reports folder", ["build", "--site", "reports"], "报告目录"),
    ("build inside the reports folder", ["build", "--site", "reports/2023"], "报告目录"),
    ("build into the project root", ["build", "--site", "."], "报告目录"),
    ("build into the authored pages", ["build", "--site", "content"], "手写页面目录"),
    ("build into the log folder", ["build", "--site", "build"], "log_dir"),
    ("build into the cache", ["build", "--site", "build/cache"], "log_dir"),
    ("build into the preview", ["build", "--site", "preview"], "内部预览"),
    ("build inside the preview", ["build", "--site", "preview/site"], "内部预览"),
    ("build over a folder of other files", ["build", "--site", "other"], "不是 gongkai 生成的网站"),
    ("preview into the site", ["preview", "--out", "site"], "公开网站"),
    ("preview inside the site", ["preview", "--out", "site/review"], "公开网站"),
    ("preview into the spare site", ["preview", "--out", ".site.spare"], "公开网站"),
    ("preview into a site built with --site", ["preview", "--out", "elsewhere"], "公开网站"),
    ("preview into the reports folder", ["preview", "--out", "reports"], "报告目录"),
    ("preview inside the reports folder", ["preview", "--out", "reports/review"], "报告目录"),
    ("preview into the log folder", ["preview", "--out", "build"], "log_dir"),
    ("preview over a folder of other files", ["preview", "--out", "other"], "已有其他文件"),
    ("preview beside the site", ["preview", "--out", "site-preview"], "并排"),
]


@pytest.mark.parametrize(("command", "expected"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_wrong_folder_is_refused_before_anything_is_touched(built: Path, command: list[str],
                                                           expected: str) -> None:
    (built / "other").mkdir(exist_ok=True)
    (built / "other" / "家庭照片.txt").write_text("不属于网站的文件", encoding="utf-8")
    if not (built / "elsewhere").exists():
        assert gongkai(built, "build", "--site", "elsewhere").returncode == 0
    if not (built / ".site.spare").exists():
        assert gongkai(built, "build", "--full").returncode == 0  # the first site becomes the spare
    before = {name: snapshot(built / name) for name in
              ("reports", "content", "site", ".site.spare", "elsewhere", "other", "preview")}
    config = (built / "mkdocs.yml").read_bytes()
    existed = (built / command[-1]).exists()
    result = gongkai(built, *command)
    assert result.returncode == 2, result.stderr
    assert expected in result.stderr
    assert {name: snapshot(built / name) for name in before} == before
    assert (built / "mkdocs.yml").read_bytes() == config
    assert existed or not (built / command[-1]).exists()  # nothing created either


def test_a_log_folder_inside_the_site_is_refused(built: Path) -> None:
    config = built / "mkdocs-log-in-site.yml"
    config.write_text((built / "mkdocs.yml").read_text(encoding="utf-8").replace(
        "log_dir: build", "log_dir: site/build"), encoding="utf-8")
    before = snapshot(built / "site")
    result = gongkai(built, "build", "--config", config.name)
    assert result.returncode == 2
    assert "log_dir" in result.stderr and "不予公开的原文" in result.stderr
    assert snapshot(built / "site") == before


def test_an_earlier_preview_may_be_written_again(built: Path) -> None:
    assert gongkai(built, "preview").returncode == 0
    assert (built / "preview" / ".gongkai-preview").is_file()


def test_a_site_may_be_published_again_and_is_marked(built: Path) -> None:
    assert gongkai(built, "build").returncode == 0
    assert (built / "site" / ".gongkai-site").is_file()


def mkdocs(project: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=project, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=timeout)


@pytest.mark.parametrize("command", [["build"], ["build", "--site-dir", "plain"], ["serve", "-a", "127.0.0.1:0"]],
                         ids=" ".join)
def test_plain_mkdocs_refuses_to_write_a_site(built: Path, command: list[str]) -> None:
    before = snapshot(built / "site")
    result = mkdocs(built, *command)
    assert result.returncode != 0
    assert "gongkai build" in result.stdout + result.stderr
    assert snapshot(built / "site") == before
    assert not (built / "plain").exists()


# ---------------------------------------------------------------- 2. front matter is data, never markup

PAYLOAD = "</title></textarea>\"'><gk-inject data-gk-inject=\"1\">A&amp;B<!--"
TEXT_FIELDS = ("标题", "决策名称", "决策文号", "执行单位", "受托机构", "结论摘要", "索引号")


class _Tags(HTMLParser):
    """Every start tag and attribute name of a document, and the text of its <title>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


@pytest.fixture(scope="module")
def marked_up(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("markup") / "p")
    values = {key: f"{key}{PAYLOAD}" for key in TEXT_FIELDS}
    write_report(project, "r001", json_report(**values, 评估方式="委托评估", 关键词=[f"关键词{PAYLOAD}"]))
    write_report(project, "r002", json_report(标题="+86 热线评估报告", 结论摘要='=HYPERLINK("http://example.cn","详情")'))
    result = gongkai(project, "build")
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_markup_in_front_matter_never_becomes_markup(marked_up: Path) -> None:
    pages = [p for p in marked_up.rglob("*") if p.suffix in (".html", ".xml")]
    assert len(pages) > 20
    for page in pages:
        tags = _Tags()
        tags.feed(page.read_text(encoding="utf-8"))
        assert "gk-inject" not in tags.tags, page
        assert "data-gk-inject" not in tags.attributes, page


def test_a_report_title_with_markup_reads_as_typed(marked_up: Path) -> None:
    tags = _Tags()
    tags.feed((marked_up / "reports" / "2023" / "r001" / "index.html").read_text(encoding="utf-8"))
    assert tags.title.startswith(f"标题{PAYLOAD} - ")  # escaped once: shown as typed, not as &amp;amp;


def test_markup_in_front_matter_is_data_in_json_and_csv(marked_up: Path) -> None:
    data = json.loads((marked_up / "data" / "catalogue.json").read_text(encoding="utf-8"))
    assert data["报告"][0]["标题"] == f"标题{PAYLOAD}"
    assert data["报告"][0]["关键词"] == [f"关键词{PAYLOAD}"]


def test_a_field_starting_like_a_formula_is_text_in_the_csv(marked_up: Path) -> None:
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO((marked_up / "data" / "catalogue.csv").read_text(encoding="utf-8-sig"))))
    formula = next(r for r in rows if "HYPERLINK" in r["结论摘要"])
    assert formula["结论摘要"] == "'=HYPERLINK(\"http://example.cn\",\"详情\")"  # shown as text by Excel and WPS
    assert formula["标题"] == "'+86 热线评估报告"


# ---------------------------------------------------------------- 5. a refusal names its cause


def test_a_refusal_names_the_report_and_line_that_caused_it(project: Path) -> None:
    from tests.conftest import report_text

    one = write_report(project, "r001", report_text(不予公开={"商业秘密": ["远大建设工程公司"]}))
    body = BODY.replace("执行总体顺畅。", "执行总体顺畅。\n\n施工由远大建设工程公司承担。")
    two = write_report(project, "r002", report_text(body=body))
    result = gongkai(project, "build")
    assert result.returncode == 1
    term_line = one.read_text(encoding="utf-8").split("\n").index("不予公开:") + 1
    shown_line = two.read_text(encoding="utf-8").split("\n").index("施工由远大建设工程公司承担。") + 1
    [refusal] = result.stderr.split("发布前检查：")[1:]  # one cause, one message
    assert refusal.startswith(f"在 reports/2023/r001.md:{term_line} 被列为不予公开的「远******司」"
                              f"出现在 reports/2023/r002.md:{shown_line} 的公开内容中。")
    assert "\n  reports/2023/r002/index.html（第" in refusal  # then every file it is in
    assert "\n  pagefind/index（搜索索引中 /reports/2023/r002/ 的词语）" in refusal
    assert "远大建设工程公司" not in result.stderr  # the terminal shows it masked
    assert "public_contacts" not in result.stderr  # advice for another cause is not given
    assert not (project / "site").exists()


# ---------------------------------------------------------------- 4. images


@pytest.mark.parametrize("markup", ["[![现场照片](images/door.png)]{.个人隐私}",
                                    "::: 个人隐私\n门牌照片如下。\n\n![现场照片](images/door.png)\n:::"],
                         ids=["in a marked span", "in a marked div"])
def test_a_withheld_image_is_not_published_but_the_reviewer_sees_it(project: Path, markup: str) -> None:
    from redaction.images import clean
    from tests.conftest import report_text, tiny_png

    image = tiny_png(project / "reports" / "2023" / "images" / "door.png", "purple")
    write_report(project, "r001", report_text(body=BODY.replace("执行总体顺畅。", markup)))
    assert gongkai(project, "build").returncode == 0
    assert gongkai(project, "preview").returncode == 0
    published = clean(image).data
    assert [p for p in (project / "site").rglob("*") if p.is_file() and p.read_bytes() == published] == []
    assert [p for p in (project / "preview").rglob("*.png") if p.read_bytes() == published]


def test_a_unit_name_cannot_add_search_metadata(tmp_path: Path) -> None:
    """Pagefind reads data-pagefind-meta="a:b, c:d": a comma in a value must not start another key."""
    import gzip

    project = make_project(tmp_path / "p")
    unit = "息县城市管理局, url:https://example.invalid/, title:假标题"
    write_report(project, "r001", json_report(执行单位=unit))
    assert gongkai(project, "build").returncode == 0
    metas = []
    for path in (project / "site" / "pagefind" / "fragment").iterdir():
        raw = gzip.decompress(path.read_bytes()).decode("utf-8")
        data = json.loads(raw[raw.index("{"):])
        if data["url"].startswith("/reports/"):
            metas.append(data["meta"])
    assert len(metas) == 1
    assert metas[0]["unit"] == unit and metas[0]["title"] == FRONT["标题"] and "url" not in metas[0]


def test_markup_in_front_matter_never_becomes_markup_in_the_preview(marked_up: Path) -> None:
    project = marked_up.parent
    assert gongkai(project, "preview", "--out", "review").returncode == 0
    pages = list((project / "review").rglob("*.html"))
    assert len(pages) >= 4
    for page in pages:
        tags = _Tags()
        tags.feed(page.read_text(encoding="utf-8"))
        assert "gk-inject" not in tags.tags and "data-gk-inject" not in tags.attributes, page
