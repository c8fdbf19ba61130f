"""The evaluate command, run as a user would, on the shipped evaluation set."""

import json
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from glossary.evaluation.command import evaluate_command
from tests.conftest import ROOT

EVAL = ROOT / "tm_data" / "eval"
BASE_ARGS = [
    "--src",
    str(EVAL / "policy.zh-Hant.txt"),
    "--ref",
    str(EVAL / "policy.en.txt"),
    "--hyp",
    f"careful={EVAL / 'careful.en.txt'}",
    "--terms",
    str(ROOT / "tm_data" / "termbase"),
    "--bootstrap",
    "200",
    "--ar-trials",
    "500",
]


def run(*args: str):
    return CliRunner().invoke(evaluate_command, list(args), catch_exceptions=False)


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)

    def handle_data(self, data) -> None:
        self.text.append(data)


@pytest.mark.slow  # renders charts
def test_markdown_json_and_html_reports(tmp_path) -> None:
    careless = f"<i>careless</i>={EVAL / 'careless.en.txt'}"
    result = run(
        *BASE_ARGS,
        "--hyp",
        careless,
        "--json",
        str(tmp_path / "r.json"),
        "--html",
        str(tmp_path / "r.html"),
    )
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    careful, bad = data["systems"]
    assert data["setup"]["segments"] == 124 and data["setup"]["source_lang"] == "zh"
    assert careful["scores"]["bleu"]["signature"].startswith("nrefs:1|case:mixed|eff:no|tok:13a")
    assert careful["scores"]["bleu"]["score"] > bad["scores"]["bleu"]["score"]
    assert careful["scores"]["ter"]["score"] < bad["scores"]["ter"]["score"]
    assert careful["terms"]["accuracy"] > 90 and bad["terms"]["accuracy"] < 30
    assert bad["terms"]["wrong_renderings_used"] > 0 == careful["terms"]["wrong_renderings_used"]
    assert bad["scores"]["bleu"]["p_bootstrap"] < 0.05 and bad["terms"]["p_randomisation"] < 0.05
    assert data["references"][0]["terms"]["accuracy"] == 100.0
    assert len(careful["segments"]) == 124
    rows = {r["term"]: r for r in bad["per_term"]}
    assert rows["new-quality-productive-forces"]["wrong"] == [
        {"rendering": "new productivity", "status": "deprecated", "count": 3}
    ]
    # The terminal report says the same numbers.
    bleu = f"{careful['scores']['bleu']['score']:.2f}"
    assert f"| careful | {bleu} ±" in result.output
    assert "Signatures (sacrebleu" in result.output and "tok:13a" in result.output
    # The HTML stands alone: two inline charts, no scripts, names escaped.
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    parser = _Html()
    parser.feed(html)
    assert parser.tags.count("svg") == 2 and "script" not in parser.tags
    assert "<i>careless</i>" not in html and "&lt;i&gt;careless&lt;/i&gt;" in html
    assert "新質生產力" in "".join(parser.text) and "http" not in html.split("<svg")[0]


def test_chinese_target_uses_the_zh_tokenizer(tmp_path) -> None:
    ref = tmp_path / "ref.zh"
    ref.write_text(
        "「灣區通」措施讓居民可以跨境享用服務。\n我們將推進基礎設施「硬聯通」。\n", "utf-8"
    )
    hyp = tmp_path / "hyp.zh"
    hyp.write_text("「湾区通」让居民可跨境使用服务。\n我们将推动基础设施硬联通。\n", "utf-8")
    src = tmp_path / "src.en"
    src.write_text(
        "Bay Area Connect lets residents use services.\nWe will push hard connectivity.\n", "utf-8"
    )
    out = tmp_path / "r.json"
    result = run(
        "--src",
        str(src),
        "--ref",
        str(ref),
        "--hyp",
        str(hyp),
        "--terms",
        str(ROOT / "tm_data" / "termbase"),
        "--json",
        str(out),
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    system = data["systems"][0]
    assert data["setup"]["target_lang"] == "zh"
    assert "tok:zh" in system["scores"]["bleu"]["signature"]
    assert "asian:yes" in system["scores"]["ter"]["signature"]
    # Simplified output, Traditional reference: both terms count.
    assert (system["terms"]["hits"], system["terms"]["occurrences"]) == (2, 2)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--hyp", "short={short}"], "system 'short' has 3 segments, reference 1 has 124"),
        (["--hyp", "careful={hyp}"], "system names must differ"),
        (["--terms", "{missing}"], "no such file or folder"),
        (["--metrics", "bleu,meteor"], "unknown metric 'meteor'"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(tmp_path, extra, message) -> None:
    short = tmp_path / "short.txt"
    short.write_text("a\nb\nc\n", encoding="utf-8")
    values = {"short": short, "hyp": EVAL / "careful.en.txt", "missing": tmp_path / "none.json"}
    result = run(*BASE_ARGS, *[e.format(**values) for e in extra])
    assert result.exit_code == 1
    assert message in result.output


def test_term_lists_must_match_the_source_files(tmp_path) -> None:
    terms = tmp_path / "t.json"
    terms.write_text('{"灣區通": ["Bay Area Connect"]}', encoding="utf-8")
    result = run(*BASE_ARGS[:-6], "--terms", f"{terms},{terms}")
    assert result.exit_code == 2 and "2 term lists for 1 source files" in result.output
    result = run(
        "--ref",
        str(EVAL / "policy.en.txt"),
        "--hyp",
        str(EVAL / "careful.en.txt"),
        "--terms",
        str(terms),
    )
    assert result.exit_code == 2 and "term metrics need the source" in result.output


def test_plurals_on_request(tmp_path) -> None:
    src, ref = tmp_path / "src.zh", tmp_path / "ref.en"
    src.write_text("口岸和口岸\n", encoding="utf-8")
    ref.write_text("ports of entry\n", encoding="utf-8")
    found = {}
    for flag in ([], ["--plurals"]):
        out = tmp_path / f"r{len(flag)}.json"
        args = ["--src", str(src), "--ref", str(ref), "--hyp", str(ref), "--terms"]
        args += [str(ROOT / "tm_data" / "termbase"), "--bootstrap", "0", "--json", str(out)]
        assert run(*args, *flag).exit_code == 0
        data = json.loads(out.read_text(encoding="utf-8"))
        found[bool(flag)] = (
            data["systems"][0]["terms"]["hits"],
            data["setup"]["term_counting_rule"],
        )
    assert found[False][0] == 0 and "plural" not in found[False][1]
    assert found[True][0] == 1 and "plural" in found[True][1]  # one span for two occurrences
