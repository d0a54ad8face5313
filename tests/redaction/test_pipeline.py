"""Running a folder of reports: the same results whether shared out over processes or not."""

from __future__ import annotations

from redaction import pipeline
from tests.conftest import BODY, BUILD_DATE, report_text


def write_corpus(folder, count):
    for n in range(count):
        body = BODY.replace("执行总体顺畅。", f"受访者[张建华{n}]{{.个人隐私}}，电话1381234{n:04d}。")
        changes = {"评估结论": "继续"} if n == 33 else {}
        path = folder / "2023" / f"r{n:03d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(report_text(body=body, 标题=f"第{n}号报告", **changes), encoding="utf-8")


def outcome(corpus):
    return [(r.file, r.status, r.html, r.public_meta, [x.as_dict() for x in r.records], sorted(r.secrets))
            for r in corpus.reports], [str(p) for p in corpus.problems.errors]


def test_parallel_and_sequential_runs_agree(tmp_path, monkeypatch):
    write_corpus(tmp_path, pipeline.PARALLEL_FROM + 6)
    parallel = outcome(pipeline.load(tmp_path, BUILD_DATE, shown_as="reports"))
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 10**9)
    sequential = outcome(pipeline.load(tmp_path, BUILD_DATE, shown_as="reports"))
    assert parallel == sequential
    reports, errors = parallel
    assert errors == ["reports/2023/r033.md:11 评估结论「继续」不是可选值之一：继续执行、修改完善、暂缓执行、停止执行"]
    assert "张建华5" not in reports[5][2] and "13812340005" not in reports[5][2]


def test_reports_folder_layout_errors(tmp_path):
    (tmp_path / "misc.md").write_text(report_text(), encoding="utf-8")
    (tmp_path / "23").mkdir()
    (tmp_path / "23" / "a.md").write_text(report_text(), encoding="utf-8")
    (tmp_path / "2023").mkdir()
    (tmp_path / "2023" / "a b.md").write_text(report_text(), encoding="utf-8")
    errors = [str(p) for p in pipeline.load(tmp_path, BUILD_DATE, shown_as="reports").problems.errors]
    assert "reports/misc.md 报告应放在「年份/文件名.md」中，如 reports/2023/tingche.md。" in errors
    assert any(e.startswith("reports/23/a.md 所在文件夹「23」应为四位年份") for e in errors)
    assert any(e.startswith("reports/2023/a b.md 文件名「a b」只能包含") for e in errors)


def test_missing_reports_folder(tmp_path):
    errors = [str(p) for p in pipeline.load(tmp_path / "nope", BUILD_DATE, shown_as="reports").problems.errors]
    assert errors == ["reports 报告目录不存在。请检查 --reports 参数或 mkdocs.yml 中的 reports_dir。"]
