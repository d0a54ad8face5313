"""The pipeline: a list of named steps, each a plain function over one ``ReportState``.

    decode → front_matter → validate_meta → draft → parse → validate_sections →
    markers → leftovers → terms → detect → public_meta → names → hold_back → images →
    footnotes → render → digest            (the preview adds: → preview)

A step may stop the pipeline for its report (``state.stopped``); the run carries on with
the other reports so that every problem of a run is reported at once.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import gc
import hashlib
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from pathlib import Path, PurePosixPath
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from . import images, validate
from . import redactor as rd
from .detectors import DetectorFinder
from .folding import fold
from .names import ModelError
from .parser import make_parser
from .problems import Problem, Problems
from .public import PublicReport
from .render import finish_footnotes, install_preview_renderers, install_renderers, prepare, render, render_preview
from .schema import ReportSchema
from .signoff import PRIVATE, PUBLIC, REVIEWER_ORIGIN, NameDecision, Register, redaction_digest, source_digest
from .source import Source, decode, split
from .suspects import SuspectedName, suspected

PUBLISHED, DRAFT, HELD_BACK, INVALID = "published", "draft", "held_back", "invalid"


@dataclass
class ReportState:
    """Everything known about one report as it moves through the pipeline."""

    path: Path
    file: str  # as shown in messages, e.g. reports/2023/tingche.md
    year: str
    name: str
    build_date: _dt.date
    problems: Problems = field(default_factory=Problems)
    raw: bytes = b""
    text: str = ""
    source: Source | None = None
    tokens: list[Token] = field(default_factory=list)
    env: dict[str, Any] = field(default_factory=dict)
    redactor: rd.Redactor | None = None
    finder: rd.TermFinder | None = None
    detectors: DetectorFinder = field(default_factory=DetectorFinder)
    public_meta: dict[str, Any] = field(default_factory=dict)
    html: str = ""
    preview_html: str = ""  # the reviewers' view of the same tokens; never published
    toc: list[dict[str, Any]] = field(default_factory=list)
    assets: list[images.Asset] = field(default_factory=list)  # published beside the report's page
    withheld_assets: list[images.Asset] = field(default_factory=list)  # images inside a redaction: preview only
    status: str = PUBLISHED
    status_reason: str = ""
    status_label: str = "可发布"  # the status in a word or two, for summaries
    stopped: bool = False
    source_digest: str = ""  # of the decoded text: what a sign-off binds to
    raw_digest: str = ""  # of the file's bytes: what the cache compares
    waiting: str = ""  # set when this is the approved version, published while a newer one waits for sign-off
    public_names: frozenset[str] = frozenset()  # the site's configured public names (mkdocs.yml)
    decisions: tuple[NameDecision, ...] = ()  # a reviewer's decisions on suspected names (sign-off register)
    suspects: list[SuspectedName] = field(default_factory=list)  # names nobody marked (redaction/suspects.py)
    awaiting_review: bool = False  # held back until a reviewer signs off or decides its suspected names
    redaction_digest: str = ""
    inputs: list[tuple[str, int, int]] = field(default_factory=list)  # other files read: (path, mtime_ns, size)
    cached: bool = False  # taken from the previous build's cache, not run in this one

    @property
    def slug(self) -> str:
        """Site path of the report page, e.g. ``reports/2023/tingche``."""
        return f"reports/{self.year}/{self.name}"

    @property
    def key(self) -> str:
        """The report's path below the reports folder, as the sign-off register names it."""
        return f"{self.year}/{self.name}.md"

    @property
    def records(self) -> list[rd.AuditRecord]:
        return self.redactor.records if self.redactor else []

    @property
    def secrets(self) -> dict[str, str]:
        """Withheld text → where it was withheld (for the leak guard; never published)."""
        return self.redactor.secrets if self.redactor else {}

    def public(self) -> PublicReport:
        """What the site is handed of this report: public data only (``redaction/public.py``)."""
        return PublicReport.of(self.year, self.name, self.public_meta, self.html, self.toc,
                               [(a.name, a.data) for a in self.assets],
                               [r.category for r in self.records if not r.place.startswith("元数据")])

    def stop(self, status: str = INVALID, reason: str = "", label: str = "有错误") -> None:
        self.stopped = True
        self.status, self.status_reason, self.status_label = status, reason, label


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    md = make_parser()
    install_renderers(md)
    return md


@lru_cache(maxsize=1)
def preview_parser() -> MarkdownIt:
    """The same parser, whose renderer shows each redaction to reviewers instead of the notice."""
    md = make_parser()
    install_preview_renderers(md)
    return md


# ---------------------------------------------------------------- steps


def step_decode(s: ReportState) -> None:
    s.raw_digest = raw_digest(s.raw)
    text = decode(s.raw, s.file, s.problems)
    if text is None:
        s.stop()
    else:
        s.text, s.source_digest = text, source_digest(text)


def step_front_matter(s: ReportState) -> None:
    s.source = split(s.text, s.file, s.problems)
    if s.source is None:
        s.stop()


def step_validate_meta(s: ReportState) -> None:
    assert s.source
    validate.check_meta(s.source, s.file, s.problems)


def step_draft(s: ReportState) -> None:
    """草稿: true skips the file entirely — before anything else can complain about it.

    The flag is read with the spellings ``schema.Flag`` accepts, whether or not
    validate_meta has already turned it into a bool; a spelling it does not accept is no
    draft (validate_meta reports it, and the file is not published either way).
    """
    assert s.source
    if validate.flag_value(s.source.meta.get("草稿")) is True:
        s.problems.items = [p for p in s.problems.items if p.file != s.file]
        s.stop(DRAFT, "草稿，不发布", "草稿")


def step_parse(s: ReportState) -> None:
    assert s.source
    env: dict[str, Any] = {}
    s.tokens = parser().parse(s.source.body, env)
    s.env = env
    s.redactor = rd.Redactor(s.file, s.source.body_first_line, s.problems)
    for problem in env.get("marker_problems", []):
        if problem["kind"] == "unclosed":
            s.problems.error(s.file, s.source.body_first_line + problem["line"],
                             f"块标记「::: {problem['params']}」没有结束行「:::」。"
                             "请在要隐去的内容之后单独加一行「:::」。")


def step_validate_sections(s: ReportState) -> None:
    assert s.source
    validate.check_sections(s.tokens, s.file, s.source.body_first_line, s.problems)


def step_markers(s: ReportState) -> None:
    assert s.redactor
    s.tokens = rd.redact_marked_blocks(s.tokens, s.redactor)
    rd.redact_marked_spans(s.tokens, s.redactor)


def step_leftovers(s: ReportState) -> None:
    assert s.redactor
    rd.check_leftover_markers(s.tokens, s.redactor)


def step_terms(s: ReportState) -> None:
    """The 不予公开 lists and the values of private fields, everywhere in the body."""
    assert s.source and s.redactor
    meta = s.source.meta
    given = meta.get("不予公开")
    terms: dict[str, list[str]] = given if isinstance(given, dict) else {}
    finder = rd.TermFinder.from_map(terms)
    private: list[str] = []
    for key in ReportSchema.private_text_keys():
        value = meta.get(key)
        private.extend(value if isinstance(value, list) else [value] if value else [])
    finder.extend(rd.TermFinder.from_map({"个人隐私": [str(v) for v in private]}, "private-field"))
    decided = [d.name for d in s.decisions if d.decision == PRIVATE]
    finder.extend(rd.TermFinder.from_map({"个人隐私": decided}, "reviewer-decision"))
    s.finder = finder
    for category, items in terms.items():
        s.redactor.secret(s.source.meta_lines.get("不予公开", 1), [str(i) for i in items])
    for key in ReportSchema.private_text_keys():
        value = meta.get(key)
        values = value if isinstance(value, list) else [value] if value else []
        s.redactor.secret(s.source.meta_lines.get(key, 1), [str(v) for v in values])
    if finder.terms:
        s.tokens = rd.redact_text(s.tokens, finder, s.redactor, keep_space=False)
    s.redactor.secret(1, decided)  # guarded on every page even where this report no longer has it
    if finder.found_in(s.name):
        s.problems.error(s.file, None, "含有不予公开的词语；文件名会成为公开网址的一部分，请改用不含个人信息的英文或拼音文件名。",
                         "文件名")


def step_detect(s: ReportState) -> None:
    """Personal data nobody marked: found by the detectors, withheld as 个人隐私."""
    assert s.redactor
    s.tokens = rd.redact_text(s.tokens, s.detectors, s.redactor, keep_space=True)
    for start, _end, detector, _value in s.detectors.scan(fold(s.name)):
        s.problems.error(s.file, None, f"中有{detector.label}（从第 {start + 1} 个字符起）；"
                         "文件名会成为公开网址的一部分，请改名。", "文件名")


def step_public_meta(s: ReportState) -> None:
    """The allow-list: only public keys, with withheld terms replaced in their values."""
    assert s.source and s.redactor
    public: dict[str, Any] = {}
    for key in ReportSchema.public_keys():
        if key not in s.source.meta:
            continue
        value = s.source.meta[key]
        line = s.source.meta_lines.get(key, 1)
        if isinstance(value, list):
            public[key] = [_public_text(str(v), key, line, s) for v in value]
        elif isinstance(value, str):
            public[key] = _public_text(value, key, line, s)
        else:
            public[key] = value
    s.public_meta = public


def _public_text(value: str, key: str, line: int, s: ReportState) -> str:
    assert s.redactor
    value = value.strip()
    match = rd.MARKER_LIKE.search(value)
    if match:
        s.problems.error(s.file, line, f"的值中有标记「{match.group(0)}」，元数据不能用标记；"
                         "需要隐去的词请列入「不予公开」。", key)
    passes: list[tuple[rd.Finder, bool]] = [(s.detectors, True)]
    if s.finder and s.finder.terms:
        passes.insert(0, (s.finder, False))
    for finder, keep_space in passes:
        value, hits, originals = rd.replace_in_string(value, finder, keep_space=keep_space)
        for hit, original in zip(hits, originals):
            s.redactor.record(line, hit.category, hit.rule, f"元数据：{key}", original=[original], label=hit.label)
    return value


def step_names(s: ReportState) -> None:
    """Names nobody marked, in what would be published: each suspected, for a reviewer to decide."""
    assert s.redactor and s.source
    public = s.public_names
    values = {k: v for k, v in s.public_meta.items() if isinstance(v, (str, list))}
    try:
        found = suspected(s.tokens, s.redactor.line_of, values, s.source.meta_lines, public)
    except ModelError as exc:  # no model, no knowing: nothing is published on a guess
        s.problems.error(s.file, None, str(exc))
        return
    accepted = {d.name: d.why for d in s.decisions if d.decision == PUBLIC}
    found = [dataclasses.replace(n, rank="public", reasons=(*n.reasons, f"审核人确认可以公开：{accepted[n.name]}"))
             if n.name in accepted else n for n in found]
    s.suspects = sorted(found, key=lambda n: (n.line, n.name))
    hold_for_names(s)


def hold_for_names(s: ReportState) -> None:
    """A report with a suspected name no reviewer has decided is held back, like an unsigned one."""
    open_names = [n for n in s.suspects if n.needs_decision]
    if open_names and s.status == PUBLISHED:
        listed = "、".join(dict.fromkeys(f"第 {n.line} 行「{n.name}」" for n in open_names[:5]))
        more = f"等 {len(open_names)} 处" if len(open_names) > 5 else ""
        s.status, s.status_label, s.awaiting_review = HELD_BACK, "疑似姓名待确认", True
        s.status_reason = f"{listed}{more}疑似未标记的姓名，待审核人决定"


def hold_back(s: ReportState, date: object) -> None:
    """The hold-back rule: a report whose 发布日期 lies after the build date is not published yet."""
    if isinstance(date, _dt.date) and date > s.build_date:
        s.status, s.status_reason = HELD_BACK, f"发布日期 {date} 晚于构建日期 {s.build_date}，暂不发布"
        s.status_label = "发布日期未到"


def step_hold_back(s: ReportState) -> None:
    """A report whose 发布日期 lies after the build date is held back, not published."""
    assert s.source
    hold_back(s, s.source.meta.get("发布日期"))


def step_images(s: ReportState) -> None:
    """Local images only, re-encoded without metadata, addressed from the report's page."""
    assert s.redactor
    root = s.path.parent.parent
    withheld = {id(t) for t in rd.withheld_tokens(s.tokens)}
    for token, block in rd.walk(s.tokens):
        if token.type != "image":
            continue
        line = s.redactor.line_of(block)
        path, why = images.resolve(str(token.attrGet("src") or ""), s.path, root)
        if path is None:
            s.problems.error(s.file, line, f"图片「{token.attrGet('src')}」：{why}。")
            continue
        stat = path.stat()
        s.inputs.append((str(path), stat.st_mtime_ns, stat.st_size))
        try:
            asset = images.clean(path)
        except ValueError as exc:
            s.problems.error(s.file, line, f"图片「{token.attrGet('src')}」：{exc}")
            continue
        token.attrSet("src", asset.name)
        kept = s.withheld_assets if id(token) in withheld else s.assets  # a withheld image is never published
        if asset not in kept:
            kept.append(asset)


def step_footnotes(s: ReportState) -> None:
    s.tokens = finish_footnotes(parser(), s.tokens, s.env)


def step_render(s: ReportState) -> None:
    s.toc = prepare(s.tokens)
    s.html = render(parser(), s.tokens, s.env)


def step_digest(s: ReportState) -> None:
    """The redaction result's digest, which a sign-off binds to."""
    assert s.redactor
    s.redaction_digest = redaction_digest(s.public_meta, s.records, s.redactor.originals,
                                          [a.name for a in (*s.assets, *s.withheld_assets)],
                                          sorted({(n.name, n.rank) for n in s.suspects}))


def step_preview(s: ReportState) -> None:
    """The reviewers' view, rendered from the very token stream the public HTML came from."""
    s.preview_html = render_preview(preview_parser(), s.tokens, {**s.env, "records": s.records})


Step = Callable[[ReportState], None]

STEPS: list[tuple[str, Step]] = [
    ("decode", step_decode),
    ("front_matter", step_front_matter),
    ("validate_meta", step_validate_meta),
    ("draft", step_draft),
    ("parse", step_parse),
    ("validate_sections", step_validate_sections),
    ("markers", step_markers),
    ("leftovers", step_leftovers),
    ("terms", step_terms),
    ("detect", step_detect),
    ("public_meta", step_public_meta),
    ("names", step_names),
    ("hold_back", step_hold_back),
    ("images", step_images),
    ("footnotes", step_footnotes),
    ("render", step_render),
    ("digest", step_digest),
]
PREVIEW_STEPS: list[tuple[str, Step]] = [*STEPS, ("preview", step_preview)]


def run(state: ReportState, steps: list[tuple[str, Step]] | None = None) -> ReportState:
    """Run the steps over one report until one stops it."""
    for _name, step in steps or STEPS:
        step(state)
        if state.stopped:
            break
    if state.problems.errors and state.status in (PUBLISHED, HELD_BACK):
        state.status, state.status_label = INVALID, "有错误"
    return state


# ---------------------------------------------------------------- a folder of reports


@dataclass
class Corpus:
    """The outcome of running every report of a folder through the pipeline."""

    reports: list[ReportState]
    problems: Problems
    reviewers: set[str] = field(default_factory=set)
    """The sign-off register's reviewers, guarded so that the register never reaches the site; a name
    a report itself contains (a reviewer 王伟 and a report naming an official 王伟) is left to that report."""

    @property
    def fresh(self) -> list[ReportState]:
        """The reports run in this build (the others came from the cache, unchanged)."""
        return [r for r in self.reports if not r.cached]

    @property
    def published(self) -> list[ReportState]:
        return [r for r in self.reports if r.status == PUBLISHED]

    @property
    def secrets(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for r in self.reports:
            for text, origin in r.secrets.items():
                out.setdefault(text, origin)
        for name in self.reviewers:
            out.setdefault(name, REVIEWER_ORIGIN)
        return out


def entries_under(folder: Path, wanted: Callable[[str], bool]) -> Iterator[os.DirEntry]:
    """The files under ``folder`` whose names ``wanted`` accepts (os.scandir: rglob is slow on 10,000 files).

    Folders whose names start with a dot are not entered: ``.approved/`` (the signed-off versions,
    ``redaction/signoff.py``), and what tools leave (``.git``, editors' folders)."""
    stack = [str(folder)]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir():
                    if not entry.name.startswith("."):
                        stack.append(entry.path)
                elif wanted(entry.name) and entry.is_file():
                    yield entry


def report_files(reports_dir: Path) -> list[Path]:
    """Every .md file under ``reports_dir``, sorted."""
    found = [e.path for e in entries_under(reports_dir, lambda name: name.endswith(".md"))]
    return [Path(p) for p in sorted(found, key=lambda p: Path(p).parts)]


def load(reports_dir: Path, build_date: _dt.date, shown_as: str | None = None,
         public_contacts: list[str] | None = None, register: Register | None = None,
         preview: bool = False, only: list[Path] | None = None,
         cache: dict[str, ReportState] | None = None, public_names: list[str] | None = None,
         signoff_required: bool = True, approved_versions: bool = True) -> Corpus:
    """Validate and redact every report under ``reports_dir``; collect all problems.

    ``public_contacts``: the site's own public phone numbers and e-mail addresses, which
    the detectors leave alone; nothing else is.  ``public_names``: names the site configures
    as public (suspected names equal to one are ranked public).  ``register``: the reviewers'
    decisions on suspected names; with ``signoff_required``, also a report is published only if
    its sign-off matches its current content (else, with ``approved_versions``, the approved version
    when it is kept: never for the preview or a sign-off, which are about the current text).  ``preview``: also render
    the reviewers' view.  ``only``: just these report files.  ``cache``: results of an
    earlier run (``slim`` states by file); a report whose bytes and images are unchanged is
    taken from it instead of being run again (its status is decided again: dates, sign-off).
    """
    detectors = DetectorFinder.with_public(public_contacts or [])
    names_public = frozenset(public_names or [])
    problems = Problems()
    states: list[ReportState] = []
    prefix = PurePosixPath(shown_as if shown_as is not None else reports_dir.as_posix())
    if not reports_dir.is_dir():
        problems.error(str(prefix), None, "报告目录不存在。请检查 --reports 参数或 mkdocs.yml 中的 reports_dir。")
        return Corpus([], problems)
    root = reports_dir.resolve()
    unguarded = sorted(register.reviewers()) if register is not None else []
    named_in: dict[str, tuple[str, int]] = {}  # a reviewer's name → the first report that has it too
    for path in (only if only is not None else report_files(reports_dir)):
        # files found under reports_dir need no resolving (thousands of them: resolve() is slow)
        rel = path.resolve().relative_to(root) if only is not None else path.relative_to(reports_dir)
        file = str(prefix / rel.as_posix())
        if len(rel.parts) != 2:
            problems.error(file, None, "报告应放在「年份/文件名.md」中，如 reports/2023/tingche.md。")
            continue
        year, name = rel.parts[0], path.stem
        state = ReportState(path=path, file=file, year=year, name=name, build_date=build_date,
                            detectors=detectors, public_names=names_public,
                            decisions=register.decisions(f"{year}/{name}.md") if register is not None else ())
        if not (year.isdigit() and len(year) == 4):
            state.problems.error(file, None, f"所在文件夹「{year}」应为四位年份，如 2023。")
        if not _safe_name(name):
            state.problems.error(file, None, f"「{name}」只能包含文字、数字、「-」和「_」，"
                                 "因为它会成为公开网址的一部分（建议用英文或拼音）。", "文件名")
        state.raw = path.read_bytes()
        for name in [n for n in unguarded if n not in named_in]:
            at = state.raw.find(name.encode("utf-8"))
            if at != -1:
                named_in[name] = (file, state.raw[:at].count(b"\n") + 1)
        earlier = cache.get(file) if cache is not None else None
        if (earlier is not None and not state.problems.items and _unchanged(earlier, state.raw)
                and earlier.decisions == state.decisions and earlier.public_names == names_public):
            state = _reused(earlier, build_date, detectors)
        states.append(state)
    ran = iter(_run_all([s for s in states if not s.cached], PREVIEW_STEPS if preview else STEPS))
    states = [s if s.cached else next(ran) for s in states]
    for i, state in enumerate(states):
        problems.extend(state.problems)
        if register is not None and signoff_required and state.status == PUBLISHED:
            held = register.check(state.key, state.source_digest, state.redaction_digest)
            if held:
                state.status, (state.status_label, state.status_reason) = HELD_BACK, held
                state.awaiting_review = True
        if register is not None and state.awaiting_review and approved_versions and not preview:
            approved = _approved_version(state, register)
            if approved is not None:
                states[i] = approved
    _check_duplicates(states, problems)
    for name, (file, line) in named_in.items():
        problems.warning(file, line, f"中也有审核人的姓名「{name}」。发布前检查只防止签收登记中的姓名泄露，"
                         "报告自己写出的同样文字不算泄露；如果这里指的就是审核人本人而不应公开，请删除或标记。")
    reviewers = {n for n in unguarded if n not in named_in}
    return Corpus(states, problems, reviewers)


def _approved_version(state: ReportState, register: Register) -> ReportState | None:
    """The version ``state``'s sign-off approved, run again, if it is kept and still publishable as
    signed (the same text, images and redaction result); it is published while ``state`` waits."""
    text = register.approved_text(state.key)
    if text is None:
        return None
    approved = ReportState(path=state.path, file=state.file, year=state.year, name=state.name,
                           build_date=state.build_date, detectors=state.detectors, public_names=state.public_names,
                           decisions=state.decisions)
    approved.raw = text.encode("utf-8")
    _finished(approved, STEPS)
    if approved.status != PUBLISHED or approved.problems.errors or register.check(
            approved.key, approved.source_digest, approved.redaction_digest) is not None:
        return None
    entry = register.entries[state.key]
    approved.waiting = (f"{state.status_reason}；新版本签收前，网站上仍是 {entry.date} 签收的版本")
    approved.status_label = "新版本待签收"
    return approved


def slim(state: ReportState) -> ReportState:
    """What a later build needs of a finished report without running it again (no text, no HTML)."""
    redactor = None
    if state.redactor is not None:
        redactor = rd.Redactor(state.file, state.redactor.line_offset, state.problems,
                               records=state.redactor.records, secrets=state.redactor.secrets)
    return ReportState(path=state.path, file=state.file, year=state.year, name=state.name,
                       build_date=state.build_date, problems=state.problems, redactor=redactor,
                       public_meta=state.public_meta, status=state.status, status_reason=state.status_reason,
                       status_label=state.status_label, stopped=state.stopped, source_digest=state.source_digest,
                       raw_digest=state.raw_digest, waiting=state.waiting, public_names=state.public_names,
                       decisions=state.decisions, suspects=state.suspects,
                       redaction_digest=state.redaction_digest, inputs=state.inputs)


def packed(state: ReportState) -> tuple:
    """A finished report's ``slim`` result as plain values (``marshal`` writes and reads them fast)."""
    return (state.file, state.year, state.name, str(state.path), state.source_digest, state.raw_digest,
            state.waiting, state.redaction_digest,
            [list(i) for i in state.inputs], state.status, state.status_reason, state.status_label, state.stopped,
            _plain(state.public_meta),
            [(r.file, r.line, r.category, r.rule, r.place, r.label) for r in state.records],
            dict(state.secrets), [(p.file, p.line, p.message, p.field, p.severity) for p in state.problems.items],
            sorted(state.public_names), [(d.name, d.decision, d.why) for d in state.decisions],
            [(n.name, n.line, n.sentence, n.rank, list(n.reasons), n.place) for n in state.suspects])


def unpacked(values: tuple, build_date: _dt.date) -> ReportState:
    (file, year, name, path, source_dg, raw_dg, waiting, redaction_dg, inputs, status, reason, label, stopped, meta, records,
     secrets, problems, public_names, decisions, suspects) = values
    state = ReportState(path=Path(path), file=file, year=year, name=name, build_date=build_date,
                        problems=Problems([Problem(*p) for p in problems]), public_meta=_dated(meta),
                        status=status, status_reason=reason, status_label=label, stopped=stopped,
                        source_digest=source_dg, raw_digest=raw_dg, waiting=waiting, redaction_digest=redaction_dg,
                        inputs=[tuple(i) for i in inputs], public_names=frozenset(public_names),
                        decisions=tuple(NameDecision(*d) for d in decisions),
                        suspects=[SuspectedName(n, line, sentence, rank, tuple(reasons), place)
                                  for n, line, sentence, rank, reasons, place in suspects])
    state.redactor = rd.Redactor(file, 0, state.problems, records=[rd.AuditRecord(*r) for r in records],
                                 secrets=secrets)
    return state


def _plain(meta: dict[str, Any]) -> dict[str, Any]:
    return {k: ("\0date", v.toordinal()) if isinstance(v, _dt.date) else v for k, v in meta.items()}


def _dated(meta: dict[str, Any]) -> dict[str, Any]:
    return {k: _dt.date.fromordinal(v[1]) if isinstance(v, tuple) and v and v[0] == "\0date" else v
            for k, v in meta.items()}


def raw_digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=20).hexdigest()


def _unchanged(earlier: ReportState, raw: bytes) -> bool:
    if earlier.raw_digest != raw_digest(raw) or earlier.waiting or earlier.stopped or earlier.problems.errors:
        return False
    for path, mtime_ns, size in earlier.inputs:
        try:
            stat = os.stat(path)
        except OSError:
            return False
        if (stat.st_mtime_ns, stat.st_size) != (mtime_ns, size):
            return False
    return True


def _reused(earlier: ReportState, build_date: _dt.date, detectors: DetectorFinder) -> ReportState:
    """A cached report, its status decided again for this build's date (the sign-off is checked later).
    ``earlier`` is the cache's own copy (see ``unpacked``), used once: it becomes this build's state."""
    state = earlier
    state.build_date, state.detectors, state.cached = build_date, detectors, True
    state.status, state.status_reason, state.status_label = PUBLISHED, "", "可发布"
    state.awaiting_review = False
    hold_for_names(state)
    hold_back(state, state.public_meta.get("发布日期"))
    return state


def _finished(state: ReportState, steps: list[tuple[str, Step]]) -> ReportState:
    """Run one report; keep its results, drop the token stream and the text (large, no longer needed)."""
    run(state, steps)
    state.tokens, state.env, state.raw, state.text = [], {}, b"", ""
    if state.source is not None:  # the front matter stays (the preview shows it); the text is in the HTML now
        state.source.text, state.source.body = "", ""
    return state


def _run_all(states: list[ReportState], steps: list[tuple[str, Step]]) -> list[ReportState]:
    """Reports are independent: many of them are shared out over one process per core."""
    workers = os.cpu_count() or 1
    if workers == 1 or len(states) < PARALLEL_FROM:
        return [_finished(s, steps) for s in states]
    gc.freeze()  # the forked workers inherit a large heap: keep their collector (and copy-on-write) off it
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_finished, states, repeat(steps), chunksize=16))
    finally:
        gc.unfreeze()


PARALLEL_FROM = 64  # reports; below this, starting processes costs more than it saves


def _safe_name(name: str) -> bool:
    return bool(name) and all(c.isalnum() or c in "-_" for c in name)


def _check_duplicates(states: list[ReportState], problems: Problems) -> None:
    seen: dict[str, str] = {}
    for s in states:
        if s.status == DRAFT:
            continue
        if s.slug in seen:
            problems.error(s.file, None, f"与 {seen[s.slug]} 的网址相同，请改名。", "文件名")
        seen[s.slug] = s.file
