"""Reading a report file: encoding, line endings and the front-matter block."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Problems
from .schema import ReportSchema

GBK_FIX = (
    "文件不是 UTF-8 编码（看起来是 GBK/GB18030，WPS 和旧版记事本的默认编码）。"
    "请用记事本或 WPS「另存为」并选择编码「UTF-8」，"
    "或运行：iconv -f GB18030 -t UTF-8 原文件 > 新文件"
)


@dataclass
class Source:
    """A report's text, split into front matter and body, with line bookkeeping."""

    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    meta_lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_first_line: int = 1  # 1-based line number of the body's first line in the file


def decode(raw: bytes, file: str, problems: Problems) -> str | None:
    """UTF-8 with or without BOM; anything else is an error that says how to convert."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        try:
            raw.decode("gb18030")
        except UnicodeDecodeError:
            problems.error(file, line, "文件编码无法识别：既不是 UTF-8 也不是 GBK。请另存为 UTF-8 编码的文本文件。")
        else:
            problems.error(file, line, GBK_FIX)
        return None
    if "\ufeff" in text:
        text = text.replace("\ufeff", "")
    return text.replace("\r\n", "\n").replace("\r", "\n")


_KEY_WITH_FULLWIDTH_COLON = re.compile(r"^(\s*)([^\s:：#-][^:：]*?)\s*：[ \t\u3000]*", re.M)


def _normalise_front_matter(block: str) -> str:
    """Accept the full-width colon（：）that Chinese input methods type after a known key."""

    def fix(match: re.Match[str]) -> str:
        key = match.group(2).strip()
        if ReportSchema.field(key) is None and key not in _CATEGORY_KEYS:
            return match.group(0)
        return f"{match.group(1)}{key}: "

    return _KEY_WITH_FULLWIDTH_COLON.sub(fix, block)


_CATEGORY_KEYS = {"国家秘密", "商业秘密", "工作秘密", "个人隐私"}


_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: same nodes, faster


class _UniqueKeyLoader(_SafeLoader):  # type: ignore[misc,valid-type]
    """A safe loader; duplicate keys are found while walking the nodes (see ``split``)."""


def split(text: str, file: str, problems: Problems) -> Source | None:
    """Split ``text`` into front matter and body; parse the front matter."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        problems.error(file, 1, "文件开头缺少以「---」开始的 YAML 元数据块（标题、执行单位等）。")
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        problems.error(file, 1, "元数据块没有结束：在元数据之后加一行「---」。")
        return None
    block = _normalise_front_matter("\n".join(lines[1:end]))
    source = Source(text=text, body="\n".join(lines[end + 1:]), body_first_line=end + 2)
    try:
        node = yaml.compose(block, Loader=_UniqueKeyLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        problems.error(file, line, f"元数据不是有效的 YAML：{getattr(exc, 'problem', exc)}。"
                       "每行写作「键: 值」，冒号后留一个空格；列表项以「- 」开头。")
        return None
    if node is None:
        return source
    if not isinstance(node, yaml.MappingNode):
        problems.error(file, 2, "元数据应为「键: 值」的列表。")
        return None
    loader = _UniqueKeyLoader("")
    for key_node, value_node in node.value:
        key = str(key_node.value).strip()
        line = key_node.start_mark.line + 2
        if key in source.meta_lines:
            problems.error(file, line, f"重复出现（第一次在第 {source.meta_lines[key]} 行）。请删除其中一个。", key)
            continue
        source.meta_lines[key] = line
        try:
            source.meta[key] = loader.construct_object(value_node, deep=True)
        except ValueError:  # a date-shaped value that is no date, e.g. 2023-02-30
            source.meta[key] = str(value_node.value)
        except yaml.YAMLError as exc:
            problems.error(file, line, f"的值无法读取：{exc}", key)
    return source


def nfkc(text: str) -> str:
    """Fold full-width letters, digits and punctuation to their ordinary forms."""
    return unicodedata.normalize("NFKC", text)
