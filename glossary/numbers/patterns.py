"""The regular expressions of the finder, over folded text (Simplified, half width).

Two passes use them. ``SPECIAL`` finds the constructions with a fixed shape
first (第一, 翻一番, 兩位數, 一半, 「十五五」, 一季度, 一是 …, and set phrases
whose numerals are not numbers: 千家萬戶, 一成不變). ``ATOM`` then finds
every other number with what stands around it: a qualifier before (約, 超過),
a currency before (人民幣, HK$), the numeral, 多/餘, percent, a unit or
classifier, and a qualifier after (以上, 左右).
"""

from __future__ import annotations

import re

from glossary.numbers.units import AFTER, BEFORE, CURRENCY_PREFIXES, CURRENCY_UNITS, UNITS

__all__ = [
    "ATOM",
    "LATIN_AFTER",
    "LATIN_BEFORE",
    "NUMERALS",
    "NUMERAL_CHARS",
    "RANGE_SEPARATOR",
    "SPECIAL",
    "SPECIAL_ANCHORS",
    "SPECIAL_FIRST",
    "WINDOW_AFTER",
    "WINDOW_BEFORE",
]

# Digits as the fold leaves them; 參 陸 伍 are left out: 參加, 大陸, 隊伍 are words.
CN = "〇零一二三四五六七八九两壹贰叁肆柒捌玖"
# A unit inside a numeral. 十分 is "very" and 百分之 a percentage, but 十分钟 is
# ten minutes; 千米 千克 千瓦 兆瓦 are units of their own. 拾 (ten on cheques) is
# left out: 重拾, 收拾 are words.
MAG = r"(?:[十百佰仟万亿](?!分(?![钟之]))|千(?![米克瓦])(?!分(?![钟之]))|兆(?!瓦))"
# Not inside a dotted label (附註2.16.1 is a section, not 2.16 and 1).
ARABIC = r"(?<![\d.])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|\d+(?:\.\d+)?)(?!\.\d)"
CORE = (
    rf"(?:{ARABIC}{MAG}*(?:{ARABIC}{MAG}+)*"
    rf"|(?:[{CN}]|{MAG})+(?:点[〇零一二三四五六七八九]+{MAG}*)?)"
)


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# 成 is a tenth (四成 = 40 %) unless it begins a word (一成不变, 三成为 …).
_TENTHS = r"成(?![为立长功本果熟员交就型年分品效绩败真形都了])"
# 厘 is a percentage point of interest in Hong Kong (基本利率1.00厘), 厘米 a centimeter.
_INTEREST = r"厘(?!米)"
UNIT = rf"(?:{_alternation(list(UNITS) + list(CURRENCY_UNITS))}|{_TENTHS}|{_INTEREST})"


def _first_characters(words) -> str:
    return re.escape("".join(sorted({w[0] for w in words})))


# Every match of ATOM begins with one of these: a qualifier, a sign, a currency or a
# numeral (百分之 and 百分百 too). Checked first, they spare the engine trying every
# group at every other character of a window (the pass takes a third of the time).
_ATOM_FIRST = (
    rf"(?=[\d{CN}十百佰仟万亿千兆负\-−"
    rf"{_first_characters(BEFORE)}{_first_characters(CURRENCY_PREFIXES)}])"
)
ATOM = re.compile(
    _ATOM_FIRST + rf"(?P<before>{_alternation(BEFORE)})?"
    r"(?P<neg>负|(?<![\d%a-z.])[-−])?"
    rf"(?:(?P<cur>{_alternation(CURRENCY_PREFIXES)}) ?)?"
    r"(?:"
    rf"(?P<pctword>百分之|千分之|万分之)(?P<pctnum>{CORE})|(?P<hundred>百分百)"
    rf"|(?P<den>{CORE})分之(?P<numr>{CORE})"
    rf"|(?P<num>{CORE})(?P<many>[多余](?P<scale>{MAG}+)?)?"
    r")"
    rf"(?: ?(?P<pct>[%‰])|(?P<unit>{UNIT}))?"
    r"(?P<curafter>人民币)?"
    rf"(?P<after>{_alternation(AFTER)})?"
)

# Set phrases whose numerals are not quantities; they block the general pass.
IDIOMS = (
    "千家万户 千方百计 千军万马 千变万化 千差万别 千辛万苦 千言万语 千丝万缕 成千上万 "
    "万无一失 万众一心 一五一十 十全十美 三心二意 四面八方 五湖四海 七上八下 乱七八糟 "
    "九牛一毛 百花齐放 百家争鸣 一心一意 三番五次 一成不变 千千万万 万水千山 "
    "三五成群 一干二净 一清二楚 独一无二 接二连三 三言两语 四分五裂 五花八门 十拿九稳 "
    "一举两得 一石二鸟 百年大计 万家灯火 九死一生 三令五申 七嘴八舌 第三方 第三者"
).split()

_BOUNDARY = r"(?:^|(?<=[。；;：:，,!！?？\s“”\"、（(]))"
SPECIAL = re.compile(
    rf"(?P<idiom>{_alternation(IDIOMS)})"
    rf"|(?P<ordrange>第(?P<olow>{CORE})(?:页|条|章)? ?(?:至|到|-|—|–) ?第?(?P<ohigh>{CORE})"
    rf"(?P<orunit>{UNIT})?)"
    rf"|(?P<ord>第(?P<ordnum>{CORE})(?P<ordunit>{UNIT})?)"
    r"|(?:(?<=[“\"])(?P<plan>十?[一二三四五六七八九])五(?=[”\"]))"
    r"|(?:(?P<plan2>十?[一二三四五六七八九])五(?=规划|时期|期间))"
    r"|(?P<double>翻了?(?P<fold>[一两二三四1-4])?番)"
    r"|(?P<digits>(?P<dignum>[两二三四五六七八九双个])位数(?P<growth>的?增长|增幅|增速)?)"
    r"|(?P<half>(?P<hbefore>超过|逾|近|将近|约)?(?P<hw>一半|半数|过半)(?P<hafter>以上)?)"
    r"|(?P<firstq>[前首](?P<fqnum>[两二三23])个?季度?)"
    r"|(?P<quarter>(?P<qnum>[一二三四1-4])季度)"
    rf"|(?:{_BOUNDARY}(?P<enum>[一二三四五六七八九十])是)"
    # Photo captions: （右二） is the second from the right.
    r"|(?:(?<=[（(])(?P<side>[左右])(?P<sidenum>[一二三四五六七八九十]{1,2})(?=[)）、]))"
)

# Every match of SPECIAL holds one of these: 第, 番, 位 (位数), 半, 季 (季度) or a
# Chinese numeral (every idiom has one, and 十五五 its 五). A window without one,
# numbers in Arabic digits among words, has no special and is not searched for one.
SPECIAL_ANCHORS = re.compile(f"[{CN}十百佰仟万亿千兆第番位半季]")
# The characters a match of SPECIAL may begin with, alternative by alternative.
_SPECIAL_FIRST = (
    {idiom[0] for idiom in IDIOMS}
    | set("第")  # ordrange, ord
    | set("十一二三四五六七八九")  # plan, plan2, enum
    | set("翻")  # double
    | set("两二三四五六七八九双个")  # digits
    | set("超逾近将约一半过")  # half
    | set("前首")  # firstq
    | set("一二三四1234")  # quarter
    | set("左右")  # side
)
SPECIAL_FIRST = re.compile(f"[{re.escape(''.join(sorted(_SPECIAL_FIRST)))}]")

RANGE_SEPARATOR = re.compile(r" ?(?:至|到|-|—|–|~|～|〜|－|——) ?")
# Hyphen-like separators need a unit or a percent sign after the second number
# ("5-6%", "2021-2025年"), or telephone numbers would be ranges.
HYPHENS = frozenset("-—–~～〜－")

# A digit run touching a Latin word is part of a name or code: 5g, covid-19, h5n1.
LATIN_BEFORE = re.compile(r"[a-z][-_/.]?$")
LATIN_AFTER = re.compile(r"^[a-z0-9]")

# Every pattern above holds one of these characters (半 for 一半 and 過半, 番 for 翻番,
# 位 for 雙位數 and 個位數); the finder looks only around them.
NUMERALS = "0123456789〇零一二三四五六七八九两壹贰叁肆柒捌玖十百佰仟千万亿兆半番位"
NUMERAL_CHARS = re.compile(f"[{NUMERALS}]+")
# Room for what may stand before a numeral (不超过 + 人民币 + a space) and after it
# (a unit of four characters, 人民币, 以上; 百分之 and 分之 hold numerals themselves).
WINDOW_BEFORE = 8
WINDOW_AFTER = 14
