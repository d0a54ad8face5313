"""From a refusal back to its cause: which report, which line, and what to do about it.

The leak guard reads output files; a finding in ``sitemap.xml``, a listing or a search index
chunk says little to the person who has to fix a report.  Every text on the site comes
from a report, an authored page or the configuration, so each finding is traced to the
report page that shows the same text (a report's own files are its own), then to the line of
the report's source that holds it, and explained by its cause: a string withheld in one report
and shown by another, unmarked personal data, a reviewer's name, a preview page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.guard.leakguard import Finding, canon, normalized, read_text, views
from redaction.signoff import REVIEWER_ORIGIN


@dataclass(frozen=True)
class Source:
    """A published report: its page's folder in the site, its file as shown and as read."""

    slug: str  # reports/2023/tingche
    file: str  # reports/2023/tingche.md, as in every other message
    path: Path


def _report_of(rel: str, sources: list[Source]) -> Source | None:
    return next((s for s in sources if rel == s.slug or rel.startswith(f"{s.slug}/")), None)


def _shows(site: Path, source: Source, found: str) -> bool:
    page = site / source.slug / "index.html"
    if not page.is_file():
        return False
    return any(found in view for _, view in views(normalized(read_text(page))))


def _line_in(source: Source, found: str) -> int | None:
    """The first line of the report's source whose text holds ``found`` (as the guard compares)."""
    try:
        lines = source.path.read_text(encoding="utf-8-sig").split("\n")
    except (OSError, UnicodeDecodeError):
        return None
    for number, line in enumerate(lines, 1):
        if found in canon(line):
            return number
    for number in range(1, len(lines)):  # split over two lines (a soft line break)
        if found in canon(lines[number - 1] + lines[number]):
            return number
    return None


def _masked(text: str) -> str:
    return text[0] + "*" * (len(text) - 2) + text[-1] if len(text) > 2 else "*" * len(text)


def _cause(finding: Finding, site: Path, sources: list[Source]) -> str:
    """Where the text of a finding comes from: a report's file and line, or the authored pages."""
    cause = _report_of(finding.page or finding.path, sources)
    if cause is None:
        cause = next((s for s in sources if _shows(site, s, finding.found)), None)
    if cause is None:
        return "手写页面（content/）或 mkdocs.yml 的设置"
    line = _line_in(cause, finding.found)
    return f"{cause.file}:{line}" if line else cause.file


def _advice(finding: Finding, where: str) -> list[str]:
    shown = _masked(finding.found)
    if finding.detected:
        return [f"{where} 的公开内容中有未标记的{finding.detected}。",
                "改法：在报告中用 [内容]{.个人隐私} 标记它；如果它是本单位对外公开的电话或邮箱，"
                "把它列入 mkdocs.yml 的 public_contacts。"]
    if finding.origin == REVIEWER_ORIGIN:
        return [f"审核人「{shown}」的姓名（签收登记 signoffs.yml）出现在 {where}。",
                "改法：审核人姓名只记在内部签收登记中，不能出现在网站上。请从该处删除或改写；"
                "若该处是与审核人同名的公开内容，请审核人用全名重新签收（gongkai approve --by 全名）。"]
    origin_file = finding.origin.rpartition(":")[0]
    head = f"在 {finding.origin} 被列为不予公开的「{shown}」出现在 {where} 的公开内容中。"
    if where.startswith(f"{origin_file}:") or where == origin_file:
        return [head, "改法：同一份报告中未能隐去：请把这段文字改为标记形式 [内容]{.类别}，并报告此问题。"]
    return [head, f"改法：如果在 {where} 中它也不应公开，请在那里标记或列入该报告的「不予公开」；"
                  f"如果它在那里是可以公开的内容（如同名的单位或地名），请在 {origin_file} 中"
                  "改为只标记具体位置，而不要整词列入「不予公开」。"]


def explain(findings: list[Finding], site: Path, sources: list[Source]) -> list[str]:
    """One message per cause (what was found, traced to its source), each listing the files it is in."""
    causes: dict[tuple[str, ...], list[Finding]] = {}
    for finding in findings:
        if not finding.found:  # a preview page copied into the site: nothing to trace
            causes.setdefault(("preview", finding.path), []).append(finding)
            continue
        key: tuple[str, ...] = ("found", finding.found, finding.origin, finding.detected, _cause(finding, site, sources))
        causes.setdefault(key, []).append(finding)
    messages = []
    for key, group in causes.items():
        if key[0] == "preview":
            messages.append(f"{group[0]}\n  改法：内部预览绝不能放进网站目录；删除该文件后重新运行 gongkai build。")
            continue
        head, advice = _advice(group[0], key[-1])
        listed = [f"  {f}" for f in group[:MAX_LISTED]]
        if len(group) > MAX_LISTED:
            listed.append(f"  ……共 {len(group)} 处")
        messages.append("\n".join([head, *listed, f"  {advice}"]))
    return messages


MAX_LISTED = 5
"""Files listed for one cause (the count says how many more)."""
