"""Reading a report file: encoding, line endings and the front-matter block."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Problems
from .schema import CATEGORIES, ReportSchema

GBK_FIX = (
    "文件不是 UTF-8 编码（看起来是 GBK/GB18030，WPS 和旧版记事本的默认编码）。"
    "请用记事本或 WPS「另存为」并选择编码「UTF-8」，"
    "或运行：iconv -f GB18030 -t UTF-8 原文件 > 新文件"
)

UTF16_FIX = ("文件是 UTF-16 编码（记事本「另存为」中的「Unicode」），不是 UTF-8。"
             "请用记事本或 WPS「另存为」并选择编码「UTF-8」。")


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
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.error(file, 1, UTF16_FIX)
        return None
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
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if CONTROL.search(text):
        _control_characters(text, file, problems)
        return None
    return text


def _control_characters(text: str, file: str, problems: Problems) -> None:
    """Each control character at its line and column (a few of them: a binary file has thousands)."""
    if text.count("\x00") * 4 >= len(text):  # every other byte NUL: UTF-16 without its BOM
        problems.error(file, 1, UTF16_FIX)
        return
    for number, match in enumerate(CONTROL.finditer(text)):
        if number == MAX_CONTROL_ERRORS:
            problems.error(file, None, "还有更多控制字符，未逐一列出：请检查这个文件是不是文本文件。")
            return
        start = match.start()
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        char = match.group(0)
        name = CONTROL_NAMES.get(char, "控制字符")
        problems.error(file, line, f"本行第 {column} 个字符是看不见的 U+{ord(char):04X}（{name}）。文本文件中不能有它"
                       "（它会在网页上截断或打乱文字）。请在编辑器中删除它（WPS/记事本可用「查找」定位），"
                       "再重新保存。")


_KEY_WITH_FULLWIDTH_COLON = re.compile(r"^(\s*)([^\s:：#-][^:：]*?)\s*：[ \t\u3000]*", re.M)


def _normalise_front_matter(block: str) -> str:
    """Accept the full-width colon（：）that Chinese input methods type after a known key."""

    def fix(match: re.Match[str]) -> str:
        key = match.group(2).strip()
        if ReportSchema.field(key) is None and key not in CATEGORIES:
            return match.group(0)
        return f"{match.group(1)}{key}: "

    return _KEY_WITH_FULLWIDTH_COLON.sub(fix, block)




# A string-only loader: every scalar is the exact text typed (YAML 1.1 would read 0601 as 385,
# 7:3 as 423, yes as True, 2023-05-26 as a date).  validate.py types dates and flags itself.
_FastLoader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # libyaml when present: same nodes, faster
_ExplainingLoader = yaml.BaseLoader  # on an error, parsed again in Python: its messages are the ones translated

MAX_DEPTH = 8  # nesting levels: the schema needs three; deeper (or recursive aliases) is refused

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters a text file must not hold: C0 controls but tab, LF and CR; the non-characters U+FFFE/U+FFFF."""

CONTROL_NAMES = {"\x00": "空字符 NUL", "\x08": "退格符", "\x0b": "垂直制表符，Word 的手动换行符粘贴后常变成它",
                 "\x0c": "换页符，Word 的分页符粘贴后常变成它", "\x1b": "ESC 转义符",
                 "\ufffe": "Unicode 非字符", "\uffff": "Unicode 非字符"}
MAX_CONTROL_ERRORS = 5  # a binary file would otherwise give one error per byte


def split(text: str, file: str, problems: Problems) -> Source | None:
    """Split ``text`` into front matter and body; parse the front matter, every value as text."""
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
        try:
            node = yaml.compose(block, Loader=_FastLoader)
        except yaml.YAMLError as exc:
            line, message = yaml_error(block, exc)
            problems.error(file, line, f"元数据不是有效的 YAML。{message}")
            return None
    except RecursionError:  # thousands of nested brackets: the composer recurses once per level
        problems.error(file, FIRST_LINE, f"元数据的值嵌套太深（超过 {MAX_DEPTH} 层的列表或映射），无法读取。"
                       "每个键的值应为一段文字或一个简单的列表。")
        return None
    if node is None:
        return source
    if not isinstance(node, yaml.MappingNode):
        problems.error(file, 2, "元数据应为「键: 值」的列表。")
        return None
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + FIRST_LINE
        if not isinstance(key_node, yaml.ScalarNode):
            problems.error(file, line, "元数据的键应为文字，如「标题: …」；这一行的键是列表或映射。")
            continue
        key = key_node.value.strip()
        if key in source.meta_lines:
            problems.error(file, line, f"重复出现（第一次在第 {source.meta_lines[key]} 行）。请删除其中一个。", key)
            continue
        source.meta_lines[key] = line
        value = _text_value(value_node, file, key, problems)
        if value is not None:  # an empty value (「索引号:」) is a missing value
            source.meta[key] = value
    return source


FIRST_LINE = 2  # the front matter's first line in the file (line 1 is 「---」)


def _text_value(node: yaml.Node, file: str, key: str, problems: Problems, depth: int = 0) -> Any:
    """A node as str / list / dict of str, exactly as typed; duplicate keys at any depth are errors."""
    if depth > MAX_DEPTH:
        problems.error(file, node.start_mark.line + FIRST_LINE, "的值嵌套太深（或引用了自身），无法读取。", key)
        return None
    if isinstance(node, yaml.ScalarNode):
        return node.value if node.value.strip() else None
    if isinstance(node, yaml.SequenceNode):
        return [_text_value(item, file, key, problems, depth + 1) or "" for item in node.value]
    out: dict[str, Any] = {}
    first: dict[str, int] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + FIRST_LINE
        name = key_node.value.strip() if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
        if name in first:
            problems.error(file, line, f"中的「{name}」重复出现（第一次在第 {first[name]} 行）。"
                           "请把两处的内容合并到一处。", key)
            continue
        first[name] = line
        out[name] = _text_value(value_node, file, key, problems, depth + 1)
    return out


def yaml_error(block: str, exc: yaml.YAMLError) -> tuple[int, str]:
    """The file line of a YAML syntax error's cause, and what it means in Chinese with the fix."""
    try:  # libyaml's messages are terser; the Python parser's name the character found
        yaml.compose(block, Loader=_ExplainingLoader)
    except yaml.YAMLError as python_exc:
        exc = python_exc
    context = str(getattr(exc, "context", None) or "")
    problem = str(getattr(exc, "problem", None) or exc)
    context_mark = getattr(exc, "context_mark", None)
    problem_mark = getattr(exc, "problem_mark", None)
    # the context marks where the construct began (the quote, the key, the 「[」) when it names
    # one; a block mapping's context is the whole front matter, its problem the line that broke it
    at_start = context.startswith(CONSTRUCT_CONTEXTS)
    mark = context_mark if at_start and context_mark is not None else problem_mark or context_mark
    line = mark.line + FIRST_LINE if mark is not None else FIRST_LINE
    quoted = _multiline_quote(block)
    if quoted is not None and "quoted" not in context and mark is not None and quoted[1] == mark.line:
        line = quoted[0] + FIRST_LINE  # a quote left open swallowed lines up to the next quote
        return line, _UNCLOSED_QUOTE.format(line=line)
    text = block.split("\n")[mark.line] if mark is not None and mark.line < block.count("\n") + 1 else ""
    return line, _explain(context, problem, line, text, mark.column if mark is not None else 0)


CONSTRUCT_CONTEXTS = ("while scanning a quoted", "while scanning a double-quoted", "while scanning a single-quoted",
                      "while parsing a quoted", "while scanning a simple key", "while parsing a flow",
                      "while scanning an anchor", "while scanning an alias", "while scanning a block scalar",
                      "while scanning a directive", "while scanning a tag")

_UNCLOSED_QUOTE = "引号没有闭合：在第 {line} 行的值末尾补上引号，或去掉引号。"


def _multiline_quote(block: str) -> tuple[int, int] | None:
    """(first, last) 0-based lines of the last quoted value before the error, if it spans lines."""
    found = None
    try:
        for token in yaml.scan(block, Loader=_ExplainingLoader):
            if isinstance(token, yaml.ScalarToken) and token.style in ("'", '"'):
                spans = token.end_mark.line > token.start_mark.line
                found = (token.start_mark.line, token.end_mark.line) if spans else None
    except yaml.YAMLError:
        pass
    return found


def _explain(context: str, problem: str, line: int, text: str, column: int) -> str:
    """PyYAML's usual problems, in words a unit's staff can act on."""
    if "quoted" in context and "end of stream" in problem:
        return _UNCLOSED_QUOTE.format(line=line)
    if "unknown escape" in problem:
        return (f"第 {line} 行双引号中的反斜杠「\\」被当作转义符：请改用单引号把值括起来，"
                "或把「\\」写作「\\\\」。")
    if problem.startswith("mapping values are not allowed"):
        if text[:1] in (" ", "\t") and ":" not in text[:column].strip():
            return (f"第 {line} 行的行首多了空格，它被当成了上一行的值的一部分。"
                    "每个键都要顶格写，与上面的键对齐。")
        return (f"第 {line} 行的值里有「: 」（冒号加空格），会被当成新的键。"
                "请把整个值用引号括起来（如 标题: \"甲: 乙\"），或把值里的冒号改为全角「：」。")
    if "could not find expected ':'" in problem:
        return (f"第 {line} 行缺少冒号：每行应写作「键: 值」（冒号后留一个空格）。"
                "如果这是上一行的值换了行，请把值写在同一行。")
    if "\\t" in problem or "tab character" in problem:
        return f"第 {line} 行有制表符（Tab）：YAML 只能用空格缩进。请把这一行的 Tab 改为空格。"
    if "cannot start any token" in problem:
        char = re.search(r"found character '(.+?)'", problem)
        shown = f"「{char.group(1)}」" if char else "这个字符"
        return f"第 {line} 行的值不能以{shown}开头：请把整个值用引号括起来，如 标题: \"{char.group(1) if char else ''}…\"。"
    if problem.startswith("expected ',' or ']'") or "expected ',' or ']'" in problem:
        return (f"第 {line} 行以「[」开头的值被当作列表，但方括号没有闭合。请补上「]」，"
                "或把整个值用引号括起来（文字里的方括号可改用全角「［］」或「【】」）。")
    if "expected ',' or '}'" in problem:
        return (f"第 {line} 行以「{{」开头的值被当作映射，但花括号没有闭合。请补上「}}」，"
                "或把整个值用引号括起来。")
    if "undefined alias" in problem or "while scanning an alias" in context:
        return f"第 {line} 行的值以「*」开头，会被当作 YAML 引用：请把整个值用引号括起来。"
    if "while scanning an anchor" in context:
        return f"第 {line} 行的值以「&」开头，会被当作 YAML 锚点：请把整个值用引号括起来。"
    if "block scalar" in context:
        return f"第 {line} 行的值以「|」或「>」开头，会被当作多行文字的标记：请把整个值用引号括起来。"
    if "directive" in context:
        return f"第 {line} 行以「%」开头，会被当作 YAML 指令：请把这一行的键或值用引号括起来。"
    if "while scanning a tag" in context:
        return f"第 {line} 行的值以「!」开头，会被当作 YAML 类型标签：请把整个值用引号括起来。"
    if problem.startswith("expected <block end>") or "did not find expected key" in problem:
        if "'-'" in problem or "<block sequence start>" in problem:
            return (f"第 {line} 行的列表项「- 」位置不对：列表项应紧跟在它所属的键（如「启动情形:」）之后，"
                    "每项另起一行，统一缩进两个空格。")
        return (f"第 {line} 行的缩进或写法不对：每个键都要顶格写、写作「键: 值」；"
                "如果值用了引号，引号要括住整个值（引号之后不能再有文字）。")
    if "expected <block mapping start>" in problem or "did not find expected node content" in problem:
        return f"第 {line} 行的写法不对：每行写作「键: 值」，冒号后留一个空格；列表项以「- 」开头。"
    short = problem if len(problem) <= 60 else problem[:57] + "…"
    return (f"第 {line} 行无法读取（YAML：{short}）。"
            "每行写作「键: 值」，冒号后留一个空格；列表项以「- 」开头；含特殊符号的值请用引号括起来。")


def nfkc(text: str) -> str:
    """Fold full-width letters, digits and punctuation to their ordinary forms."""
    return unicodedata.normalize("NFKC", text)
