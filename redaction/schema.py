"""The front-matter schema, declared once.

It drives validation (`redaction.validate`), the public allow-list (only fields with
``public=True`` ever leave the core) and the catalogue's listing columns
(``listed``: the column's place).  Keys are Chinese, as the units' staff write them.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, ClassVar


@dataclass(frozen=True)
class Category:
    """A category of Arts. 17 and 22: what may be withheld, on which article, and how it is shown."""

    name: str
    article: str
    css: str  # the class of its notice on the page: gk-redacted--<css>

    @property
    def notice(self) -> str:
        """The fixed public text that replaces anything withheld under this category."""
        return f"此处涉及{self.name}，依据《办法》{self.article}不予公开"


CATEGORY_TABLE: tuple[Category, ...] = (
    Category("国家秘密", "第十七条", "state"),
    Category("商业秘密", "第十七条", "commercial"),
    Category("工作秘密", "第二十二条", "work"),
    Category("个人隐私", "第十七条", "privacy"),
)
"""The four categories, declared once; everything else reads them from here."""

CATEGORIES: dict[str, Category] = {c.name: c for c in CATEGORY_TABLE}
"""The categories by name (iterating gives the names, in the order of the table)."""

TRIGGERS = ("依据变化", "未达预期", "公众意见较多", "执行单位申请", "县政府认为必要")
"""The five grounds for starting an evaluation (Art. 9)."""

SECTIONS = ("基本情况", "内容分析", "结论及建议", "其他需要说明的问题")
"""The level-2 sections an evaluation report must have, in this order (Art. 14)."""


@dataclass(frozen=True)
class Field:
    """One front-matter key."""

    doc: str
    required: bool = False
    public: bool = False
    listed: int = 0
    """Its column in a catalogue listing (1 first), or 0 when it is not a column."""
    key: str = ""

    kind: ClassVar[str] = "value"

    def __set_name__(self, owner: type, name: str) -> None:
        object.__setattr__(self, "key", name)

    def expected(self) -> str:
        """What a valid value looks like, in words for the error message."""
        return "文字"

    def check(self, value: Any) -> str | None:
        """Return why ``value`` is invalid, or None when it is valid."""
        if isinstance(value, str) and value.strip():
            return None
        return f"应为{self.expected()}"


@dataclass(frozen=True)
class Text(Field):
    """A single line or paragraph of text."""


@dataclass(frozen=True)
class Choice(Field):
    """One value out of a fixed list."""

    choices: tuple[str, ...] = ()

    def expected(self) -> str:
        return "可选值之一：" + "、".join(self.choices)

    def check(self, value: Any) -> str | None:
        if isinstance(value, str) and value.strip() in self.choices:
            return None
        return f"不是{self.expected()}"


@dataclass(frozen=True)
class Date(Field):
    """A calendar date written YYYY-MM-DD (quoted or with full-width digits too).

    The front matter is read as text; ``redaction.validate`` turns a valid date into a
    ``datetime.date`` (later steps compare dates), so ``check`` sees the converted value.
    """

    def expected(self) -> str:
        return "日期，格式 YYYY-MM-DD（如 2023-05-26）"

    def check(self, value: Any) -> str | None:
        if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
            return None
        return f"不是{self.expected()}"


@dataclass(frozen=True)
class TextList(Field):
    """A YAML list of text items."""

    choices: tuple[str, ...] = ()

    def expected(self) -> str:
        if self.choices:
            return "列表，每项为以下之一：" + "、".join(self.choices)
        return "文字列表（每行以「- 」开头）"

    def check(self, value: Any) -> str | None:
        if not isinstance(value, list) or not value:
            return f"应为{self.expected()}"
        for item in value:
            if not isinstance(item, str) or not item.strip():
                return f"应为{self.expected()}"
            if self.choices and item.strip() not in self.choices:
                return f"中的「{item}」不是可选值之一：" + "、".join(self.choices)
        return None


@dataclass(frozen=True)
class TermMap(Field):
    """A map from a category of Arts. 17/22 to the terms withheld under it."""

    def expected(self) -> str:
        return "映射：类别（" + "、".join(CATEGORIES) + "）→ 不予公开的词语列表"

    def check(self, value: Any) -> str | None:
        if not isinstance(value, dict) or not value:
            return f"应为{self.expected()}"
        for category, terms in value.items():
            if category not in CATEGORIES:
                return f"中的类别「{category}」不是以下之一：" + "、".join(CATEGORIES)
            if not isinstance(terms, list) or not terms:
                return f"中「{category}」应为词语列表"
            for term in terms:  # the front matter is read as text: a term is a str or it is no term
                if not isinstance(term, str) or not term.strip():
                    return f"中「{category}」含有空的或无法识别的词语"
        return None


@dataclass(frozen=True)
class Flag(Field):
    """Yes or no, written ``true`` / ``false`` (any case, full-width letters too) or ``是`` / ``否``.

    Nothing else is accepted: YAML 1.1's ``yes``, ``no``, ``on``, ``off``, ``1``, ``0`` are
    errors, since a flag that decides whether a file is published must not be guessed.
    ``redaction.validate`` turns a valid spelling into a ``bool``, so ``check`` sees the
    converted value.
    """

    TRUE: ClassVar[tuple[str, ...]] = ("true", "是")
    FALSE: ClassVar[tuple[str, ...]] = ("false", "否")

    def expected(self) -> str:
        return "true 或 false（也可写「是」或「否」）"

    def check(self, value: Any) -> str | None:
        return None if isinstance(value, bool) else f"应为{self.expected()}"


class ReportSchema:
    """Every key a report's front matter may hold; any other key is an error."""

    标题 = Text("报告标题", required=True, public=True, listed=2)
    决策名称 = Text("被评估的重大行政决策名称（第三条）", required=True, public=True)
    决策文号 = Text("决策文件的文号，如 某政〔2019〕12号", public=True)
    执行单位 = Text("决策执行单位（第六条）", required=True, public=True, listed=3)
    评估类型 = Choice("跟踪反馈或后评估（第四条）", required=True, public=True, listed=4,
                  choices=("跟踪反馈", "后评估"))
    评估范围 = Choice("整体评估或部分评估（第十条）", required=True, public=True, listed=5,
                  choices=("整体评估", "部分评估"))
    评估程序 = Choice("一般程序或简易程序（第十五条）", required=True, public=True, listed=6,
                  choices=("一般程序", "简易程序"))
    评估方式 = Choice("自行评估或委托评估（第二十条）", required=True, public=True, listed=7,
                  choices=("自行评估", "委托评估"))
    受托机构 = Text("受委托的评估机构；委托评估时必填（第二十条）", public=True)
    启动情形 = TextList("启动评估的情形（第九条）", required=True, public=True, choices=TRIGGERS)
    评估结论 = Choice("评估结论（第十六条）", required=True, public=True, listed=8,
                  choices=("继续执行", "修改完善", "暂缓执行", "停止执行"))
    结论摘要 = Text("结论及建议摘要，一段话（第十四条第三项）", required=True, public=True)
    司法审核日期 = Date("司法行政部门审核日期（第六条、第十三条第四项）", required=True, public=True)
    政府审定日期 = Date("县政府审定日期（第十三条第四项）", required=True, public=True)
    发布日期 = Date("公开发布日期（第十七条）", required=True, public=True, listed=9)
    索引号 = Text("政府信息公开目录索引号", public=True, listed=1)
    关键词 = TextList("主题词", public=True)
    评估小组 = TextList("评估小组成员（姓名不公开，第十一条）")
    联系人 = Text("联系人（不公开）")
    联系电话 = Text("联系电话（不公开）")
    不予公开 = TermMap("不予公开的词语，按类别列出，全文替换（第十七条、第二十二条）")
    草稿 = Flag("为 true 时整份文件跳过，不发布")

    @classmethod
    def fields(cls) -> list[Field]:
        """All fields, in declaration order."""
        return [v for v in vars(cls).values() if isinstance(v, Field)]

    @classmethod
    def field(cls, key: str) -> Field | None:
        value = vars(cls).get(key)
        return value if isinstance(value, Field) else None

    @classmethod
    def public_keys(cls) -> list[str]:
        """The allow-list: keys whose values may reach the public site."""
        return [f.key for f in cls.fields() if f.public]

    @classmethod
    def listed_keys(cls) -> list[str]:
        """The catalogue's listing columns."""
        return [f.key for f in sorted((f for f in cls.fields() if f.listed), key=lambda f: f.listed)]

    @classmethod
    def private_text_keys(cls) -> list[str]:
        """Private keys whose values are personal data to withhold wherever they appear: every private
        text field (the 不予公开 map and the 草稿 flag are instructions, not data)."""
        return [f.key for f in cls.fields() if not f.public and isinstance(f, (Text, TextList))]


def notice(category: str) -> str:
    """The fixed public text that replaces anything withheld under ``category``."""
    return CATEGORIES[category].notice
