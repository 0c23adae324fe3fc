"""Candidates in the order of their surname's strokes (按姓氏笔画为序).

No stroke data ships with the installed packages (pypinyin has readings only, unicodedata has
none), so this is a table of the common surnames by their stroke count in the standard simplified
forms. Names with the same count follow in pinyin order (real 笔画 lists then order by the first
stroke, 横竖撇点折; this table does not know strokes' shapes). A surname not in the table goes
after those that are, in pinyin order: add it here when a school needs it.
"""

from pypinyin import lazy_pinyin

_BY_STROKES = {
    2: "丁卜刁",
    3: "于马万卫门干弓",
    4: "王毛方孔尹文韦邓牛尤井巴丰支计云戈乌元仇公车亢区卞勾",
    5: "叶冯田石白龙史卢付包冉左甘宁兰申司古艾皮印平丛厉玉母仝邝边",
    6: "刘孙朱许吕任江汤向关毕安齐乔伍庄华祁牟阳农阮纪曲全成邢伊闫米师危池匡戎衣羊朴尧闭仲权",
    7: "李张陈杨吴何宋肖余杜苏沈陆汪邹严时辛谷连芦麦冷岑佟应闵邸苟劳位花豆来初芮利"
    "但冶束况邰狄沙巫阿佘迟",
    8: "周林罗郑范金孟邱易庞武季单苗岳尚欧房屈卓宗郁明和郎官练杭茅於呼居幸奉国",
    9: "赵胡姚姜钟侯段贺施柯柳祝俞骆饶项娄宫费柏荣查封荆南胥郜闻昝宣相修茹战信哈禹祖",
    10: "徐郭高唐袁夏秦陶顾郝钱莫倪聂殷耿贾翁涂凌柴党晏席桂栾姬桑敖谈班原栗奚海容卿索晋浦"
    "都晁诸展宾",
    11: "黄梁曹龚崔常康章梅盛符隋商寇麻盖谌逯隆鹿宿银扈尉屠戚盘",
    12: "谢韩彭曾董蒋程温葛焦舒童覃鲁景储惠喻游普揭辜斯敬智植富湛嵇强粟",
    13: "雷詹蓝路靳鲍蒲滕解蒙简窦褚甄虞鄢楚廉雍满楼阙裘",
    14: "蔡谭廖熊翟裴管缪臧蔺漆阚赫慕鲜",
    15: "潘黎樊颜",
    16: "薛霍穆冀燕薄衡",
    17: "魏戴鞠檀",
    18: "瞿",
}
STROKES: dict[str, int] = {ch: n for n, chars in _BY_STROKES.items() for ch in chars}
# Two-character surnames counted by their first character's strokes, then the second's.
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "慕容", "夏侯")


def surname(name: str) -> str:
    name = name.strip()
    for compound in COMPOUND_SURNAMES:
        if name.startswith(compound):
            return compound
    return name[:1]


def stroke_key(name: str) -> tuple:
    """Sort key: surname strokes (unknown surnames last), then pinyin of the whole name."""
    family = surname(name)
    counts = tuple(STROKES.get(ch, 99) for ch in family)
    return (counts, tuple(lazy_pinyin(name)), name)
