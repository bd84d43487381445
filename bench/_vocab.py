# SPDX-License-Identifier: GPL-3.0-or-later
"""Word lists used by gen_tmx.py to build realistic EN/ZH benchmark sentences.

The lists are plain tuples so that the generator stays deterministic: the same
seed always picks the same items in the same order.  Nothing here is random.
"""

EN_FUNCTION = tuple(
    "the the the a a an of of of in in to to and and for on with by from "
    "at as that this these its their new more than about after over into "
    "which while but also has have had is are was were will may could "
    "not only most some every each".split()
)

EN_CONTENT = tuple(
    """scientists researchers study team results data evidence model models
    universe galaxy galaxies star stars planet planets orbit telescope
    observatory mission spacecraft probe satellite launch rocket lunar solar
    Mars Moon Earth asteroid comet black hole gravity radiation particle
    particles quantum computer computing algorithm network chip battery
    energy fusion reactor carbon emissions climate warming temperature ocean
    oceans sea level ice glacier sheet Arctic Antarctic rainfall drought
    flood forest species habitat biodiversity ecosystem coral reef bird birds
    insects bacteria virus vaccine vaccines protein proteins gene genes
    genome cell cells tissue brain neurons memory sleep patients trial
    clinical treatment therapy drug dose hospital disease cancer infection
    immune response risk rate growth decline increase decrease analysis
    survey sample samples experiment laboratory measurement measurements
    signal signals detector detection dark matter light wavelength infrared
    spectrum molecule molecules material materials surface layer structure
    samples fossil fossils dinosaur ancient human humans evolution
    population region country countries government policy funding project
    report journal paper findings method approach technique system systems
    sensor robot robots artificial intelligence language machine learning
    reported found showed suggests suggested measured observed discovered
    detected estimated predicted confirmed revealed developed published
    tested analysed collected launched recorded identified increased reduced
    significant significantly likely unexpected rapid rapidly slow slowly
    global local early late large small high low recent previous first second
    major key potential critical stable unstable warm cold dense bright faint
    distant nearby deep shallow precise accurate independent international""".split()
)

EN_NAMES = (
    "NASA", "ESA", "CERN", "MIT", "Dr. Chen", "Dr. Okafor", "Professor Lopez",
    "Zhang Wei", "Li Na", "Maria Rossi", "James Webb", "Hubble", "Oxford",
    "Tsinghua University", "the Max Planck Institute", "Nature", "Science",
    "the World Health Organization", "the Chinese Academy of Sciences",
)

EN_UNITS = ("km", "kg", "percent", "degrees", "years", "million", "billion",
            "light-years", "nanometres", "patients", "samples", "species")

EN_ENDINGS = (".", ".", ".", ".", ".", ".", ".", "?", "!", ";")

EN_ASIDES = ("(p < 0.05)", "(R&D)", "\"so-called\"", "(see Fig. 2)",
             "— as expected —", "'unusual'", "(in situ)")

ZH_FUNCTION = tuple("的的的了在在是和与对将也被从到中上个这有都而并")

ZH_CONTENT = (
    "科学家", "研究人员", "研究", "团队", "结果", "数据", "证据", "模型",
    "宇宙", "星系", "恒星", "行星", "轨道", "望远镜", "天文台", "任务",
    "探测器", "卫星", "发射", "火箭", "月球", "太阳", "火星", "地球",
    "小行星", "彗星", "黑洞", "引力", "辐射", "粒子", "量子", "计算机",
    "算法", "网络", "芯片", "电池", "能源", "聚变", "反应堆", "碳排放",
    "气候", "变暖", "温度", "海洋", "海平面", "冰川", "冰盖", "北极",
    "南极", "降雨", "干旱", "洪水", "森林", "物种", "栖息地", "生物多样性",
    "生态系统", "珊瑚礁", "鸟类", "昆虫", "细菌", "病毒", "疫苗", "蛋白质",
    "基因", "基因组", "细胞", "组织", "大脑", "神经元", "记忆", "睡眠",
    "患者", "临床试验", "治疗", "疗法", "药物", "剂量", "医院", "疾病",
    "癌症", "感染", "免疫", "反应", "风险", "增长", "下降", "增加", "减少",
    "分析", "调查", "样本", "实验", "实验室", "测量", "信号", "暗物质",
    "光", "波长", "红外", "光谱", "分子", "材料", "表面", "结构", "化石",
    "恐龙", "古代", "人类", "进化", "人口", "地区", "国家", "政府", "政策",
    "资金", "项目", "报告", "期刊", "论文", "发现", "方法", "技术", "系统",
    "传感器", "机器人", "人工智能", "语言", "机器学习", "表明", "显示",
    "观测", "检测", "估计", "预测", "证实", "揭示", "开发", "发表", "测试",
    "收集", "记录", "识别", "提高", "降低", "显著", "可能", "意外", "迅速",
    "缓慢", "全球", "早期", "大型", "小型", "高", "低", "最近", "首次",
    "重要", "关键", "潜在", "稳定", "遥远", "附近", "深层", "精确", "独立",
    "国际", "合作", "我们", "他们", "这项", "一种", "已经", "正在", "没有",
    "张伟", "李娜", "陈博士", "中国科学院", "美国国家航空航天局", "欧洲空间局",
)

ZH_COMMAS = ("，", "，", "，", "、", "；", "：")

ZH_ENDINGS = ("。", "。", "。", "。", "。", "。", "？", "！")

ZH_ASIDES = (("（", "）"), ("“", "”"), ("《", "》"))

DOMAINS = ("astronomy", "biology", "climate", "medicine", "physics",
           "technology", "geology", "ecology")

NOTES = (
    "Checked against the press release.", "Terminology reviewed by editor.",
    "Source updated in 2023 revision.", "Numbers verified & approved.",
    "Keep the institution name in English on first mention.",
    "译文已由审校确认。", "术语与《科技名词》保持一致。",
)

CREATORS = ("alice", "bob", "wang.li", "chen.jing", "mt-engine", "zhao.min",
            "reviewer01", "d.smith")
