"""Numbers by value in English and Chinese (tmkit.text.numbers): a table of exact readings, the
strings that are not numbers, and real sentences of memories/releases/."""

from __future__ import annotations

import pytest

from tmkit.text.numbers import NumberMatch, find_numbers, number_key


def read(text: str, lang: str) -> list[tuple[str, str]]:
    return [(m.text, m.key) for m in find_numbers(text, lang)]


ENGLISH = [
    ("No.341", [("341", "341")]),
    # a decimal with no zero before the point; a factor; a range dash after a zero-width space
    ("from 13.04% to .08% in New Zealand", [("13.04%", "13.04"), (".08%", "0.08")]),
    ("by a factor of 4-5x.", [("4", "4"), ("5x", "5")]),
    ("Figures 2-\u200b-44 show", [("2", "2"), ("44", "44")]),
    ("a $300+ billion impact", [("300+ billion", "300000000000")]),
    ("12,000", [("12,000", "12000")]),
    ("1,000,000", [("1,000,000", "1000000")]),
    ("1.2 billion", [("1.2 billion", "1200000000")]),
    ("3.5 million people", [("3.5 million", "3500000")]),
    ("5 billion yuan", [("5 billion", "5000000000")]),
    ("3.5%", [("3.5%", "3.5")]),
    ("12.5%", [("12.5%", "12.5")]),
    ("May 21, 2021", [("May", "5"), ("21", "21"), ("2021", "2021")]),
    ("In May 2021", [("May", "5"), ("2021", "2021")]),
    ("He went in May", [("May", "5")]),
    ("nine hundred and thirty", [("nine hundred and thirty", "930")]),
    ("one hundred and five", [("one hundred and five", "105")]),
    ("thirty and two", [("thirty and two", "32")]),
    ("twenty-one", [("twenty-one", "21")]),
    ("twenty one", [("twenty one", "21")]),
    ("twelve thousand", [("twelve thousand", "12000")]),
    ("three hundred thousand", [("three hundred thousand", "300000")]),
    ("two million", [("two million", "2000000")]),
    ("fourteenth", [("fourteenth", "14")]),
    ("thirty-second", [("thirty-second", "32")]),
    ("14th", [("14th", "14")]),
    ("1st and 2nd", [("1st", "1"), ("2nd", "2")]),
    ("１２３", [("１２３", "123")]),
    ("Temperatures fell to -2.", [("-2", "-2")]),
    ("Section 2.1", [("2.1", "2.1")]),
    ("No. 5", [("5", "5")]),
]

CHINESE = [
    ("1.2万", [("1.2万", "12000")]),
    ("3.5亿", [("3.5亿", "350000000")]),
    ("14亿", [("14亿", "1400000000")]),
    ("2千", [("2千", "2000")]),
    ("3万多", [("3万", "30000")]),
    ("１．５万", [("１．５万", "15000")]),
    ("十四五", [("十四", "14"), ("五", "5")]),
    ("一百二十三", [("一百二十三", "123")]),
    ("三万亿", [("三万亿", "3000000000000")]),
    ("二〇二一", [("二〇二一", "2021")]),
    ("一二三", [("一二三", "123")]),
    ("两千", [("两千", "2000")]),
    ("一亿两千万", [("一亿两千万", "120000000")]),
    ("十二万三千四百五十六", [("十二万三千四百五十六", "123456")]),
    ("一万二千", [("一万二千", "12000")]),
    ("四十五万", [("四十五万", "450000")]),
    ("一百零五", [("一百零五", "105")]),
    ("一千零一", [("一千零一", "1001")]),
    ("十", [("十", "10")]),
    ("二十一世纪", [("二十一", "21")]),
    ("第十四", [("十四", "14")]),
    ("第14", [("14", "14")]),
    ("１２３", [("１２３", "123")]),
    ("百分之五十", [("五十", "50")]),
    ("2021年", [("2021", "2021")]),
    ("12,000元", [("12,000", "12000")]),
]


@pytest.mark.parametrize(("text", "expected"), ENGLISH, ids=[t for t, _ in ENGLISH])
def test_english_numbers(text, expected):
    assert read(text, "en") == expected


@pytest.mark.parametrize(("text", "expected"), CHINESE, ids=[t for t, _ in CHINESE])
def test_chinese_numbers(text, expected):
    assert read(text, "zh") == expected


NOT_NUMBERS_EN = [
    "v2",
    "A4",
    "5G",
    "a 3D printer",
    "4K video",
    "COVID-19",
    "May I come in?",
    "May is warm.",
    "I may go",
    "hundreds of people",
    "millions of stars",
    "1.2.3",
    "1.2.3.4",
]


@pytest.mark.parametrize("text", NOT_NUMBERS_EN)
def test_english_not_numbers(text):
    assert find_numbers(text, "en") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("十分期待", []),
        ("统一", []),
        ("一万", [("一万", "10000")]),
        ("一万一千", [("一万一千", "11000")]),
        ("三万一千五百", [("三万一千五百", "31500")]),
        ("会议持续了十分钟", [("十", "10")]),
        ("二十分钟", [("二十", "20")]),
        ("五十一起案件", [("五十一", "51")]),
        ("十分之一", [("十", "10"), ("一", "1")]),
        ("新疆分院十分期待与保利联合开展科技合作。", []),
    ],
    ids=[
        "shifen-very",
        "tongyi",
        "10000",
        "11000",
        "31500",
        "ten-minutes",
        "twenty-minutes",
        "51-cases",
        "tenth",
        "very-in-a-sentence",
    ],
)
def test_not_a_number_words_and_numbers_around_them(text, expected):
    assert read(text, "zh") == expected


def test_chinese_words_that_are_not_quantities():
    # 千万 (by all means) and 百万 alone are not numbers; a scale with nothing before it is skipped
    assert read("千万", "zh") == []
    assert read("百万", "zh") == []


def test_months_have_kind_month_and_may_the_verb_is_not_one():
    got = find_numbers("May 21, 2021", "en")
    assert [(m.text, m.value, m.kind) for m in got] == [
        ("May", 5, "month"),
        ("21", 21, "digits"),
        ("2021", 2021, "digits"),
    ]
    assert find_numbers("He may come on May 21.", "en") == [
        NumberMatch(15, 18, "May", 5.0, "month"),
        NumberMatch(19, 21, "21", 21.0, "digits"),
    ]
    assert [m.kind for m in find_numbers("March on!", "en")] == ["month"]
    assert [(m.text, m.kind) for m in find_numbers("Dec. 2021", "en")] == [("Dec", "month"), ("2021", "digits")]


def test_abbreviated_month_before_a_year():
    assert [(m.text, m.key, m.kind) for m in find_numbers("in Dec 2021", "en")] == [
        ("Dec", "12", "month"),
        ("2021", "2021", "digits"),
    ]


def test_kinds_and_spans():
    assert [(m.start, m.end, m.kind) for m in find_numbers("十四五 and 14th", "zh")] == [
        (0, 2, "han"),
        (2, 3, "han"),
        (8, 12, "digits"),
    ]
    assert [m.kind for m in find_numbers("twenty-one and 21", "en")] == ["words", "digits"]


@pytest.mark.parametrize(
    ("value", "key"),
    [(12000.0, "12000"), (3.50, "3.5"), (0.0, "0"), (-2.0, "-2"), (1.2e9, "1200000000"), (0.125, "0.125")],
)
def test_number_key(value, key):
    assert number_key(value) == key


def test_same_value_in_both_languages():
    assert {m.key for m in find_numbers("twelve thousand", "en")} == {m.key for m in find_numbers("一万二千", "zh")}
    assert read("12,000", "en")[0][1] == read("1.2万", "zh")[0][1] == "12000"
    # "14th Five-Year Plan" and 十四五 give the same keys, in the same order
    assert [k for _, k in read("the 14th Five-Year Plan Period", "en")] == [k for _, k in read("“十四五”期间", "zh")]


# Real sentences of memories/releases/ (English exactly as published, Chinese written for tmkit).
RELEASE_SENTENCES = [
    (
        "en",
        "On May 21, AN Shengjie, Secretary of the Party Committee and chairman of Poly Union Group Corporation(Poly Union) went to Xinjiang branch of Chinese Academy of Sciences (CAS) to discuss scientific and technical cooperation with XIAO Wenjiao, president of Xinjiang branch, and ZHANG Xiangjun, vice president of Xinjiang branch.",
        [("May", "5"), ("21", "21")],
    ),
    (
        "zh",
        "5月21日，保利联合化工控股集团股份有限公司（以下简称“保利联合”）党委书记、董事长安胜杰到访中国科学院新疆分院，与新疆分院院长肖文交、副院长张向军就科技合作进行洽谈。",
        [("5", "5"), ("21", "21")],
    ),
    (
        "en",
        "As a national strategic driving force of scientific and technological innovation, CAS will deepen cooperation with the government and state-owned enterprises during the 14th Five-Year Plan Period, focus on the key issues of local socio-economic development, coordinate scientific research forces and carry out innovative research.",
        [("14th", "14"), ("Five", "5")],
    ),
    (
        "zh",
        "中国科学院作为推动科技创新的国家战略力量，将在“十四五”期间深化与政府和国有企业的合作，聚焦地方经济社会发展的关键问题，统筹科研力量，开展创新研究。",
        [("十四", "14"), ("五", "5")],
    ),
    (
        "en",
        "He pointed out that Poly Union is the platform of civil explosion business of Poly Union, one of the world's top 500 enterprises.",
        [("one", "1"), ("500", "500")],
    ),
    (
        "zh",
        "他指出，保利联合是世界500强企业中国保利集团有限公司旗下的民爆业务平台，在矿山工程设计、爆破等领域拥有丰富经验。",
        [("500", "500")],
    ),
    (
        "en",
        "The Changchun-Novosibirskaya Video Conference on Sci-Tech Cooperation between China and Russia was held on March 26, 2021.",
        [("March", "3"), ("26", "26"), ("2021", "2021")],
    ),
    (
        "zh",
        "2021年3月26日，中俄（长春—新西伯利亚州）科技合作视频会议举行。",
        [("2021", "2021"), ("3", "3"), ("26", "26")],
    ),
    (
        "en",
        "On 23rd of November, Shao Jinwen, the vice president of the BJAST, Fu Shunyi, the secretary of the County Party Committee of Gu'an County, Langfang City, Zhang Miao, the member of the Standing Committee of the County Party Committee and Executive Deputy County Mayor, and the main responsible comrades of the Gu'an County High-tech Zone and relevant bureaus held a video conference to discuss joint promotion of coordinated development of Beijing-Tianjin-Hebei and the cooperation intention to give plays to technological innovation as a leading role in the upgrading and transformation of Gu'an industry.",
        [("23rd", "23"), ("November", "11")],
    ),
    (
        "en",
        "Fu Shunyi introduced the current economic, technological, and industrial development data of Gu'an, focusing on the three major industrial layouts of Gu'an electronic information, aerospace, and life and health, as well as the situation of 13 industrial parks constructed in cooperation with universities and scientific research institutes.",
        [("three", "3"), ("13", "13")],
    ),
    (
        "zh",
        "付顺义介绍了固安县当前经济、科技和产业发展数据，重点介绍了固安县电子信息、航空航天、生命健康三大产业布局，以及与高校和科研院所合作共建的13个产业园区的情况。",
        [("三", "3"), ("13", "13")],
    ),
    (
        "en",
        "In order to carry out the spirit of nineteen CPC National Congress of the Party and accelerate the construction of an innovative country, strengthen the national innovation system, consolidate the spirit of strategic scientific and technological strength, comprehend the ideology of socialism of Chinese characteristics in the new era of XI Jinping, implement Chinese Academy of Science(CAS) Pioneer Initiative (PI), practice the Instructions of President XI for Guangdong and Shenzhen, combine with the strategic deployment of Guangdong, Hong Kong, Macao area international science and Technology Innovation Center, CAS and Shenzhen government held a symposium on science and technology cooperation between CAS and Shenzhen, practice the cooperation of Shenzhen International Science and Technology Industry Innovation Center, both sides signed the Agreement in order to jointly promote the Construction of Shenzhen International Science and Technology Industry Innovation Center.",
        [("nineteen", "19")],
    ),
    ("en", "Two sides held a symposium before signing the Agreement.", [("Two", "2")]),
    (
        "en",
        "In the international cooperation of our institute, five foreign experts won the “Tianshan Award” issued by the People’s Government of Xinjiang Uygur Autonomous Region because of their outstanding success in research projects and big contribution to the scientific research work in Xinjiang.",
        [("five", "5")],
    ),
    (
        "zh",
        "在我所的国际合作中，有五位外国专家因在科研项目中成绩突出、为新疆科研工作作出重大贡献，荣获新疆维吾尔自治区人民政府颁发的“天山奖”。",
        [("五", "5")],
    ),
    (
        "zh",
        "张志军提出三点建议：一是以长春高新技术产业开发区和俄罗斯科学院西伯利亚分院为主要推动力量，开展科技交流与项目合作。",
        [("三", "3"), ("一", "1")],
    ),
    # fractions are not read as fractions: 1/5~1/4 is 1, 5, 1, 4 on both sides alike
    (
        "zh",
        "目前，我所已与50多个国家和地区建立了科技合作与学术联系，每年的国际合作与交流量占新疆科技交流总量的1/5～1/4，并持续保持稳定发展。",
        [("50", "50"), ("1", "1"), ("5", "5"), ("1", "1"), ("4", "4")],
    ),
    (
        "en",
        "Currently, our institute has established the scientific and technological cooperation and academic contact with more than 50 countries and regions, the annual proportion of international cooperation and exchange of our institute occupies 1/5~1/4 of the total scientific and technological exchange in Xinjiang, and the stable development is continuously maintained.",
        [("50", "50"), ("1", "1"), ("5", "5"), ("1", "1"), ("4", "4")],
    ),
    # words written with numerals that are not quantities: 十分 is "very", 三角 of 泛珠三角 is "delta"
    ("zh", "新疆分院十分期待与保利联合开展科技合作。", []),
    (
        "zh",
        "根据协议，中国科学院作为国家战略科技力量，将整合院属研究所资源，推进粤港澳大湾区建设与合作以及泛珠三角区域合作。",
        [],
    ),
    (
        "zh",
        "通过积极开展国际科技交流与合作，我所引进了新的研究理念，培养了一批科技骨干，部分研究成果填补了国内外空白、达到国内外领先水平，为把我所建设成为一流研究所奠定了坚实基础。",
        [("一", "1")],
    ),
]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    RELEASE_SENTENCES,
    ids=[f"{k}-{(p.values if hasattr(p, 'values') else p)[0]}" for k, p in enumerate(RELEASE_SENTENCES)],
)
def test_release_sentences(lang, text, expected):
    assert read(text, lang) == expected


def test_spans_point_into_the_text():
    text = "2021年3月26日，中俄（长春—新西伯利亚州）科技合作视频会议举行。"
    for m in find_numbers(text, "zh"):
        assert text[m.start : m.end] == m.text
    text = "On May 21, AN Shengjie went to Xinjiang; nine hundred and thirty of the １２３ came."
    got = find_numbers(text, "en")
    assert [text[m.start : m.end] for m in got] == ["May", "21", "nine hundred and thirty", "１２３"]


# Readings fixed for the QA number check (real cases from Tatoeba and TICO-19).
@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("eight-thirty", "en", [("eight", "8"), ("thirty", "30")]),  # a time, not 38
        ("one second", "en", [("one", "1"), ("second", "2")]),  # not 3
        ("one third", "en", [("one", "1"), ("third", "3")]),  # a fraction, not 4
        ("fifty-fifty", "en", [("fifty", "50"), ("fifty", "50")]),
        ("twenty-first", "en", [("twenty-first", "21")]),
        ("one hundred and first", "en", [("one hundred and first", "101")]),
        ("a million dollars", "en", [("a million", "1000000")]),
        ("half a million deaths", "en", [("half a million", "500000")]),
        ("$8.3 billion", "en", [("8.3 billion", "8300000000")]),
        ("2-14 days", "en", [("2", "2"), ("14", "14")]),  # a range dash, not -14
        ("2021-03-26", "en", [("2021", "2021"), ("03", "3"), ("26", "26")]),
        ("COVID-19 may spread", "en", []),  # neither -19 nor the month May
        ("咽痛 (13 -25%)", "zh", [("13", "13"), ("25%", "25")]),
        ("三四次", "zh", [("三", "3"), ("四", "4")]),  # three or four times
        ("六七月份", "zh", [("六", "6"), ("七", "7")]),  # June and July
        ("五十千米", "zh", [("五十", "50")]),  # 50 km, not 1050
        ("四点十分", "zh", [("四", "4"), ("十", "10")]),  # 4:10
        ("三明治和零钱", "zh", []),  # sandwich, change
        ("在十字路口", "zh", []),
        ("二氧化碳", "zh", []),
        ("二十字", "zh", [("二十", "20")]),
    ],
)
def test_qa_readings(text, lang, expected):
    assert read(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0x1F", []),  # hexadecimal, not a factor
        ("v.2 and 1..3", [("2", "2"), ("1", "1")]),
        ("4.5 米（15 英尺）-8.2 米", [("4.5", "4.5"), ("15", "15"), ("8.2", "8.2")]),  # a range, not -8.2
    ],
)
def test_codes_and_range_dashes(text, expected):
    assert read(text, "zh" if any("\u4e00" <= c <= "\u9fff" for c in text) else "en") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("三或四周内", [("四", 4.0)]),  # 四周 "all around" is masked; here it is four weeks
        ("四处美国领地", [("四", 4.0)]),
        ("五十一起", []),  # read by find_numbers: 51
        ("一万一千", []),
        ("五金店", []),  # not in the list: find_numbers reads it
    ],
)
def test_find_word_numerals(text, expected):
    from tmkit.text.numbers import find_word_numerals

    assert [(m.text, m.value) for m in find_word_numerals(text)] == expected
