"""The words that follow a Chinese number: units, classifiers, currencies, qualifiers.

Every key is in folded form (Simplified, as glossary.text.fold writes it). A
classifier (个 家 项 …) has no English of its own: 2.5万家 is "25,000" and the
noun comes from the sentence; a unit with a noun of its own (人, 辆, 吨 …)
brings it: "200,000 people", "more than 300,000 vehicles".
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "AFTER",
    "BEFORE",
    "CURRENCIES",
    "CURRENCY_WORDS",
    "UNITS",
    "Currency",
    "Unit",
]


@dataclass(frozen=True, slots=True)
class Unit:
    """A word after a number, with its English noun (empty for a bare classifier)."""

    singular: str
    plural: str
    # count (things), duration, measure (digits always), age, points, multiple,
    # percent (成: tenths), ordinal (届, 期), date (月, 日), year (年 after a year).
    kind: str = "count"


def _noun(singular: str, plural: str | None = None, kind: str = "count") -> Unit:
    return Unit(singular, plural if plural is not None else singular + "s", kind)


_CLASSIFIER = Unit("", "")

UNITS: dict[str, Unit] = {
    # people and households
    "人次": _noun("person-time"),
    "人": _noun("person", "people"),
    "户": _noun("household"),
    "辆": _noun("vehicle"),
    "市": _noun("city", "cities"),
    # classifiers: the noun is elsewhere in the sentence
    **dict.fromkeys(
        "个 家 项 座 所 条 件 批 款 种 台 套 位 名 只 张 部 架 艘 支 间 片 处 份 场 轮 点 类 宗 例 起 篇 门 颗".split(),
        _CLASSIFIER,
    ),
    "次": _noun("time"),
    "大关": _noun("mark"),
    # time
    "个多月": _noun("month", kind="duration"),
    "个月": _noun("month", kind="duration"),
    "个小时": _noun("hour", kind="duration"),
    "个季度": _noun("quarter", kind="duration"),
    "个工作日": _noun("working day", kind="duration"),
    "个百分点": _noun("percentage point", kind="points"),
    "百分点": _noun("percentage point", kind="points"),
    "年": _noun("year", kind="duration"),
    "周年": _noun("anniversary", "anniversaries", kind="ordinal"),
    "周": _noun("week", kind="duration"),
    "天": _noun("day", kind="duration"),
    "工作日": _noun("working day", kind="duration"),
    "小时": _noun("hour", kind="duration"),
    "分钟": _noun("minute", kind="duration"),
    "秒": _noun("second", kind="measure"),
    "秒钟": _noun("second", kind="measure"),
    "岁": Unit("year old", "years old", "age"),
    "月": Unit("", "", "date"),
    "日": Unit("", "", "date"),
    "号": Unit("", "", "date"),
    # measures: always digits
    "平方公里": _noun("square kilometer", kind="measure"),
    "平方米": _noun("square meter", kind="measure"),
    "立方米": _noun("cubic meter", kind="measure"),
    "公里": _noun("kilometer", kind="measure"),
    "千米": _noun("kilometer", kind="measure"),
    "米": _noun("meter", kind="measure"),
    "公顷": _noun("hectare", kind="measure"),
    "亩": Unit("mu", "mu", "measure"),
    "吨": _noun("ton", kind="measure"),
    "公斤": _noun("kilogram", kind="measure"),
    "千克": _noun("kilogram", kind="measure"),
    "千瓦时": _noun("kilowatt-hour", kind="measure"),
    "千瓦": _noun("kilowatt", kind="measure"),
    "兆瓦": _noun("megawatt", kind="measure"),
    "吉瓦": _noun("gigawatt", kind="measure"),
    "标准箱": Unit("TEU", "TEUs", "measure"),
    "度电": _noun("kilowatt-hour", kind="measure"),
    # ratios
    "倍": Unit("time", "times", "multiple"),
    "届": Unit("", "", "ordinal"),
    "期": Unit("phase", "phase", "ordinal"),
    "季度": Unit("quarter", "quarter", "ordinal"),
}


@dataclass(frozen=True, slots=True)
class Currency:
    """How official English writes an amount in this currency: ``{n}`` is the figure."""

    code: str
    pattern: str
    alternatives: tuple[str, ...] = ()

    def write(self, figure: str) -> tuple[str, tuple[str, ...]]:
        return self.pattern.format(n=figure), tuple(a.format(n=figure) for a in self.alternatives)


CURRENCIES = {
    "CNY": Currency("CNY", "{n} yuan", ("RMB {n}", "{n} renminbi")),
    "HKD": Currency("HKD", "HK${n}", ("{n} Hong Kong dollars",)),
    "USD": Currency("USD", "US${n}", ("{n} US dollars", "${n}")),
    "EUR": Currency("EUR", "{n} euros", ("€{n}",)),
    "GBP": Currency("GBP", "£{n}", ("{n} pounds",)),
    "JPY": Currency("JPY", "{n} yen", ("¥{n}",)),
    "MOP": Currency("MOP", "{n} patacas", ("MOP{n}",)),
    "TWD": Currency("TWD", "NT${n}", ("{n} New Taiwan dollars",)),
}

# Folded Chinese (and the Latin signs, case folded) → currency code.
CURRENCY_WORDS = {
    "元": "CNY",
    "块": "CNY",
    "人民币": "CNY",
    "人民币元": "CNY",
    "rmb": "CNY",
    "¥": "CNY",
    "港元": "HKD",
    "港币": "HKD",
    "hk$": "HKD",
    "美元": "USD",
    "us$": "USD",
    "$": "USD",
    "欧元": "EUR",
    "€": "EUR",
    "英镑": "GBP",
    "£": "GBP",
    "日元": "JPY",
    "澳门元": "MOP",
    "澳门币": "MOP",
    "新台币": "TWD",
}
# Words that stand after the number as the unit ("3.68万亿元", "500亿港元").
CURRENCY_UNITS = (
    "澳门元",
    "澳门币",
    "新台币",
    "港元",
    "港币",
    "美元",
    "欧元",
    "英镑",
    "日元",
    "元",
)
# Words that stand before it ("人民币3.68万亿元", "HK$3,000").
CURRENCY_PREFIXES = ("人民币", "港币", "港元", "美元", "hk$", "us$", "rmb", "¥", "$", "€", "£")

# Qualifiers before the number → their English.
BEFORE = {
    "大约": "about",
    "约为": "about",
    "约": "about",
    "将近": "nearly",
    "接近": "nearly",
    "近": "nearly",
    "不超过": "no more than",
    "超过了": "more than",
    "超过": "more than",
    "超": "more than",
    "逾": "more than",
    "多于": "more than",
    "高于": "more than",
    "不到": "less than",
    "不足": "less than",
    "少于": "less than",
    "低于": "less than",
    "不低于": "at least",
    "不少于": "at least",
    "至少": "at least",
    "最少": "at least",
    "最多": "at most",
    "至多": "at most",
    "高达": "as much as",
}
# … and after it.
AFTER = {
    "以上": "more than",
    "多": "more than",
    "余": "more than",
    "有余": "more than",
    "以下": "below",
    "以内": "within",
    "之内": "within",
    "左右": "around",
}
