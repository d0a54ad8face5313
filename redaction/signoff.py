"""Sign-off bound to content: review first, publish after (先审后发).

A reviewer's sign-off records, per report, who signed, when, a digest of the report's
text and a digest of its redaction result (what is withheld and what is public). The text
digest is over the decoded text with Windows line endings and a byte-order mark removed
(``redaction/source.py decode``): re-saving a file in another editor is no change.

A report whose current digests do not match its sign-off is not published in its new
form until signed again; the version that was approved stays published meanwhile, as a
government CMS keeps the approved version online.  That version is kept beside the
register (``reports/.approved/<year>/<name>.md``, written by ``gongkai approve``), and is
used only while its text still matches the sign-off's digest.  The register lives beside
the reports (``reports/signoffs.yml``) and is never published; the names in it are
guarded like every other withheld string.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REGISTER_NAME = "signoffs.yml"
APPROVED_DIR = ".approved"
"""Beside the register: the text of each report as it was signed off (never published)."""
REVIEWER_ORIGIN = "签收登记（审核人姓名）"
"""Where a reviewer's name is withheld, as the leak guard names it."""
HEADER = ("# 保密审查签收登记：由 gongkai approve 写入，请勿手工修改。\n"
          "# 本文件含审核人姓名，属内部工作信息，不得公开。\n")


PRIVATE, PUBLIC = "不予公开", "公开"
"""A reviewer's decision on a suspected name (``redaction/suspects.py``)."""


@dataclass(frozen=True)
class NameDecision:
    """What a reviewer decided about one suspected name of one report, and why."""

    name: str
    decision: str  # PRIVATE or PUBLIC
    why: str = ""


@dataclass(frozen=True)
class SignOff:
    """One reviewer's sign-off of one report's content and redaction result."""

    reviewer: str
    date: str  # YYYY-MM-DD
    source: str  # sha256 of the report's decoded text (see source_digest)
    redaction: str  # sha256 of the redaction result (see redaction_digest)
    names: tuple[NameDecision, ...] = ()  # the suspected names decided, sorted by name

    def as_yaml(self) -> dict[str, Any]:
        data: dict[str, Any] = {"审核人": self.reviewer, "日期": self.date, "原文摘要": self.source,
                                "脱敏结果摘要": self.redaction}
        if self.names:
            data["姓名确认"] = {d.name: {"决定": d.decision, **({"理由": d.why} if d.why else {})} for d in self.names}
        return data

    @classmethod
    def from_yaml(cls, data: dict[str, Any]) -> "SignOff":
        decided = data.get("姓名确认") or {}
        names = []
        for name, value in decided.items():
            decision = str(value["决定"])
            if decision not in (PRIVATE, PUBLIC):
                raise KeyError(f"姓名确认 {name} 的决定应为「{PRIVATE}」或「{PUBLIC}」")
            names.append(NameDecision(str(name), decision, str(value.get("理由") or "")))
        return cls(str(data["审核人"]), str(data["日期"]), str(data["原文摘要"]), str(data["脱敏结果摘要"]),
                   tuple(sorted(names, key=lambda d: d.name)))


def source_digest(text: str) -> str:
    """Of the decoded text (``decode``: no BOM, ``\\n`` line endings): what the reviewer read."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def redaction_digest(public_meta: dict[str, Any], records: list[Any], originals: list[str],
                     files: Sequence[str] = (), names: Sequence[tuple[str, str]] = ()) -> str:
    """What the public gets and what is withheld: public fields, each redaction and a hash of its text,
    every file the report publishes besides its page (``files``: images, named by their content), and
    the names suspected in what is published, with their rank (``names``: a reviewer decided on these).

    The rendered HTML is left out on purpose: a change of page layout is not a change of
    what is disclosed, and must not void every sign-off.
    """
    document: dict[str, Any] = {
        "public": {k: (v.isoformat() if isinstance(v, _dt.date) else v) for k, v in sorted(public_meta.items())},
        "redactions": sorted(
            (r.line, r.category, r.rule, r.place, hashlib.sha256(o.encode("utf-8")).hexdigest())
            for r, o in zip(records, originals)),
    }
    if files:  # an image replaced after sign-off is an image nobody reviewed
        document["files"] = sorted(files)
    if names:  # a name suspected after sign-off is a name nobody decided on
        document["names"] = sorted([n, r] for n, r in names)
    text = json.dumps(document, ensure_ascii=False, sort_keys=True)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


class RegisterError(Exception):
    """The register cannot be read: nothing is published on the strength of it."""


@dataclass
class Register:
    """The sign-off register of a reports folder, keyed by the report's path below it."""

    path: Path
    entries: dict[str, SignOff]

    @classmethod
    def load(cls, reports_dir: Path) -> "Register":
        path = reports_dir / REGISTER_NAME
        if not path.exists():
            return cls(path, {})
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            return cls(path, {str(k): SignOff.from_yaml(v) for k, v in data.items()})
        except (yaml.YAMLError, KeyError, TypeError, AttributeError) as exc:
            raise RegisterError(f"{path}：签收登记无法读取（{exc}）。请从版本库恢复该文件，或删除后重新签收。") from exc

    def save(self) -> None:
        data = {key: self.entries[key].as_yaml() for key in sorted(self.entries)}
        text = HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(self.path)

    def approved_path(self, key: str) -> Path:
        return self.path.parent / APPROVED_DIR / key

    def keep_approved(self, key: str, text: str) -> None:
        """Keep the text as signed off: it stays published until a newer version is signed."""
        path = self.approved_path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8", newline="\n")
        tmp.replace(path)

    def approved_text(self, key: str) -> str | None:
        """The signed-off text of ``key``, if it is kept and still the one the sign-off names."""
        entry = self.entries.get(key)
        path = self.approved_path(key)
        if entry is None or not path.is_file():
            return None
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        return text if source_digest(text) == entry.source else None

    def reviewers(self) -> set[str]:
        return {e.reviewer for e in self.entries.values() if e.reviewer}

    def decisions(self, key: str) -> tuple[NameDecision, ...]:
        entry = self.entries.get(key)
        return entry.names if entry else ()

    def check(self, key: str, source: str, redaction: str) -> tuple[str, str] | None:
        """(short status, reason) why the report may not be published yet; None when its sign-off matches."""
        entry = self.entries.get(key)
        if entry is None:
            return "未签收", "未经审核签收：请预览（gongkai preview）后由审核人签收（gongkai approve）"
        if entry.source != source:
            return "签收后有改动", f"签收（{entry.date}）后报告内容有改动，需要重新审核签收"
        if entry.redaction != redaction:
            return "脱敏结果有变化", (f"图片或脱敏结果与签收（{entry.date}）时不同（换了图片，或程序、配置有变化），"
                                  "需要重新审核签收")
        return None
