"""``gongkai init DIR --county 名称``: a new portal for another jurisdiction (``generator/scaffold/``).

Writes only into a folder that does not exist yet or is empty: mkdocs.yml with the jurisdiction's
names, the authored pages (the two that name the jurisdiction written for it, the format and
reading guides copied), one sample report of the current year, and the Word template and
writing guide.  ``gongkai build`` works in it at once; the sample waits for a reviewer's sign-off.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import shutil
import sys
from pathlib import Path

import jinja2
import yaml

from generator.dates import build_date
from generator.exits import EXIT_OK, EXIT_USAGE

SCAFFOLD = Path(__file__).resolve().parent.parent / "scaffold" / "templates"
PROJECT = Path(__file__).resolve().parent.parent.parent  # the clone gongkai runs from
COPIED = {"content/format.md": "content/format.md", "content/guide.md": "content/guide.md",
          "templates/评估报告模板.docx": "templates/评估报告模板.docx", "templates/写作指南.md": "templates/写作指南.md"}
WRITTEN = {"mkdocs.yml": "mkdocs.yml", "index.md": "content/index.md", "about.md": "content/about.md",
           "report.md": "reports/{year}/shili.md"}


def _name_ok(value: str) -> bool:
    return bool(value.strip()) and not any(c in value for c in "\n\r\t\"'《》{}[]:#")


def _yaml(value: str) -> str:
    """A value as YAML writes it on one line (quoted where YAML 1.1 would read it as something else)."""
    return yaml.safe_dump(value, allow_unicode=True, width=10_000).strip().removesuffix("...").strip()


def run(args: argparse.Namespace) -> int:
    folder = Path(args.dir)
    county = args.county.strip()
    names = {"county": county, "government": args.government or f"{county}人民政府",
             "measures": args.measures or f"{county}重大行政决策跟踪反馈和后评估办法",
             "site_name": args.site_name or f"{county}重大行政决策评估报告公开"}
    bad = [f"{k}「{v}」" for k, v in names.items() if not _name_ok(v)]
    if bad:
        print(f"gongkai：参数有误：{'、'.join(bad)} 不能为空，也不能含换行、引号、书名号、括号、冒号或 #。", file=sys.stderr)
        return EXIT_USAGE
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        print(f"gongkai：{folder} 已存在且不是空目录；gongkai init 只写入新的或空的目录，不会覆盖任何文件。", file=sys.stderr)
        return EXIT_USAGE
    missing = [src for src in COPIED if not (PROJECT / src).is_file()]
    if missing:
        print(f"gongkai：找不到 {'、'.join(missing)}：请在 gongkai 的项目目录（git clone 得到的目录）中安装后运行。",
              file=sys.stderr)
        return EXIT_USAGE
    today = build_date()
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(SCAFFOLD), keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined, autoescape=False)
    env.filters["yaml"] = _yaml
    context = {**names, "site_url": args.site_url, "year": today.year,
               "reviewed": (today - _dt.timedelta(days=20)).isoformat(),
               "approved": (today - _dt.timedelta(days=10)).isoformat(), "published": today.isoformat()}
    for template, target in WRITTEN.items():
        path = folder / target.format(year=today.year)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(env.get_template(template).render(**context), encoding="utf-8")
    for source, target in COPIED.items():
        (folder / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PROJECT / source, folder / target)
    (folder / ".gitignore").write_text("/site/\n/.site.*/\n/preview/\n/build/\n", encoding="utf-8")
    print(f"已生成 {names['site_name']}：{folder}\n"
          f"  下一步：cd {folder}，检查 mkdocs.yml（site_url、footer、public_contacts），"
          f"把评估报告放进 reports/年份/，然后运行 gongkai build。\n"
          f"  示例报告 reports/{today.year}/shili.md 需经审核人签收（gongkai preview 后 gongkai approve）才会发布。")
    return EXIT_OK
