"""Sentence segmentation: tables of real English and Chinese text with the exact sentences a
translator expects, one synthetic case per rule and per no-split rule, offsets, paragraphs,
the round trip through `--lines`, and the `tmkit segment` command."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, SHARED
from hypothesis import given, settings
from hypothesis import strategies as st

from tmkit.cli import app
from tmkit.formats.textfile import read_text
from tmkit.segmenting import render_text, segment_file
from tmkit.text.segment import (
    Sentence,
    detect_lang,
    segment,
    segment_lang,
    segment_lines,
    sentence_text,
    split_paragraphs,
    split_sentences,
)

SEEDS = SHARED / "seeds"
RELEASES = ROOT / "memories" / "releases"
needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(), reason="../shared/seeds is absent (it exists in the project's CI and dev machines)"
)
needs_fixtures = pytest.mark.skipif(
    not FIXTURES.is_dir(), reason="../shared/fixtures is absent (it exists in the project's CI and dev machines)"
)


def sents(text: str, lang: str) -> list[str]:
    """The sentences of one paragraph, as text."""
    return [sentence_text(text[a:b], lang) for a, b in split_sentences(text, lang)]


def texts(paragraphs: list[list[Sentence]]) -> list[list[str]]:
    return [[s.text for s in p] for p in paragraphs]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --- English: paragraphs from the five seed releases -------------------------------------------------

# (seed file, the raw paragraph when it is not just the sentences joined by one space, sentences)
EN_SEEDS: list[tuple[str, str | None, list[str]]] = [
    (
        "000",
        None,
        [
            "On May 21, AN Shengjie, Secretary of the Party Committee and chairman of Poly Union Group Corporation(Poly Union) went to Xinjiang branch of Chinese Academy of Sciences (CAS) to discuss scientific and technical cooperation with XIAO Wenjiao, president of Xinjiang branch, and ZHANG Xiangjun, vice president of Xinjiang branch.",
            "Two sides negotiated and signed agreement in intelligent mines, scientific research platforms and engineering project construction.",
        ],
    ),
    (
        "000",
        None,
        [
            "At the meeting, An Shengjie said that Xinjiang branch is an important comprehensive SciTech research base and senior talent training base in Xinjiang.",
            "Poly Union hopes to increase investment in SciTech innovation in the next few years, carry out in-depth cooperation with Xinjiang branch, and participate in the construction of SciTech projects and scientific research platforms in design of mining engineering, infrastructure construction, etc.",
            "It’s also hoped that the two sides could establish a long-term and effective cooperation mechanism to help Xinjiang's high-quality economic and social development.",
        ],
    ),
    (
        "000",
        None,
        [
            "XIAO Wenjiao welcomed the delegation of Poly Union.",
            "He pointed out that Poly Union is the platform of civil explosion business of Poly Union, one of the world's top 500 enterprises.",
            "It has rich experience in mine engineering design, blasting and other fields.",
            "Xinjiang branch is very looking forward to SciTech cooperation with Poly Union.",
            "It’s necessary for scientific researchers to carry out scientific research activities focusing on major national needs and national economic construction in the new era and situation.",
            "As a national strategic driving force of scientific and technological innovation, CAS will deepen cooperation with the government and state-owned enterprises during the 14th Five-Year Plan Period, focus on the key issues of local socio-economic development, coordinate scientific research forces and carry out innovative research.",
            "In the next step, the two sides should cooperate closely in accordance with the agreement to create a new situation for bilateral cooperation, and gain new momentum for the high-quality development of Xinjiang and even the neighboring countries along the Belt and Road.",
        ],
    ),
    (
        "000",
        "Copyright© Xinjiang Branch, Chinese Academy of Sciences\nNo.341 1st Kexue street, Urumuqi, Xinjiang, China Tel: 86 991 3835430 Fax: 86 991 3835229 Email:",
        [
            "Copyright© Xinjiang Branch, Chinese Academy of Sciences No.341 1st Kexue street, Urumuqi, Xinjiang, China Tel: 86 991 3835430 Fax: 86 991 3835229 Email:"
        ],
    ),
    (
        "001",
        "Shao Jinwen introduced the basic situation of the current development and reform of the BJAST. He also pointed out that it is an important mission of the BJAST\u00a0to promote the construction of the national science and technology innovation center and the coordinated development strategy of Beijing-Tianjin-Hebei. Gu'an is located in the industrial belt around Beijing and close to the south of Beijing. It has unique advantages to build a Beijing-Tianjin-Hebei collaborative development community. It is hoped that the two parties can reach a consensus on the key development direction of the Beijing Academy of Sciences in the future.",
        [
            "Shao Jinwen introduced the basic situation of the current development and reform of the BJAST.",
            "He also pointed out that it is an important mission of the BJAST\u00a0to promote the construction of the national science and technology innovation center and the coordinated development strategy of Beijing-Tianjin-Hebei.",
            "Gu'an is located in the industrial belt around Beijing and close to the south of Beijing.",
            "It has unique advantages to build a Beijing-Tianjin-Hebei collaborative development community.",
            "It is hoped that the two parties can reach a consensus on the key development direction of the Beijing Academy of Sciences in the future.",
        ],
    ),
    (
        "002",
        None,
        [
            "Two sides held a symposium before signing the Agreement.",
            "WANG Weizhong expressed welcome to BAI Chunli came to Shenzhen for promoting their cooperation, and sincere thanks to CAS for strong support.",
        ],
    ),
    (
        "003",
        "At the meeting, Zhang Zhijun, on behalf of the CPC Changchun Municipal Committee and the People’s Government of Changchun City, expressed his gratitude to the friends from all walks of life who had been caring about and supporting the revitalization of Changchun City. After briefly introducing the basic facts of the city, Zhang Zhijun said: “Changchun is now thoroughly implementing the spirit of the important speeches and instructions made by General Secretary Xi Jinping during his inspection trip to Jilin to speed up the construction of a modern metropolitan rim, promote in a coordinated manner the high-quality construction of the city’s ‘four plates’, focus on creating a national regional innovation center, take active measures to integrate into the dual circulation, and strive to build an important window for\u00a0 opening up to the north and a regional hub for cooperation in Northeast Asia.”",
        [
            "At the meeting, Zhang Zhijun, on behalf of the CPC Changchun Municipal Committee and the People’s Government of Changchun City, expressed his gratitude to the friends from all walks of life who had been caring about and supporting the revitalization of Changchun City.",
            "After briefly introducing the basic facts of the city, Zhang Zhijun said: “Changchun is now thoroughly implementing the spirit of the important speeches and instructions made by General Secretary Xi Jinping during his inspection trip to Jilin to speed up the construction of a modern metropolitan rim, promote in a coordinated manner the high-quality construction of the city’s ‘four plates’, focus on creating a national regional innovation center, take active measures to integrate into the dual circulation, and strive to build an important window for\u00a0 opening up to the north and a regional hub for cooperation in Northeast Asia.”",
        ],
    ),
    (
        "003",
        None,
        [
            "“Changchun attaches great importance to cooperation with Russia especially with Novosibirskay.",
            "The development foundations of the two sides are similar.",
            "The capital city of Novosibirskaya is not only the largest comprehensive industrial city in eastern Russia but also a famous scientific and cultural center.",
            "We two sides enjoy a long history of sci-tech cooperation, and the China-Russia Sci-Tech Park has become a role model for international cooperation.",
            "It is hoped that the two sides will take this conference as a chance to make further innovative breakthroughs in promoting the all-round, multi-level and wide-ranging cooperation between the two countries.”",
        ],
    ),
    (
        "003",
        None,
        [
            "In addition to the minutes of talks between the People’s Government of Changchun City and the Siberian Branch of the Russian Academy of Sciences, agreements on cooperation between Changchun China-Russia Sci-Tech Park Co., Ltd. and its counterparts from Russia were signed at the meeting."
        ],
    ),
    (
        "004",
        None,
        [
            "The guidance thought of international cooperation of Chinese Academy of Sciences: It is established in the scientific and technological fontal research domains by paying attention to the substantial results and strengthening the cooperation and exchange with the European countries and USA, Japan, Russia, etc. with well-developed science and technology in the world.",
            "It is also to develop the academic exchange with the peripheral developing countries, tie in the national foreign guideline and policy at the strategic level, and strengthen the scientific and technological cooperation with the peripheral countries based on interchanging resources, sharing information, transferring technology and training qualified scientists and technicians.",
        ],
    ),
    (
        "004",
        None,
        [
            "The unique natural environment in Xinjiang is a “natural laboratory” for scientific research, and attracts many foreign scholars to visit, investigate and carry out the cooperative research projects.",
            "Currently, our institute has established the scientific and technological cooperation and academic contact with more than 50 countries and regions, the annual proportion of international cooperation and exchange of our institute occupies 1/5~1/4 of the total scientific and technological exchange in Xinjiang, and the stable development is continuously maintained.",
            "Through the active international scientific and technological exchange and cooperation, the new study concepts are brought into our institute, many scientific and technological backbones have been trained, some research achievements filled the gaps and took the highest level at home and abroad, and a solid foundation is laid for developing our institute as a first-class institute.",
        ],
    ),
    (
        "004",
        "Copyright ©2009 xinjiang institute of ecology and geography chinese academy of sciences\nEmail: goff@ms.xjb.ac.cn\u00a0\u00a0Tel:+86-991-7885307\nAddress:818 South Beijing Road, Urumqi, Xinjiang",
        [
            "Copyright ©2009 xinjiang institute of ecology and geography chinese academy of sciences Email: goff@ms.xjb.ac.cn\u00a0\u00a0Tel:+86-991-7885307 Address:818 South Beijing Road, Urumqi, Xinjiang"
        ],
    ),
]


def _raw(raw: str | None, expected: list[str]) -> str:
    return raw if raw is not None else " ".join(expected)


@pytest.mark.parametrize(("seed", "raw", "expected"), EN_SEEDS, ids=[f"{s}-{e[0][:30]}" for s, _, e in EN_SEEDS])
def test_english_seed_paragraphs(seed, raw, expected):
    assert sents(_raw(raw, expected), "en") == expected


@needs_seeds
@pytest.mark.parametrize(("seed", "raw", "expected"), EN_SEEDS, ids=[f"{s}-{e[0][:30]}" for s, _, e in EN_SEEDS])
def test_english_seed_literals_are_the_real_text(seed, raw, expected):
    (path,) = SEEDS.glob(f"{seed}_*.txt")
    text, _ = read_text(path)
    paragraphs = [text[a:b] for a, b in split_paragraphs(text)]
    assert _raw(raw, expected) in paragraphs


@needs_seeds
def test_a_whole_seed_file():
    (path,) = SEEDS.glob("000_*.txt")
    paragraphs = segment_file(path, "en")
    assert [len(p) for p in paragraphs] == [1, 2, 3, 7, 1, 1, 1, 1, 1]
    # the page's menu has no sentence terminator and no blank line: one "sentence" (a known limit)
    assert paragraphs[0][0].text.startswith("Sitemap | 中文 | CAS Home Introduction News")
    assert paragraphs[8][0].text.startswith("Copyright© Xinjiang Branch")


# --- English: one case per rule ----------------------------------------------------------------------

EN_SPLITS = [
    # terminators followed by white space and a plausible start
    ("He pointed out. The two sides agreed.", ["He pointed out.", "The two sides agreed."]),
    ("Did they sign? Yes, they did!", ["Did they sign?", "Yes, they did!"]),
    ("It grew. 2021 was better.", ["It grew.", "2021 was better."]),
    ("It was signed. “We are glad,” he said.", ["It was signed.", "“We are glad,” he said."]),
    ("It was signed. (See the agreement.)", ["It was signed.", "(See the agreement.)"]),
    ("It was signed. 中国科学院也出席。", ["It was signed.", "中国科学院也出席。"]),
    ("Really?! Yes.", ["Really?!", "Yes."]),
    ("They waited... The talks went on.", ["They waited...", "The talks went on."]),
    ("They waited… The talks went on.", ["They waited…", "The talks went on."]),
    # closing quotes and brackets stay with the sentence they close
    ('He said "Yes." Then he left.', ['He said "Yes."', "Then he left."]),
    ("(See above.) Next comes the rest.", ["(See above.)", "Next comes the rest."]),
    ("He said ‘Yes.’ Then he left.", ["He said ‘Yes.’", "Then he left."]),
    ('"Who is it?" "It\'s your mother."', ['"Who is it?"', '"It\'s your mother."']),
    # the all-caps surname is an ordinary word: "Wenjiao." ends the sentence
    (
        "They met with XIAO Wenjiao. He pointed out the key issues.",
        ["They met with XIAO Wenjiao.", "He pointed out the key issues."],
    ),
    (
        "The talks were led by BAI Chunli. WANG Weizhong welcomed him.",
        ["The talks were led by BAI Chunli.", "WANG Weizhong welcomed him."],
    ),
    # a full-width terminator in English text ends a sentence, with or without a space
    ("The meeting ended。Both sides signed.", ["The meeting ended。", "Both sides signed."]),
    ("Was it signed？ Yes.", ["Was it signed？", "Yes."]),
    # ambiguous abbreviations end a sentence before a word that commonly starts one
    (
        "They cover mining, construction, etc. It's also hoped that they agree.",
        ["They cover mining, construction, etc.", "It's also hoped that they agree."],
    ),
    (
        "He signed for Poly Union Co., Ltd. The agreement runs five years.",
        ["He signed for Poly Union Co., Ltd.", "The agreement runs five years."],
    ),
    (
        "It spread in the U.S. Such underestimation often occurs.",
        ["It spread in the U.S.", "Such underestimation often occurs."],
    ),
    (
        "The meeting began at 9 a.m. The minister spoke first.",
        ["The meeting began at 9 a.m.", "The minister spoke first."],
    ),
    (
        "This was shown by Zhou et al. The flow chart changed.",
        ["This was shown by Zhou et al.", "The flow chart changed."],
    ),
    ("We chose Plan B. The rest failed.", ["We chose Plan B.", "The rest failed."]),
    # "No." before a word that is not a number is the word "no"
    ("He said No. The meeting ended.", ["He said No.", "The meeting ended."]),
    # a URL or an e-mail address at the end of a sentence
    ("See www.cas.cn. It has the rest.", ["See www.cas.cn.", "It has the rest."]),
    ("Write to goff@ms.xjb.ac.cn. We answer.", ["Write to goff@ms.xjb.ac.cn.", "We answer."]),
    # a space left out after the full stop in raw web text (TICO-19)
    (
        "Such underestimation often occurs in pandemics, such as the 2009 H1N1 swine flu epidemic.The first confirmed death was in Wuhan on 9 January 2020.",
        [
            "Such underestimation often occurs in pandemics, such as the 2009 H1N1 swine flu epidemic.",
            "The first confirmed death was in Wuhan on 9 January 2020.",
        ],
    ),
]

EN_NO_SPLITS = [
    # titles and references before a name or a number
    "Mr. Smith met Mrs. Li, Ms. Wang, Dr. Brown and Prof. Zhang at St. Paul's with Jr. staff.",
    "The list is in Fig. 3, Vol. 2, pp. 10-12, and No. 1 to Nos. 3 and 4 of approx. 50 cases.",
    "Changchun China-Russia Sci-Tech Park Co., Ltd. and its counterparts signed.",
    "Apple Inc. Chief Tim Cook met Corp. lawyers.",
    "They met at 9 a.m. and left at 5 p.m. on Jan. 5 in the U.S. and the U.K. with U.N. staff.",
    "Several genera, e.g. Alpha and Beta, i.e. Betacoronavirus, vs. Gamma were found.",
    "Spiteri et al. reported the first cases.",
    "The book by J. K. Rowling and the paper by Zhang X. and Li Y. were cited.",
    "The office is at No.341 1st Kexue street, Urumuqi.",
    "See No. 1 for details.",
    "USA, Japan, Russia, etc. with well-developed science.",
    # numbers, versions, URLs, e-mail addresses
    "Investment rose 3.5 percent to 1.2 billion yuan.",
    "Version 2.0.1 of the tool is at www.cas.cn and x@y.cn today.",
    # an ellipsis or a question inside a sentence
    "They discussed mines, platforms and so on... the rest was left for later.",
    '"How do you feel?" he asked.',
    "Was it? yes it was.",
    # a speech attribution after a closing quote (the Chinese one does not split either)
    '"Trust me!" Tom said.',
    '"What should I do?" I said to myself.',
    # a list marker at the start of a line
    "1. Introduction",
    "IV. Results and discussion",
    # no space after the full stop, and the next word is not a capitalised word
    "The value is 3.5.2 and e.g.The rest.",
]


@pytest.mark.parametrize(("text", "expected"), EN_SPLITS, ids=[e[0][:40] for _, e in EN_SPLITS])
def test_english_splits(text, expected):
    assert sents(text, "en") == expected


@pytest.mark.parametrize("text", EN_NO_SPLITS, ids=[t[:40] for t in EN_NO_SPLITS])
def test_english_does_not_split(text):
    assert sents(text, "en") == [text]


# --- Chinese -----------------------------------------------------------------------------------------

# memories/releases (the project's own Chinese releases)
ZH_RELEASES = [
    (
        "“长春市高度重视同俄罗斯特别是新西伯利亚州的合作。双方发展基础相近，新西伯利亚州首府不仅是俄罗斯东部最大的综合性工业城市，也是著名的科学文化中心。双方科技合作历史悠久，中俄科技园已成为国际合作的典范。希望双方以此次会议为契机，在推动两国全方位、多层次、宽领域合作方面取得新的创新突破。”",
        [
            "“长春市高度重视同俄罗斯特别是新西伯利亚州的合作。",
            "双方发展基础相近，新西伯利亚州首府不仅是俄罗斯东部最大的综合性工业城市，也是著名的科学文化中心。",
            "双方科技合作历史悠久，中俄科技园已成为国际合作的典范。",
            "希望双方以此次会议为契机，在推动两国全方位、多层次、宽领域合作方面取得新的创新突破。”",
        ],
    ),
    (
        "会上，张志军代表中国共产党长春市委员会、长春市人民政府，向长期以来关心和支持长春市振兴发展的各界朋友表示感谢。在简要介绍长春市基本情况后，张志军说：“长春市正在深入贯彻落实习近平总书记视察吉林重要讲话和重要指示精神，加快建设现代化都市圈，统筹推进全市‘四大板块’高质量建设，着力打造国家区域创新中心，主动融入双循环，努力建设向北开放的重要窗口和东北亚区域合作枢纽。”",
        [
            "会上，张志军代表中国共产党长春市委员会、长春市人民政府，向长期以来关心和支持长春市振兴发展的各界朋友表示感谢。",
            "在简要介绍长春市基本情况后，张志军说：“长春市正在深入贯彻落实习近平总书记视察吉林重要讲话和重要指示精神，加快建设现代化都市圈，统筹推进全市‘四大板块’高质量建设，着力打造国家区域创新中心，主动融入双循环，努力建设向北开放的重要窗口和东北亚区域合作枢纽。”",
        ],
    ),
    (
        "5月21日，保利联合化工控股集团股份有限公司（以下简称“保利联合”）党委书记、董事长安胜杰到访中国科学院新疆分院，与新疆分院院长肖文交、副院长张向军就科技合作进行洽谈。双方就智能矿山、科研平台和工程项目建设等方面进行协商，并签署了合作协议。",
        [
            "5月21日，保利联合化工控股集团股份有限公司（以下简称“保利联合”）党委书记、董事长安胜杰到访中国科学院新疆分院，与新疆分院院长肖文交、副院长张向军就科技合作进行洽谈。",
            "双方就智能矿山、科研平台和工程项目建设等方面进行协商，并签署了合作协议。",
        ],
    ),
]
# Tatoeba (corpora/tatoeba_cmn-eng.tsv, second column)
ZH_TATOEBA = [
    (
        "“你漏写了一个撇号。it's和its是有分别的。” “我知道。是我打错了。”",
        ["“你漏写了一个撇号。", "it's和its是有分别的。”", "“我知道。", "是我打错了。”"],
    ),
    (
        "“又是汤姆的电话？” “嗯。最近他每天晚上都会打过来。当时就不该给他我的号码的。”",
        ["“又是汤姆的电话？”", "“嗯。", "最近他每天晚上都会打过来。", "当时就不该给他我的号码的。”"],
    ),
    ("“谢谢你的帮助。”\u3000“不用谢。”", ["“谢谢你的帮助。”", "“不用谢。”"]),
    (
        "即使是现在，我偶尔还是想见到你。不是今天的你，而是我记忆中曾经的你。",
        ["即使是现在，我偶尔还是想见到你。", "不是今天的你，而是我记忆中曾经的你。"],
    ),
    ("“你感觉怎么样？”他问。", ["“你感觉怎么样？”他问。"]),
    ("“我也那样觉得。”她附和道。", ["“我也那样觉得。”她附和道。"]),
    ("“我该做什么呢？”我自言自语道。", ["“我该做什么呢？”我自言自语道。"]),
]
# TICO-19 (tmx/tico19_en-zh_documents.tmx)
ZH_TICO = [
    (
        "它会成为一种全球大流行病？像 SARS 一样消失？还是会像流感那样定期复发？",
        ["它会成为一种全球大流行病？", "像 SARS 一样消失？", "还是会像流感那样定期复发？"],
    ),
    ("您还有任何其他慢性病吗？比如，高血压或类似疾病。", ["您还有任何其他慢性病吗？", "比如，高血压或类似疾病。"]),
    (
        "所有生病的人都应该留在家中，除非需要获取医疗诊治；不应该上班；并应与他人保持距离。",
        ["所有生病的人都应该留在家中，除非需要获取医疗诊治；", "不应该上班；", "并应与他人保持距离。"],
    ),
    (
        "截至 2 月 26 日，报告的青少年病例相对较少，全球 19 岁及以下的青少年病例占比仅为 2.4%。英国首席科学顾问帕特里克·瓦兰斯估计，英国需要有大约 60% 的人口感染新冠病毒才能获得有效群体免疫。",
        [
            "截至 2 月 26 日，报告的青少年病例相对较少，全球 19 岁及以下的青少年病例占比仅为 2.4%。",
            "英国首席科学顾问帕特里克·瓦兰斯估计，英国需要有大约 60% 的人口感染新冠病毒才能获得有效群体免疫。",
        ],
    ),
    (
        "但是，两个基因组之间 1% 的差异仍然是巨大的区别；因此，尚待具体证据提供决定性结果（图 \u200b(Fig.33）。",
        ["但是，两个基因组之间 1% 的差异仍然是巨大的区别；", "因此，尚待具体证据提供决定性结果（图 \u200b(Fig.33）。"],
    ),
    (
        "2020 年 3 月 13 日，《南华早报》发表了一篇未经证实的报道，称第一例病例可能要追溯到 2019 年 11 月 17 日，患者为 55 岁男性，来自湖北省。2020 年 2 月 26 日，据世界卫生组织报告，中国新增报告病例出现下降，但意大利、伊朗和韩国新增报告病例却突然大增，中国境外的新增病例数首次超过境内。",
        [
            "2020 年 3 月 13 日，《南华早报》发表了一篇未经证实的报道，称第一例病例可能要追溯到 2019 年 11 月 17 日，患者为 55 岁男性，来自湖北省。",
            "2020 年 2 月 26 日，据世界卫生组织报告，中国新增报告病例出现下降，但意大利、伊朗和韩国新增报告病例却突然大增，中国境外的新增病例数首次超过境内。",
        ],
    ),
]

ZH_REAL = ZH_RELEASES + ZH_TATOEBA + ZH_TICO

ZH_RULES = [
    # every terminator, and …… as one
    ("今天很好！明天呢？后天；大后天……再说吧。", ["今天很好！", "明天呢？", "后天；", "大后天……", "再说吧。"]),
    ("会议结束了…双方签了字。", ["会议结束了…", "双方签了字。"]),
    ("真的吗？！当然。", ["真的吗？！", "当然。"]),
    # closing quotes and brackets stay with the sentence they close
    ("他说：“我们会合作。”双方……", ["他说：“我们会合作。”", "双方……"]),
    ("（见上。）下文如此。", ["（见上。）", "下文如此。"]),
    ("他问：「去吗？」我说去。", ["他问：「去吗？」", "我说去。"]),
    # quotes holding several sentences split inside, like the English
    ("他说：“今天很好。明天也好。”然后走了。", ["他说：“今天很好。", "明天也好。”", "然后走了。"]),
    # never inside a book title
    ("他看了《你好！李焕英》这部电影。很好看。", ["他看了《你好！李焕英》这部电影。", "很好看。"]),
    ("《谁动了我的奶酪？》是一本书。", ["《谁动了我的奶酪？》是一本书。"]),
    # numbers
    ("总投资3.5亿元。同比增长１２．５％。", ["总投资3.5亿元。", "同比增长１２．５％。"]),
    ("总投资3.5亿元，增长1.2万人次。", ["总投资3.5亿元，增长1.2万人次。"]),
    # the full-width full stop ends a sentence, except between digits
    ("第一句．第二句．", ["第一句．", "第二句．"]),
    # ASCII ! and ? between Chinese characters
    ("好!我们走吧?他问", ["好!", "我们走吧?", "他问"]),
    # embedded English: English rules, only before white space
    ("He said OK. 然后我们走了。", ["He said OK.", "然后我们走了。"]),
    ("美国U.S. 总统来了。Zhou et al. 报道了。", ["美国U.S. 总统来了。", "Zhou et al. 报道了。"]),
    ("版本v2.0发布了。", ["版本v2.0发布了。"]),
    # what only continues a sentence
    ("“好。”，他说", ["“好。”，他说"]),
    ("我们有苹果、香蕉……等水果。", ["我们有苹果、香蕉……等水果。"]),
    # a short speech attribution after the closing quote, but not a noun that looks like one
    ("“相信我。”他说。", ["“相信我。”他说。"]),
    ("“你好。”我不知道。", ["“你好。”", "我不知道。"]),
    ("“你好。”这是一本小说。", ["“你好。”", "这是一本小说。"]),
]


@pytest.mark.parametrize(("text", "expected"), ZH_REAL, ids=[t[:20] for t, _ in ZH_REAL])
def test_chinese_real_text(text, expected):
    assert sents(text, "zh") == expected


@pytest.mark.parametrize(("text", "expected"), ZH_RULES, ids=[t[:20] for t, _ in ZH_RULES])
def test_chinese_rules(text, expected):
    assert sents(text, "zh") == expected


@needs_fixtures
def test_chinese_literals_are_the_real_text():
    tatoeba = (FIXTURES / "corpora" / "tatoeba_cmn-eng.tsv").read_text("utf-8")
    tico = (FIXTURES / "tmx" / "tico19_en-zh_documents.tmx").read_text("utf-8")
    for text, _ in ZH_TATOEBA:
        assert f"\t{text}\t" in tatoeba, text
    for text, _ in ZH_TICO:
        assert f"<seg>{text}</seg>" in tico, text


def test_chinese_release_literals_are_the_real_text():
    files = _release_files("zh")
    if not files:
        pytest.skip("no memories/releases/*.zh.txt yet")
    paragraphs = {_norm(read_text(f)[0][a:b]) for f in files for a, b in split_paragraphs(read_text(f)[0])}
    for text, _ in ZH_RELEASES:
        assert text in paragraphs, text


# EN/ZH pairs (Tatoeba, TICO-19): the same number of sentences on both sides, so that an
# aligner sees 1-1 beads.
PARALLEL = [
    (
        '"There\'s an apostrophe missing. It\'s and its are different." "I know. It was a typing error."',
        "“你漏写了一个撇号。it's和its是有分别的。” “我知道。是我打错了。”",
    ),
    (
        '"Is that Tom calling again?" "Yes. He calls every evening these days. I shouldn\'t have given him my number."',
        "“又是汤姆的电话？” “嗯。最近他每天晚上都会打过来。当时就不该给他我的号码的。”",
    ),
    ('"How do you feel?" he asked.', "“你感觉怎么样？”他问。"),
    ('"What should I do?" I said to myself.', "“我该做什么呢？”我自言自语道。"),
    ('"Thanks for the help." "Don\'t mention it."', "“谢谢你的帮助。”\u3000“不用谢。”"),
    (
        "Even now, I occasionally think I'd like to see you. Not the you that you are today, but the you I remember from the past.",
        "即使是现在，我偶尔还是想见到你。不是今天的你，而是我记忆中曾经的你。",
    ),
    (
        'A spokeswoman for the U.S. Centers for Disease Control and Prevention (CDC) acknowledged "We know that [the stated death toll] is an underestimation", a statement corroborated by anecdotal reports of undercounting in the U.S. Such underestimation often occurs in pandemics, such as the 2009 H1N1 swine flu epidemic.The first confirmed death was in Wuhan on 9 January 2020.',
        "美国疾控中心 (CDC) 一名女发言人坦言：“我们知道[公布的死亡人数]低于实际数值”，而关于美国数据被低估的传闻也印证了这一言论。低估在流行病领域经常发生，如 2009 年 H1N1 猪流感疫情。2020 年 1 月 9 日，武汉出现中国首例确诊死亡病例。",
    ),
]


@needs_fixtures
def test_parallel_pairs_are_real():
    tatoeba = (FIXTURES / "corpora" / "tatoeba_cmn-eng.tsv").read_text("utf-8")
    tico = html.unescape((FIXTURES / "tmx" / "tico19_en-zh_documents.tmx").read_text("utf-8"))
    for en, zh in PARALLEL:
        assert f"{en}\t{zh}\t" in tatoeba or (f"<seg>{en}</seg>" in tico and f"<seg>{zh}</seg>" in tico), en


@pytest.mark.parametrize(("en", "zh"), PARALLEL, ids=[e[:30] for e, _ in PARALLEL])
def test_english_and_chinese_split_alike(en, zh):
    assert len(sents(en, "en")) == len(sents(zh, "zh"))


# --- the project's release texts ------------------------------------------------------------------

_OPENING = tuple("“‘「『（《【〈([{")
_CLOSING = tuple("”’」』）》】〉)]}，。、；：！？")


def _release_files(suffix: str) -> list[Path]:
    return sorted(RELEASES.glob(f"*.{suffix}.txt")) if RELEASES.is_dir() else []


@pytest.mark.parametrize(("suffix", "lang"), [("zh", "zh"), ("en", "en")])
def test_every_release_text_segments_cleanly(suffix, lang):
    files = _release_files(suffix)
    if not files:
        pytest.skip(f"no memories/releases/*.{suffix}.txt yet")
    for path in files:
        paragraphs = segment_file(path, lang)
        assert paragraphs, path
        for s in (s for p in paragraphs for s in p):
            assert not s.text.endswith(_OPENING), f"{path.name}: {s.text!r} ends with an opening mark"
            assert not s.text.startswith(_CLOSING), f"{path.name}: {s.text!r} starts with a closing mark"


# --- paragraphs, offsets, white space -----------------------------------------------------------------


def test_paragraphs_are_blocks_between_blank_lines():
    text = "\n  First line\nsame block.  \n\n \t \n\nSecond.\r\n\r\nThird\u3000\n\u3000\n"
    spans = split_paragraphs(text)
    assert [text[a:b] for a, b in spans] == ["First line\nsame block.", "Second.", "Third"]


def test_a_sentence_never_crosses_a_blank_line():
    paragraphs = segment("We met Mr.\n\nSmith and Dr. Li\n\n\nagreed", "en")
    assert texts(paragraphs) == [["We met Mr."], ["Smith and Dr. Li"], ["agreed"]]
    assert [s.paragraph for p in paragraphs for s in p] == [0, 1, 2]


def test_offsets_point_into_the_input():
    text = "  Title\n\nHe said “yes.” Then\nhe left.   Mr. Li stayed.\n\n他说：“好。”\n双方\n签字。 "
    paragraphs = segment(text, "zh")
    assert texts(paragraphs) == [
        ["Title"],
        ["He said “yes.”", "Then he left.", "Mr. Li stayed."],
        ["他说：“好。”", "双方签字。"],
    ]
    for s in (s for p in paragraphs for s in p):
        raw = text[s.start : s.end]
        assert raw == raw.strip() and sentence_text(raw, "zh") == s.text


def test_white_space_normalisation():
    assert sentence_text(" a\n  b\u00a0\tc ", "en") == "a b c"
    # inside a line, the author's spacing is kept: doubled spaces and no-break spaces are text
    assert sentence_text("the BJAST\u00a0to  promote", "en") == "the BJAST\u00a0to  promote"
    # Chinese: a line break between two Chinese characters disappears; other runs become a space
    assert sentence_text("中国科学院\n新疆分院", "zh") == "中国科学院新疆分院"
    assert sentence_text("“天然实验室”，\n  吸引了", "zh") == "“天然实验室”，吸引了"
    assert sentence_text("中国 科学院", "zh") == "中国 科学院"
    assert sentence_text("CAS\n中国科学院", "zh") == "CAS 中国科学院"
    assert sentence_text("中国科学院\nCAS", "zh") == "中国科学院 CAS"
    # English rules keep a space even between Chinese characters
    assert sentence_text("中国\n科学院", "en") == "中国 科学院"


def test_segment_lines_reads_one_sentence_per_line():
    text = "\n First  one.\r\nSecond\tone\n\n\n   \n第三句。\n"
    paragraphs = segment_lines(text)
    # spaces inside a line are kept exactly; a tab becomes a space (the text never holds a tab)
    assert texts(paragraphs) == [["First  one.", "Second one"], ["第三句。"]]
    assert [(s.paragraph, text[s.start : s.end]) for p in paragraphs for s in p] == [
        (0, "First  one."),
        (0, "Second\tone"),
        (1, "第三句。"),
    ]


@pytest.mark.parametrize(
    ("tag", "code"),
    [
        ("en", "en"),
        ("en-US", "en"),
        ("EN_gb", "en"),
        ("zh", "zh"),
        ("zh-CN", "zh"),
        ("zh-Hans", "zh"),
        ("zh-TW", "zh"),
        ("zh_Hant_HK", "zh"),
        ("cmn", "zh"),
    ],
)
def test_language_tags(tag, code):
    assert segment_lang(tag) == code


@pytest.mark.parametrize("tag", ["fr", "ja", "", "english", "zh--"])
def test_other_languages_are_refused(tag):
    with pytest.raises(ValueError, match="English and Chinese only"):
        segment(tag and "Text.", tag)


def test_language_detection():
    assert detect_lang("The Chinese Academy of Sciences (中国科学院) signed.") == "en"
    assert detect_lang("中国科学院与深圳市政府签署协议（CAS and Shenzhen）。") == "zh"
    assert detect_lang("2021-03-30 | 123") == "en"


# --- properties ---------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    ["He", "said", "Mr.", "U.S.", "etc.", "No.", "3.5", "a", "B", "中国", "科学院", "。", "！", "？", "；", "……", ".", "!", "?",
     "...", "“", "”", "《", "》", "（", "）", '"', "'", " ", " ", "  ", "\n", "\n\n", "\r\n", "\u3000", "\t", "\u00a0", "，"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join), st.sampled_from(["en", "zh"]))
def test_segmentation_invariants(text, lang):
    paragraphs = segment(text, lang)
    para_spans = split_paragraphs(text)
    assert len(paragraphs) == len(para_spans)
    covered = [False] * len(text)
    last_end = 0
    for p, (para, (pa, pb)) in enumerate(zip(paragraphs, para_spans, strict=True)):
        assert para, "a paragraph has at least one sentence"
        for s in para:
            assert s.paragraph == p and pa <= s.start < s.end <= pb and s.start >= last_end
            raw = text[s.start : s.end]
            assert raw == raw.strip() and s.text == sentence_text(raw, lang)
            assert "\n" not in s.text and "\r" not in s.text
            covered[s.start : s.end] = [True] * (s.end - s.start)
            last_end = s.end
    # every character that is not white space belongs to a sentence
    assert all(c or ch.isspace() for c, ch in zip(covered, text, strict=True))
    # the text output reads back as the same sentences
    assert texts(segment_lines(render_text(paragraphs))) == texts(paragraphs)


# --- the command ------------------------------------------------------------------------------------


def run(runner, *args):
    return runner.invoke(app, ["segment", *[str(a) for a in args]])


def test_cli_text_is_the_default_and_reads_back_with_lines(runner, write, tmp_path):
    src = write("in.txt", "He said “Yes.” Then he left. Mr. Smith stayed.\n\nSecond paragraph. Done!\n")
    r = run(runner, src, "--lang", "en")
    assert r.exit_code == 0, r.output
    assert r.stdout == "He said “Yes.”\nThen he left.\nMr. Smith stayed.\n\nSecond paragraph.\nDone!\n"
    again = run(runner, write("out.txt", r.stdout), "--lines")
    assert again.exit_code == 0 and again.stdout == r.stdout


def test_cli_tsv_positions(runner, write):
    src = write("in.txt", "\ufeffOne. Two.\r\n  Three\r\nfour.\r\n\r\n第五句。第六句。\r\n")
    r = run(runner, src, "--format", "tsv", "--lang", "zh-CN")
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines() == [
        "paragraph\tsentence\tline\tcolumn\ttext",
        "0\t0\t1\t1\tOne.",
        "0\t1\t1\t6\tTwo.",
        "0\t2\t2\t3\tThree four.",
        "1\t0\t5\t1\t第五句。",
        "1\t1\t5\t5\t第六句。",
    ]


def test_cli_json(runner, write):
    src = write("in.txt", "第一句。\n第二句！\n\nThird one.", "utf-16")
    r = run(runner, src, "-f", "json")
    assert r.exit_code == 0, r.output
    assert "segmenting as zh" in r.stderr
    assert json.loads(r.stdout) == [
        {"paragraph": 0, "index": 0, "line": 1, "column": 1, "end_line": 1, "end_column": 5, "text": "第一句。"},
        {"paragraph": 0, "index": 1, "line": 2, "column": 1, "end_line": 2, "end_column": 5, "text": "第二句！"},
        {"paragraph": 1, "index": 0, "line": 4, "column": 1, "end_line": 4, "end_column": 11, "text": "Third one."},
    ]


def test_cli_output_file(runner, write, tmp_path):
    src = write("in.txt", "One. Two.\n\nThree.\n")
    out = tmp_path / "sub" / "out.tsv"
    r = run(runner, src, "-o", out, "--lang", "en", "--format", "tsv")
    assert r.exit_code == 0, r.output
    assert r.stdout == f"{out}: 3 sentences in 2 paragraphs (tsv)\n"
    assert out.read_text("utf-8") == run(runner, src, "--lang", "en", "--format", "tsv").stdout
    blocked = write("file", "x")
    r = run(runner, src, "-o", blocked / "out.txt", "--lang", "en")
    assert r.exit_code == 2 and "cannot write" in r.stderr


def test_cli_unreadable_input_exits_3(runner, write, tmp_path):
    empty = write("empty.txt", "")
    r = run(runner, empty, "--lang", "en")
    assert r.exit_code == 3 and str(empty) in r.stderr and "empty" in r.stderr
    blank = write("blank.txt", " \n\n\t\n")
    assert run(runner, blank).exit_code == 3
    gbk = write("gbk.txt", "中国科学院新疆分院。".encode("gbk"))
    r = run(runner, gbk, "--lang", "zh")
    assert r.exit_code == 3 and f"{gbk}:1:1: not valid UTF-8" in r.stderr
    r = run(runner, tmp_path / "missing.txt")
    assert r.exit_code == 3 and "no such file" in r.stderr


def test_cli_usage_errors_exit_2(runner, write):
    src = write("in.txt", "One.")
    r = run(runner, src, "--lang", "fr")
    assert r.exit_code == 2 and "English and Chinese only" in r.stderr
    assert run(runner, src, "--format", "xml").exit_code == 2
