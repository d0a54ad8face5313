"""A generator of realistic synthetic corpora in the report format.

    python bench/corpus.py N OUT_DIR [--seed S]

Writes OUT_DIR/reports/<year>/r<n>.md: N reports of about six kilobytes each, with every
marker form, 不予公开 term lists, unmarked personal data for the detectors (phones, ID and
bank-card numbers, e-mail addresses, plates), tables and footnotes. Deterministic for a seed.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from stdnum import luhn
from stdnum.iso7064 import mod_11_2

UNITS = ["息县城市管理局", "息县教育体育局", "息县卫生健康委员会", "息县住房和城乡建设局", "息县农业农村局",
         "息县交通运输局", "息县市场监督管理局", "息县民政局", "息县水利局", "息县生态环境分局",
         "息县人力资源和社会保障局", "息县文化广电和旅游局"]
TOPICS = ["城区停车收费", "生活垃圾分类", "农村饮水安全", "中小学课后服务", "老旧小区改造", "农村客运",
          "集贸市场管理", "养老服务补贴", "秸秆禁烧", "家庭医生签约", "公共租赁住房", "河道采砂管理",
          "校外培训监管", "公交线路优化", "农贸市场升级", "殡葬改革", "户外广告设置", "夜市经营管理"]
SURNAMES = "张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = "建华秀英志强桂兰国栋丽娟德明晓燕文斌玉梅海涛凤琴振宇春霞永刚淑珍建军美玲国庆慧敏志远红霞立新秋菊世杰雪梅"
PHRASES = [
    "经调查核实", "从实施效果看", "群众满意度总体较高", "部分乡镇执行不到位", "资金使用规范",
    "配套制度有待完善", "宣传解读力度不够", "部门协同机制逐步健全", "基层反映存在一定困难",
    "建议进一步明确职责分工", "完善考核评价办法", "加强日常监督检查", "强化信息公开",
    "问卷调查显示", "座谈会上与会代表认为", "实地走访发现", "对照决策目标逐项分析",
    "执行成本总体可控", "社会效益逐步显现", "个别条款与上位法衔接不够",
]
CATEGORIES = ["个人隐私", "商业秘密", "工作秘密", "国家秘密"]
CONCLUSIONS = ["继续执行", "修改完善", "暂缓执行", "停止执行"]
TRIGGERS = ["依据变化", "未达预期", "公众意见较多", "执行单位申请", "县政府认为必要"]


def name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2))


def sentence(rng: random.Random) -> str:
    return "，".join(rng.sample(PHRASES, rng.randint(2, 4))) + f"，涉及{rng.randint(2, 980)}户群众。"


def paragraph(rng: random.Random, n: int = 4) -> str:
    return "".join(sentence(rng) for _ in range(n))


def resident_id(rng: random.Random) -> str:
    base = f"411528{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    return base + mod_11_2.calc_check_digit(base)


def mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randint(0, 999999999):09d}"


def card(rng: random.Random) -> str:
    body = f"6222{rng.randint(0, 10**14 - 1):014d}"
    number = body + luhn.calc_check_digit(body)
    return " ".join(number[i:i + 4] for i in range(0, len(number), 4))


def personal_data(rng: random.Random) -> str:
    choice = rng.randrange(5)
    if choice == 0:
        return f"来电群众留下的手机号码为{mobile(rng)}"
    if choice == 1:
        return f"申请人身份证号{resident_id(rng)}"
    if choice == 2:
        return f"补贴发放账户{card(rng)}"
    if choice == 3:
        return f"举报邮箱 user{rng.randint(1, 9999)}@163.com"
    return f"涉事车辆豫S{rng.randint(10000, 99999)}"


def report(rng: random.Random, n: int) -> tuple[str, str]:
    year = rng.choice(["2021", "2022", "2023", "2024", "2025"])
    unit, topic = rng.choice(UNITS), rng.choice(TOPICS)
    entrusted = rng.random() < 0.4
    term_person, term_price = name(rng), f"每吨{rng.randint(100, 999)}.{rng.randint(1, 9)}元"
    month = rng.randint(1, 9)
    front = [
        "---",
        f"标题: 关于《息县{topic}办法》实施情况的{'后评估' if n % 2 else '跟踪反馈'}报告（第{n}号）",
        f"决策名称: 息县{topic}办法",
        f"决策文号: 息政〔{int(year) - 2}〕{rng.randint(1, 60)}号",
        f"执行单位: {unit}",
        f"评估类型: {'后评估' if n % 2 else '跟踪反馈'}",
        f"评估范围: {rng.choice(['整体评估', '部分评估'])}",
        f"评估程序: {rng.choice(['一般程序', '简易程序'])}",
        f"评估方式: {'委托评估' if entrusted else '自行评估'}",
        *([f"受托机构: 信阳某某研究院第{rng.randint(1, 9)}分院"] if entrusted else []),
        "启动情形:", *[f"  - {t}" for t in rng.sample(TRIGGERS, rng.randint(1, 2))],
        f"评估结论: {rng.choice(CONCLUSIONS)}",
        f"结论摘要: {paragraph(rng, 2)}",
        f"司法审核日期: {year}-{month:02d}-10",
        f"政府审定日期: {year}-{month:02d}-20",
        f"发布日期: {year}-{month + 1:02d}-05",
        f"索引号: 11411528MB1D03217P/{year}-{n:05d}",
        "关键词:", f"  - {topic[:2]}", f"  - {unit[2:4]}",
        "评估小组:", *[f"  - {name(rng)}" for _ in range(3)],
        f"联系人: {name(rng)}",
        f"联系电话: 0376-{rng.randint(2000000, 9999999)}",
        "不予公开:", "  个人隐私:", f"    - {term_person}", "  商业秘密:", f"    - {term_price}",
        "---", "",
    ]
    rows = "\n".join(f"| {rng.choice(['城关镇', '项店镇', '包信镇', '夏庄镇', '东岳镇'])} | {rng.randint(10, 900)} | "
                     f"{rng.randint(50, 99)}% |" for _ in range(6))
    body = f"""## 一、基本情况

{paragraph(rng, 6)}

受访群众[{name(rng)}]{{.个人隐私}}表示，{sentence(rng)}据**{term_person[0]}**{term_person[1:]}反映，{sentence(rng)}

### （一）执行情况

{paragraph(rng, 5)}{personal_data(rng)}。

| 乡镇 | 户数 | 满意度 |
|---|--:|--:|
{rows}

## 二、内容分析

{paragraph(rng, 6)}[^1]

::: {rng.choice(CATEGORIES)}
{paragraph(rng, 3)}

- 第一项：{sentence(rng)}
- 第二项：{sentence(rng)}
:::

{paragraph(rng, 4)}中标报价为[{rng.randint(100, 999)}.{rng.randint(1, 9)}万元]{{custom-style="商业秘密"}}，合同单价{term_price}。

::: {{custom-style="工作秘密"}}
{paragraph(rng, 2)}
:::

## 三、结论及建议

{paragraph(rng, 5)}{personal_data(rng)}。

1. {sentence(rng)}
2. {sentence(rng)}
3. {sentence(rng)}

## 四、其他需要说明的问题

{paragraph(rng, 3)}

[^1]: {sentence(rng)}
"""
    return f"{year}/r{n:05d}.md", "\n".join(front) + body


def write_corpus(count: int, out: Path, seed: int = 2021) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    for n in range(count):
        rel, text = report(rng, n)
        path = out / "reports" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description="生成合成的评估报告语料")
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=2021)
    args = parser.parse_args()
    paths = write_corpus(args.count, args.out, args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} reports, {size / len(paths) / 1024:.1f} KB each on average, in {args.out}/reports")


if __name__ == "__main__":
    main()
