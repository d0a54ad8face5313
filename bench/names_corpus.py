"""A labelled set of report sentences for the name detector: which names are private, which public.

    python bench/names_corpus.py [N] [--seed S]     # prints N generated sentences with their labels

``corpus()`` is the generated sentences (deterministic for a seed) followed by the hand-written hard
cases of ``bench/names_cases.yaml``: a list of (text, private names, public names), each name the exact
string as it stands in the text (a name written across a line break keeps the line break).

The sentences read like a county's evaluation reports: questionnaires, interviews, home visits,
座谈会, petitions and complaints, the officials who presided, villages, units and decision names.
Private names stand after a context word (受访者, 村民 …), before one (阿姨, 反映 …), or with no context
at all (据王秀英介绍); some are 张某 / 张某某, some use a compound surname, some stand next to digits
(张伟13号楼) or are cut by a soft line break (张\\n建华).  Public names are officials with their title
and the public figures the site configures (``PUBLIC_FIGURES``).  Distractors: villages and townships
that start with a surname (张庄村, 王店乡, 李营, 孙庙乡), units, decision names, everyday words with a
surname character (提高, 方面, 高峰期), and sentences with no name.  Surnames are drawn by their frequency
in China's population; given names from characters that are really used in given names.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import yaml

CASES = Path(__file__).with_name("names_cases.yaml")

Labelled = tuple[str, list[str], list[str]]

SURNAME_WEIGHTS = [
    ("王", 7.1), ("李", 7.0), ("张", 6.6), ("刘", 5.4), ("陈", 4.5), ("杨", 3.1), ("黄", 2.5), ("赵", 2.3), ("吴", 2.0),
    ("周", 1.9), ("徐", 1.7), ("孙", 1.5), ("马", 1.5), ("朱", 1.3), ("胡", 1.3), ("郭", 1.2), ("何", 1.2), ("林", 1.1),
    ("高", 1.1), ("罗", 1.1), ("郑", 1.0), ("梁", 1.0), ("谢", 0.8), ("宋", 0.8), ("唐", 0.8), ("许", 0.7), ("韩", 0.7),
    ("邓", 0.7), ("冯", 0.7), ("曹", 0.7), ("彭", 0.6), ("曾", 0.6), ("肖", 0.6), ("田", 0.6), ("董", 0.5), ("潘", 0.5),
    ("袁", 0.5), ("蔡", 0.5), ("蒋", 0.5), ("余", 0.5), ("于", 0.5), ("杜", 0.5), ("叶", 0.5), ("程", 0.5), ("魏", 0.4),
    ("苏", 0.4), ("吕", 0.4), ("丁", 0.4), ("任", 0.4), ("卢", 0.4), ("姚", 0.4), ("沈", 0.4), ("钟", 0.4), ("姜", 0.4),
    ("崔", 0.4), ("谭", 0.4), ("陆", 0.3), ("范", 0.3), ("汪", 0.3), ("廖", 0.3), ("石", 0.3), ("金", 0.3), ("韦", 0.3),
    ("贾", 0.3), ("夏", 0.3), ("付", 0.3), ("方", 0.3), ("邹", 0.3), ("熊", 0.3), ("白", 0.3), ("孟", 0.3), ("秦", 0.3),
    ("邱", 0.3), ("侯", 0.3), ("江", 0.3), ("尹", 0.2), ("薛", 0.2), ("闫", 0.2), ("段", 0.2), ("雷", 0.2), ("龙", 0.2),
    ("黎", 0.2), ("史", 0.2), ("陶", 0.2), ("贺", 0.2), ("毛", 0.2), ("郝", 0.2), ("顾", 0.2), ("龚", 0.2), ("邵", 0.2),
    ("万", 0.2), ("覃", 0.1), ("武", 0.2), ("钱", 0.2), ("戴", 0.2), ("严", 0.2), ("莫", 0.1), ("孔", 0.1), ("向", 0.1),
    ("常", 0.1), ("汤", 0.1), ("康", 0.1), ("易", 0.1), ("乔", 0.1), ("赖", 0.1), ("文", 0.1), ("施", 0.1), ("洪", 0.1),
    ("牛", 0.1), ("葛", 0.1), ("齐", 0.1), ("申", 0.1), ("耿", 0.1), ("柴", 0.05), ("宁", 0.05), ("鲁", 0.05),
]
"""Surnames with their share of China's population (per cent, rounded; 2020 household registration)."""
COMPOUND = ["欧阳", "司马", "诸葛", "上官", "皇甫", "令狐", "慕容", "夏侯", "司徒", "东方"]
MALE_FIRST = "建国志文海永新德家学玉振晓明俊子天嘉佳思一宏世立长春红卫金少云光正清庆兴东洪"
MALE_SECOND = "伟强军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健峰东林龙阳成兵亮光利清荣彬博航晨睿轩泽然毅锋坤昊山松江宏忠民"
FEMALE_FIRST = "秀桂玉丽美淑春晓雪慧红凤金海艳佳梦雅思欣静婷文翠月素"
FEMALE_SECOND = "英兰梅芳娟霞燕玲萍珍琴华敏静丽艳娜婷雪慧洁颖倩莉凤芬丹瑶欣怡悦琳菊香云"
MALE_SINGLE = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆旭宁龙林阳峰"
FEMALE_SINGLE = "芳娜敏静丽艳娟霞燕玲萍红梅琳婷雪慧洁颖倩兰琴莉"
"""Characters that really stand first, second or alone in given names (by sex, as people are named)."""
WHOLE_GIVEN = ["建华", "秀英", "桂兰", "志强", "国庆", "建国", "玉梅", "丽娟", "德明", "秀兰", "桂英", "建军", "国强", "海燕",
               "春花", "玉兰", "振华", "卫东", "红梅", "凤英", "淑珍", "文斌", "立新", "世杰", "明辉", "宏伟", "晓梅", "春霞",
               "子涵", "浩然", "梓萱", "一诺", "欣怡", "雨桐", "宇轩", "思远", "俊杰", "家豪", "志远", "永福", "长海", "金凤",
               "秋菊", "冬梅", "小红", "大海", "二妮", "铁柱", "保国", "玉珍", "继红", "爱民", "向东", "跃进", "援朝", "胜利"]
"""Whole given names that are common in the generations a county's reports meet."""
PUBLIC_FIGURES = ("焦裕禄", "雷锋", "孔繁森", "杨善洲", "谷文昌", "张桂梅", "黄文秀", "钟南山", "袁隆平", "屠呦呦")
"""Public figures the site configures as public names (the bench passes them to the detector)."""

TOWNSHIPS = ["城郊乡", "夏庄镇", "项店镇", "包信镇", "关店乡", "张陶乡", "彭店乡", "杨店乡", "路口乡", "孙庙乡", "临河乡",
             "岗李店乡", "陈棚乡", "白土店乡", "曹黄林镇", "小茴店镇", "长陵乡", "东岳镇", "八里岔乡", "白店乡", "谯楼街道",
             "龙湖街道", "淮河街道"]
PLACE_ENDINGS = "庄营店寨集楼湾岗洼屯"
UNITS = ["息县人民政府", "县政府办公室", "息县城市管理局", "息县教育体育局", "息县卫生健康委员会", "息县住房和城乡建设局",
         "息县农业农村局", "息县交通运输局", "息县市场监督管理局", "息县民政局", "息县水利局", "县司法局", "县信访局",
         "息县人民医院", "县第一高级中学", "县自来水公司", "县供销合作社", "县公共资源交易中心", "县财政局", "县医疗保障局"]
TOPICS = ["城区停车收费", "生活垃圾分类", "农村饮水安全", "中小学课后服务", "老旧小区改造", "农村客运", "集贸市场管理",
          "养老服务补贴", "秸秆禁烧", "家庭医生签约", "公共租赁住房", "河道采砂管理", "夜市经营管理", "殡葬改革"]
TITLES = ["县长", "副县长", "常务副县长", "县委书记", "局长", "副局长", "主任", "副主任", "镇长", "乡长", "科长", "处长",
          "党组书记", "乡党委书记", "副镇长", "所长"]
FILLERS = ["经调查核实", "从实施效果看", "问卷调查显示", "座谈会上", "实地走访发现", "对照决策目标逐项分析", "评估期间",
           "入户走访中", "据统计", "在征求意见阶段", "2023年5月", "截至2024年底", "听证会上", "调查组了解到"]
TAILS = ["", "，已转相关部门办理", "，评估组已记录在案", "，相关诉求已纳入问题清单", "，占受访总数的12.6%", "，情况属实"]

# {P} a private name, {O} an official (title added by the template), {F} a configured public figure
PRIVATE_TEMPLATES = [
    "受访者{P}反映，投放时段与上班时间冲突", "受访村民{P}表示，自来水水压不稳", "村民{P}提出，希望增加班车班次",
    "居民{P}认为停车收费标准偏高", "户主{P}称其家中尚未接通自来水", "申请人{P}于2023年3月提交补贴申请",
    "信访人{P}多次到县信访局反映拆迁补偿问题", "商户{P}反映摊位费上涨过快", "业主{P}对改造工期提出异议",
    "投诉人{P}通过12345热线投诉噪声扰民", "被调查人{P}承认未按规定分类投放", "群众{P}来电反映路灯损坏",
    "村民代表{P}在座谈会上发言", "低保户{P}反映补贴发放不及时", "受访者：{P}，男，62岁", "来访群众{P}要求公开资金使用情况",
    "家长{P}反映课后服务收费不透明", "摊主{P}称夜市经营时间过短", "驾驶员{P}反映客运线路调整后收入下降",
    "脱贫户{P}表示家庭医生每月上门随访", "经营户{P}、{P}联名反映市场管理问题", "村民{P}、{P}和{P}均表示满意",
    "{P}阿姨今年七十三岁，独自生活", "{P}大爷说，以前吃水要到两里外去挑", "{P}老人反映养老补贴到账延迟",
    "{P}女士建议延长投放时段", "{P}先生在问卷中填写了意见", "{P}反映，小区垃圾清运不及时",
    "据{P}介绍，村里已实现集中供水", "{P}表示对改造效果比较满意", "走访中，{P}提出希望增设公交站点",
    "{P}家的承包地紧邻河道", "我们在{P}家中了解到，农村客运班次不足", "{P}在调查问卷中勾选了“不满意”",
    "与{P}等12名群众进行了交流", "{P}一家三口住在老旧小区", "{P}同志协助完成入户调查",
    "问卷由{P}代为填写", "{P}的诉求已由乡政府答复", "{P}说：“分了也白分。”",
]
PUBLIC_TEMPLATES = [
    "县长{O}主持召开县政府常务会议", "副县长{O}带队开展实地调研", "常务副县长{O}出席座谈会并讲话",
    "县委书记{O}对评估工作作出批示", "{U}局长{O}介绍了执行情况", "{U}副局长{O}汇报了整改措施",
    "{T}党委书记{O}参加了座谈", "会议由县政府办公室主任{O}主持", "{O}副县长听取了评估汇报",
    "分管副县长{O}提出明确要求", "全县上下学习{F}精神", "{F}同志的事迹激励着全县干部",
    "弘扬{F}精神，践行为民宗旨", "在{F}纪念馆开展主题教育",
]
PLAIN_TEMPLATES = [
    "{T}{V}村共有农户{n}户", "在{T}{V}召开群众座谈会", "{V}村至{T}的客运线路已开通", "{T}卫生院开展家庭医生签约服务",
    "{U}牵头组织实施《息县{K}实施方案》", "《关于{K}的实施意见》自2022年起施行", "{U}和{U}联合开展督查",
    "{T}{V}村饮水工程于2023年建成", "评估组到{T}、{T}开展实地调查", "对{V}村、{V}村进行了抽样走访",
    "高峰时段平均周转率为{n}次", "方案明确了各部门职责分工", "提高资金使用效率", "部分路段高峰期拥堵明显",
    "共发放问卷{n}份，回收有效问卷{n}份", "安全管理责任落实到位", "王店乡、张陶乡和孙庙乡执行情况较好",
    "于2024年6月完成整改", "万元以上项目全部纳入监管", "文明城市创建工作有序推进", "常态化开展督导检查",
    "白天投放点无人值守的问题较为突出", "向阳社区、和平社区已完成改造", "史家湾水库周边禁止采砂",
]
OPENINGS = ["", "", "在{T}", "在{T}{V}村", "{F0}，"]


class Generator:
    """Draws names and sentences from one seeded random source."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.surnames = [s for s, _ in SURNAME_WEIGHTS]
        self.weights = [w for _, w in SURNAME_WEIGHTS]

    def surname(self) -> str:
        if self.rng.random() < 0.04:
            return self.rng.choice(COMPOUND)
        return self.rng.choices(self.surnames, self.weights)[0]

    def given(self) -> str:
        r = self.rng.random()
        male = self.rng.random() < 0.5
        if r < 0.2:
            return self.rng.choice(MALE_SINGLE if male else FEMALE_SINGLE)
        if r < 0.5:
            return self.rng.choice(WHOLE_GIVEN)
        if male:
            return self.rng.choice(MALE_FIRST) + self.rng.choice(MALE_SECOND)
        return self.rng.choice(FEMALE_FIRST) + self.rng.choice(FEMALE_SECOND)

    def person(self) -> str:
        return self.surname() + self.given()

    def private(self) -> str:
        """A private name as written: plain, 张某(某), next to digits or cut by a line break."""
        r = self.rng.random()
        if r < 0.05:
            return self.surname() + self.rng.choice(["某", "某某"])
        name = self.person()
        if r < 0.12:
            cut = self.rng.randint(1, len(name) - 1)
            return name[:cut] + self.rng.choice(["\n", "\n", " "]) + name[cut:]
        return name

    def village(self) -> str:
        return self.rng.choice(self.surnames[:30]) + self.rng.choice(PLACE_ENDINGS)

    def fill(self, template: str, private: list[str], public: list[str]) -> str:
        out = template
        while "{P}" in out:
            name = self.private()
            private.append(name)
            out = out.replace("{P}", name, 1)
        while "{O}" in out:
            name = self.person()
            public.append(name)
            out = out.replace("{O}", name, 1)
        while "{F}" in out:
            name = self.rng.choice(PUBLIC_FIGURES)
            public.append(name)
            out = out.replace("{F}", name, 1)
        for slot, draw in (("{U}", lambda: self.rng.choice(UNITS)), ("{T}", lambda: self.rng.choice(TOWNSHIPS)),
                           ("{V}", self.village), ("{K}", lambda: self.rng.choice(TOPICS)),
                           ("{n}", lambda: str(self.rng.randint(2, 980))), ("{a}", lambda: str(self.rng.randint(20, 92))),
                           ("{b}", lambda: str(self.rng.randint(1, 36))), ("{u}", lambda: str(self.rng.randint(1, 6))),
                           ("{F0}", lambda: self.rng.choice(FILLERS))):
            while slot in out:
                out = out.replace(slot, draw(), 1)
        return out

    def sentence(self) -> Labelled:
        private: list[str] = []
        public: list[str] = []
        r = self.rng.random()
        if r < 0.55:
            body = self.rng.choice(PRIVATE_TEMPLATES)
        elif r < 0.75:
            body = self.rng.choice(PUBLIC_TEMPLATES)
        elif r < 0.82:
            body = self.rng.choice(PRIVATE_TEMPLATES) + "，" + self.rng.choice(PUBLIC_TEMPLATES)
        else:
            body = self.rng.choice(PLAIN_TEMPLATES)
        if r < 0.55 and self.rng.random() < 0.15:  # a private name next to digits: 张伟13号楼
            body = self.rng.choice(["受访居民{P}{b}号楼{u}单元，反映楼道照明不足", "{P}{b}号楼住户，反映电梯停运",
                                    "住户{P}{a}岁，独居", "{P}{b}号摊位经营蔬菜", "{P}13938765432（电话已核实）反映"])
        opening = self.rng.choice(OPENINGS)
        ending = "" if body.endswith("”") else self.rng.choice(TAILS) + "。"
        text = self.fill(opening + ("，" if opening and not opening.endswith("，") else "") + body + ending,
                         private, public)
        if self.rng.random() < 0.3:
            text = self.fill(self.rng.choice(PLAIN_TEMPLATES), private, public) + "。" + text
        return text, private, public


def generated(n: int = 600, seed: int = 20240601) -> list[Labelled]:
    """``n`` generated sentences, the same for the same seed."""
    gen = Generator(seed)
    return [gen.sentence() for _ in range(n)]


def cases(heldout: bool | None = None) -> list[Labelled]:
    """The hand-written hard cases; ``heldout`` True or False: only those written after the rules were tuned, or before."""
    data = yaml.safe_load(CASES.read_text(encoding="utf-8"))
    return [(c["text"], list(c.get("private") or []), list(c.get("public") or [])) for c in data
            if heldout is None or bool(c.get("heldout")) == heldout]


def corpus(n: int = 600, seed: int = 20240601) -> list[Labelled]:
    """Generated sentences and hard cases: (text, private names, public names), exact strings of the text."""
    out = generated(n, seed) + cases()
    for text, private, public in out:
        for name in private + public:
            if name not in text:
                raise ValueError(f"标注的姓名「{name}」不在句子中：{text}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=20)
    parser.add_argument("--seed", type=int, default=20240601)
    args = parser.parse_args()
    for text, private, public in generated(args.n, args.seed):
        print(repr(text), "私人:", private, "公开:", public)


if __name__ == "__main__":
    main()
