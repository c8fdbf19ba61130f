"""The shipped term base covers every policy term of the seed article, in both scripts.

The seed article is a Hong Kong newspaper page on Shenzhen's 2025 Government Work
Report, in Traditional Chinese and hard-wrapped, so terms are split across lines.
It is read as printed and as OpenCC's Simplified conversion, folded, and scanned
leftmost-longest (the way term recognition reads a text) with every Chinese form
of the term base. ``ARTICLE_TERMS`` lists the article's policy terms as printed,
with the concept each must be found as.

To see the whole coverage, every concept the article contains and how often:

    .venv/bin/python -m tests.test_seed_article_coverage
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

import opencc
import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from glossary.formats.termbase_toml import read_termbase
from glossary.text import fold, fold_with_offsets
from glossary.web.cli import main as glossary_command
from tests.conftest import ROOT, SHARED

ARTICLE = SHARED / "seed-article.txt"
# Installs the whole shipped term base.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not ARTICLE.exists(), reason="../shared is absent"),
]

# Every policy term, plan, zone, scheme, institution, slogan and statistical term of
# the article, as printed (line breaks removed), with its concept.
ARTICLE_TERMS = {
    "32連冠": "top-exporter-32-years",
    "規上工業": "industry-above-designated-size",
    "總產值": "gross-output-value",
    "工業增加值": "industrial-value-added",
    "雙第一": "double-first",
    "外貿進出口總額": "total-foreign-trade",
    "現代化產業體系": "modernized-industrial-system",
    "新一代信息通信": "new-generation-ict",
    "新能源汽車": "new-energy-vehicles",
    "低空與空天": "low-altitude-and-aerospace",
    "「拳頭」產業": "flagship-industries",
    "新賽道": "new-growth-tracks",
    "人工智能+": "ai-plus",
    "人工智能終端新產品": "ai-terminal-new-products",
    "開源軟件": "open-source-software",
    "鴻蒙原生應用": "harmonyos-native-apps",
    "具有全球重要影響力的產業科技創新中心": "industrial-sci-tech-innovation-centre",
    "繼承電路": "integrated-circuits",  # the article's misprint of 集成電路
    "大灣區綜合性國家科學中心": "gba-comprehensive-national-science-centre",
    "鵬城實驗室": "peng-cheng-laboratory",
    "鵬城雲腦Ⅲ": "pengcheng-cloud-brain",
    "國家超算深圳中心二期": "national-supercomputing-phase-two",
    "灣區通": "bay-area-connect",
    "重大合作平台": "major-cooperation-platforms",
    "粵港澳大灣區": "greater-bay-area",
    "一點兩地": "one-point-two-places",
    "硬聯通": "hard-connectivity",
    "軟聯通": "soft-connectivity",
    "新皇崗口岸": "new-huanggang-port",
    "羅湖口岸": "luohu-port",
    "沙頭角口岸": "shatoujiao-port",
    "河套跨境專用口岸": "hetao-dedicated-port",
    "南澳客運碼頭": "nanao-passenger-terminal",
    "港深西部鐵路": "hong-kong-shenzhen-western-rail-link",
    "香港北環線支線": "northern-link-spur-line",
    "市場一體化": "gba-market-integration",
    "深港通": "shenzhen-hong-kong-stock-connect",
    "跨境理財通": "cross-boundary-wealth-management-connect",
    "金融互聯互通": "financial-mutual-access",
    "港資保險機構": "hong-kong-funded-insurers",
    "港澳居民": "hong-kong-and-macao-residents",
    "人文灣區": "cultural-bay-area",
    "高水平人才高地": "high-calibre-talent-hub",
    "前海": "qianhai-cooperation-zone",
    "河套": "hetao-cooperation-zone",
    "前海深港現代服務業合作區": "qianhai-cooperation-zone",
    "前海國土空間規劃": "qianhai-territorial-plan",
    "「互聯網+」未來科技城": "internet-plus-future-science-city",
    "深港國際服務城": "shenzhen-hong-kong-international-service-city",
    "海洋新城": "ocean-new-city",
    "前海高品質供電引領區": "qianhai-power-supply-pilot-zone",
    "企業所得稅優惠政策": "preferential-corporate-income-tax",
    "國際船舶登記中心": "international-ship-registration-centre",
    "跨境電商": "cross-border-e-commerce",
    "融資租賃": "financial-leasing",
    "現代服務業集聚區": "modern-service-industry-cluster",
    "實際利用外資": "actual-use-of-foreign-investment",
    "河套深港科技創新合作區": "hetao-cooperation-zone",
    "河套深圳園區條例": "hetao-shenzhen-park-regulations",
    "白名單": "whitelist-system",
    "分線管理": "separate-line-management",
    "深港科創綜合服務中心": "shenzhen-hong-kong-sci-tech-service-centre",
    "國際協同創新區": "international-collaborative-innovation-zone",
    "粵港澳大灣區國家技術創新中心": "gba-national-technology-innovation-centre",
    "粵港澳大灣區數字經濟研究院": "international-digital-economy-academy",
    "生命科學與能源材料創新研究院": "life-science-energy-materials-institute",
    "產業中試熟化服務平台": "pilot-scale-maturation-platform",
    "深港澳合作": "shenzhen-hong-kong-cooperation",
    "GDP增長目標": "gdp-growth-target",
    "人大": "peoples-congress",
    "政府工作報告": "government-work-report",
    "地區生產總值": "gross-regional-product",
    "主要預期目標": "main-projected-targets",
    "居民收入增長和經濟增長同步": "income-growth-in-step",
    "居民消費價格漲幅2%左右": "cpi-increase-around-2",
    "新增就業20萬人": "new-jobs-200000",
    "固定資產投資": "fixed-asset-investment",
    "社會消費品零售總額": "retail-sales-of-consumer-goods",
    "國家高新技術企業": "national-high-tech-enterprises",
    "企業研發投入": "enterprise-r-and-d-spending",
    "全社會研發投入": "total-r-and-d-spending",
    "地方一般公共預算收入增長3%": "local-general-public-budget-revenue-3",
    "兩位數增長": "double-digit-growth",
    "數字孿生": "digital-twin",
    "極速寬帶": "ultra-fast-broadband",
    "數字能源": "digital-energy",
    "四個先鋒城市": "four-pioneer-cities",
    "民營經濟促進條例": "shenzhen-private-economy-regulations",
    "兩會": "two-sessions",
    "大模型": "large-models",
    "數字經濟": "digital-economy",
    "創新驅動發展": "innovation-driven-development",
    "數字化治理": "digital-governance",
    "政協": "cppcc",
    "港澳委員": "hong-kong-macao-cppcc-members",
    "規則機制一體化": "rules-and-mechanisms-integration",
    "規則對接": "rules-alignment",
    "規則銜接": "rules-alignment",
    "市場准入": "market-access",
    "跨境爭議解決": "cross-boundary-dispute-resolution",
    "知識產權保護": "intellectual-property-protection",
    "職業資格互認": "mutual-recognition-of-professional-qualifications",
    "戰略性新興產業": "strategic-emerging-industries",
    "增加值": "value-added",
    "新質生產力": "new-quality-productive-forces",
    "同比": "year-on-year",
    "政協委員": "cppcc-member",
    "併購重組": "mergers-acquisitions-restructuring",
    "高質量發展": "high-quality-development",
    "上市公司": "listed-company",
    "創投": "venture-capital",
    "深圳市委金融辦": "shenzhen-party-financial-office",
    "工信": "industry-and-it-departments",
    "發改": "development-and-reform-departments",
    "深汕": "shenzhen-shanwei-special-cooperation-zone",
    "規上": "above-designated-size",
    "納統": "statistical-inclusion",
    "總部經濟": "headquarters-economy",
    "募投項目": "fundraising-investment-projects",
    "調解": "mediation",
    "調解員": "mediator",
    "跨境": "cross-boundary",
    "多元化糾紛解決機制": "diversified-dispute-resolution",
    "替代性糾紛解決方式": "alternative-dispute-resolution",
    "i深圳APP": "i-shenzhen-app",
    "深圳市人大": "shenzhen-municipal-peoples-congress",
    "代表通道": "deputies-passage",
    "營商環境": "business-environment",
    "民營企業": "private-enterprise",
    "人形機器人": "humanoid-robots",
    "外向型": "export-oriented-economy",
    "法治環境": "rule-of-law-environment",
    "服務型政府": "service-oriented-government",
    "應用場景": "application-scenarios",
    "產業鏈": "industrial-chain",
    "先行先試": "pilot-first",
    "首台首套": "first-unit-first-set",
    "高階智駕": "advanced-intelligent-driving",
    "智駕": "intelligent-driving",
    "超大城市": "megacity",
    "老齡化": "population-ageing",
    "養老服務": "elderly-care-services",
    "數字鴻溝": "digital-divide",
    "適老化": "age-friendly-adaptation",
    "智慧養老": "smart-elderly-care",
    "老有頤養": "elderly-well-cared-for",
    "民生幸福標杆": "peoples-wellbeing-benchmark",
}


def article(script: str) -> str:
    """The article as printed (zh-Hant) or as OpenCC converts it to Simplified (zh-Hans)."""
    text = ARTICLE.read_text(encoding="utf-8")
    return opencc.OpenCC("t2s").convert(text) if script == "zh-Hans" else text


def term_index(terms: Iterable[tuple[str, str, str]]) -> dict[str, str]:
    """Folded Chinese form → concept ref, from (ref, lang, text) triples."""
    return {fold(text): ref for ref, lang, text in terms if lang.startswith("zh")}


def scan(folded: str, index: dict[str, str]) -> Iterator[tuple[int, int, str]]:
    """(start, end, ref) of each leftmost-longest, non-overlapping hit in a folded text."""
    longest = max(map(len, index))
    i = 0
    while i < len(folded):
        for size in range(min(longest, len(folded) - i), 0, -1):
            ref = index.get(folded[i : i + size])
            if ref is not None:
                yield i, i + size, ref
                i += size
                break
        else:
            i += 1


def shipped_terms() -> Iterator[tuple[str, str, str]]:
    for record in read_termbase(ROOT / "tm_data" / "termbase"):
        for term in record.terms:
            yield record.ref or "", term.lang, term.text


@pytest.mark.parametrize("script", ["zh-Hant", "zh-Hans"])
def test_every_policy_term_of_the_article_is_found(script: str) -> None:
    text = fold(article(script))
    absent = [form for form in ARTICLE_TERMS if fold(form) not in text]
    assert not absent, f"not in the article: {absent}"
    hits = {(text[a:b], ref) for a, b, ref in scan(text, term_index(shipped_terms()))}
    missing = {form: ref for form, ref in ARTICLE_TERMS.items() if (fold(form), ref) not in hits}
    assert not missing


def test_each_listed_term_is_a_chinese_form_of_its_concept() -> None:
    forms = {(ref, fold(text)) for ref, lang, text in shipped_terms() if lang.startswith("zh")}
    assert {(ref, fold(form)) for form, ref in ARTICLE_TERMS.items()} <= forms


def test_a_fresh_init_serves_the_article_terms(database_url: str, client: FlaskClient) -> None:
    """`glossary init` on an empty database, then the API's concepts cover the article."""
    env = {"GLOSSARY_DATABASE_URL": database_url, "GLOSSARY_SECRET_KEY": "test"}
    result = CliRunner().invoke(glossary_command, ["init"], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    served: list[tuple[str, str, str]] = []
    url: str | None = "/api/concepts?per_page=200"
    while url:
        page = client.get(url).get_json()
        served += [(c["ref"], t["lang"], t["text"]) for c in page["items"] for t in c["terms"]]
        url = page["next"]
    assert sorted(served) == sorted(shipped_terms())
    expected = set(ARTICLE_TERMS.values())
    for script in ("zh-Hant", "zh-Hans"):
        found = {ref for _, _, ref in scan(fold(article(script)), term_index(served))}
        assert expected <= found, script


def coverage() -> list[tuple[str, int, list[str]]]:
    """(concept, hits, forms as printed) for every concept found in the article."""
    printed = article("zh-Hant")
    folded = fold_with_offsets(printed)
    counts: Counter[str] = Counter()
    forms: dict[str, set[str]] = {}
    for start, end, ref in scan(folded.text, term_index(shipped_terms())):
        a, b = folded.span(start, end)
        counts[ref] += 1
        forms.setdefault(ref, set()).add("".join(printed[a:b].split()))  # no line breaks
    return [(ref, counts[ref], sorted(forms[ref])) for ref in sorted(counts)]


if __name__ == "__main__":
    table = coverage()
    for ref, count, seen in table:
        print(f"{ref:52} {count:3}  {' '.join(seen)}")
    print(f"{len(table)} concepts of the term base occur in {ARTICLE.name}")
