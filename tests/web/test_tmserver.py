"""The tmserver protocol, spoken over real HTTP exactly as Weblate's tmserver backend speaks it.

``WeblateTMServer`` below reproduces weblate/machinery/tmserver.py and base.py
(Weblate 5.x): the base URL's trailing slash stripped, every path part quoted
with ``quote(part, safe="")`` (the text as UTF-8 bytes, cut to 500 characters,
CR turned into a space), ``languages/`` with its trailing slash, credentials in
the URL sent as HTTP Basic (what requests does), Weblate's headers, and
``int(item["quality"])`` on every item.
"""

from __future__ import annotations

import base64
import http.client
import json
import threading
from collections.abc import Iterator
from itertools import chain
from urllib.parse import quote, unquote, urlsplit

import pytest
from werkzeug.serving import make_server

from tests.conftest import ROOT
from tests.helpers import bearer

DATA = ROOT / "tests" / "data"


class HTTPError(Exception):
    def __init__(self, status: int, body: bytes) -> None:
        super().__init__(f"HTTP {status}: {body[:200]!r}")
        self.status = status


class WeblateTMServer:
    """Weblate's TMServerTranslation, minus Django: same URLs, headers, auth and parsing."""

    name = "tmserver"

    def __init__(self, url: str) -> None:
        self.settings = {"url": url}
        self.log: list[str] = []

    @property
    def api_base_url(self) -> str:
        base = self.settings["url"]
        return base.rstrip("/") if base.endswith("/") else base

    def get_api_url(self, *parts: str | bytes) -> str:
        return "/".join(chain([self.api_base_url], (quote(part, b"") for part in parts)))

    def map_language_code(self, code: str) -> str:
        return code.replace("-", "_").lower()

    def request(self, url: str) -> object:
        parts = urlsplit(url)
        headers = {
            "User-Agent": "Weblate/5.14.3",
            "Referer": "http://weblate.example/",
            "Accept": "application/json; charset=utf-8",
        }
        if parts.username is not None:
            # requests: get_auth_from_url() → HTTPBasicAuth(unquote(user), unquote(password))
            pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
            headers["Authorization"] = "Basic " + base64.b64encode(pair.encode("latin-1")).decode()
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            body = response.read()
        finally:
            connection.close()
        self.log.append(path)
        if response.status >= 400:
            raise HTTPError(response.status, body)
        return json.loads(body)

    def download_languages(self) -> list[tuple[str, str]]:
        try:
            data = self.request(self.get_api_url("languages", ""))
        except HTTPError as error:
            if error.status == 404:
                return []
            raise
        return [(src, tgt) for src in data["sourceLanguages"] for tgt in data["targetLanguages"]]

    def download_translations(
        self, source: str, target: str, text: str, threshold: int = 75
    ) -> Iterator[dict]:
        url = self.get_api_url(
            self.map_language_code(source),
            self.map_language_code(target),
            "unit",
            text[:500].replace("\r", " ").encode(),
        )
        for line in self.request(url):
            quality = int(line["quality"])
            if quality < threshold:
                continue
            yield {
                "text": line["target"],
                "quality": quality,
                "service": self.name,
                "source": line["source"],
            }


@pytest.fixture
def server(app, client, tokens) -> Iterator[str]:
    """The app on a real port, loaded with the sample memory and a unit full of URL specials."""
    editor = bearer(tokens["editor"])
    client.post(
        "/api/memories/policy/import",
        data=(DATA / "policy.tmx").read_bytes(),
        headers={**editor, "Content-Type": "application/x-tmx+xml"},
    )
    client.post(
        "/api/memories/policy/units",
        json={
            "source": "硬聯通/軟聯通? #1 & 2",
            "target": "hard/soft connectivity? #1 & 2",
            "source_lang": "zh-Hant",
            "target_lang": "en",
        },
        headers=editor,
    )
    client.post(
        "/api/memories/policy/units",
        json={"source": "/硬聯通//軟聯通\n第二行/", "target": "slashes and a line break",
              "source_lang": "zh-Hant", "target_lang": "en"},
        headers=editor,
    )  # fmt: skip
    http_server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http_server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{http_server.port}"
    http_server.shutdown()
    thread.join(5)


def test_weblate_discovers_the_languages_it_sends(server) -> None:
    weblate = WeblateTMServer(f"http://{server}/tmserver/")
    pairs = weblate.download_languages()
    for pair in [
        ("zh_hant", "en"),
        ("zh_hans", "en"),
        ("zh", "en"),
        ("zh_tw", "en_gb"),
        ("zh_hant", "zh_hans"),
    ]:
        assert pair in pairs
    assert weblate.log == ["/tmserver/languages/"]


def test_weblate_gets_suggestions_in_both_scripts(server) -> None:
    weblate = WeblateTMServer(f"http://{server}/tmserver/")
    exact = list(weblate.download_translations("zh_Hant", "en", "推動大灣區硬聯通和軟聯通"))
    assert exact == [
        {
            "text": "Promote hard and soft connectivity in the Greater Bay Area",
            "quality": 100,
            "service": "tmserver",
            "source": "推動大灣區硬聯通和軟聯通",
        }
    ]
    simplified = list(weblate.download_translations("zh_Hans", "en", "推动大湾区硬联通和软联通"))
    # The same text once folded, but not identical: below 100, which Weblate takes as exact.
    assert [m["quality"] for m in simplified] == [99]
    fuzzy = list(
        weblate.download_translations("zh_Hant", "en", "推動大灣區硬聯通和軟聯通工作", threshold=75)
    )
    assert fuzzy[0]["quality"] == int(100 * (1 - 2 / 14))
    assert list(weblate.download_translations("zh_Hant", "en", "完全無關的句子")) == []


@pytest.mark.parametrize("text", ["/灣區通", "灣區通/", "灣區//通", "灣區\n通", " 灣區通 "])
def test_any_text_reaches_the_lookup(client, text) -> None:
    # Not in the memory: an empty list, not a 404 from the router.
    response = client.get(f"/tmserver/zh_hant/en/unit/{quote(text, safe='')}")
    assert response.status_code == 200 and response.get_json() == []


def test_slashes_and_url_specials_in_the_text(server) -> None:
    weblate = WeblateTMServer(f"http://{server}/tmserver/")
    found = list(weblate.download_translations("zh_hant", "en", "硬聯通/軟聯通? #1 & 2"))
    assert found[0]["text"] == "hard/soft connectivity? #1 & 2" and found[0]["quality"] == 100
    odd = list(weblate.download_translations("zh_hant", "en", "/硬聯通//軟聯通\r\n第二行/"))
    # Weblate sends \r as a space: equal once folded, not identical, so below 100.
    assert odd[0]["text"] == "slashes and a line break" and odd[0]["quality"] == 99
    found = list(weblate.download_translations("zh_hant", "en", "硬聯通/軟聯通? #1 & 2"))
    assert weblate.log[-1] == (
        "/tmserver/zh_hant/en/unit/%E7%A1%AC%E8%81%AF%E9%80%9A%2F%E8%BB%9F%E8%81%AF%E9%80%9A"
        "%3F%20%231%20%26%202"
    )


def test_private_reads_by_basic_auth_in_the_url_or_a_token_in_the_path(app, server, tokens) -> None:
    app.config["PUBLIC_READ"] = False
    reader = tokens["reader"]
    anonymous = WeblateTMServer(f"http://{server}/tmserver/")
    with pytest.raises(HTTPError) as refused:
        anonymous.download_languages()
    assert refused.value.status == 401
    for url in (
        f"http://weblate:{reader}@{server}/tmserver/",
        f"http://{server}/t/{reader}/tmserver",
    ):
        weblate = WeblateTMServer(url)
        assert ("zh_hant", "en") in weblate.download_languages()
        assert (
            list(weblate.download_translations("zh_hant", "en", "雙第一"))[0]["text"]
            == "Double First-Class"
        )
    with pytest.raises(HTTPError) as wrong:
        WeblateTMServer(f"http://{server}/t/nonsense/tmserver").download_languages()
    assert wrong.value.status == 401


def test_amagama_mount_query_parameters_and_jsonp(client, server) -> None:
    weblate = WeblateTMServer(f"http://{server}/api/v1")
    assert list(weblate.download_translations("zh_hant", "en", "雙第一"))
    response = client.get(
        "/api/v1/zh_hant/en/unit/?source=雙第一&max_candidates=1&min_similarity=10"
    )
    items = response.get_json()
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert len(items) == 1 and set(items[0]) >= {"source", "target", "quality", "rank"}
    assert isinstance(items[0]["quality"], float | int)
    # The fold hid the script: a full score, a quality below 100, and the flag.
    hans = client.get("/api/v1/zh_hans/en/unit/双第一").get_json()[0]
    assert (hans["score"], hans["quality"], hans["rank"], hans["flags"]) == (
        100,
        99,
        99,
        ["script"],
    )
    jsonp = client.get("/tmserver/zh/en/unit/雙第一?jsoncallback=show")
    assert jsonp.mimetype == "application/javascript" and jsonp.get_data(as_text=True).startswith(
        "show(["
    )
    assert client.get("/tmserver/zh/en/unit/雙第一?callback=alert(1)").status_code == 422
    assert client.get("/tmserver/en/en/unit/x").status_code == 404
    assert client.get("/tmserver/SC/en/unit/x").status_code == 404
    assert client.get("/tmserver/zh/en/unit/x?min_similarity=high").status_code == 422


def test_quality_stays_below_100_when_the_fold_hid_the_quotes(client, server, tokens) -> None:
    """Weblate takes 100 as exact: “ ” asked against 「」 stored is not exact."""
    client.post(
        "/api/memories/policy/units",
        json={"source": "深入實施「灣區通」工程", "target": "Implement the Bay Area Connect project",
              "source_lang": "zh-Hant", "target_lang": "en"},
        headers=bearer(tokens["editor"]),
    )  # fmt: skip
    weblate = WeblateTMServer(f"http://{server}/tmserver/")
    same_script = list(weblate.download_translations("zh_Hant", "en", "深入實施“灣區通”工程"))
    other_script = list(weblate.download_translations("zh_Hans", "en", "深入实施“湾区通”工程"))
    identical = list(weblate.download_translations("zh_Hant", "en", "深入實施「灣區通」工程"))
    assert [m["quality"] for m in identical] == [100]
    assert [m["quality"] for m in same_script] == [99]  # punctuation only
    assert [m["quality"] for m in other_script] == [98]  # punctuation and script
    raw = client.get(f"/tmserver/zh_hans/en/unit/{quote('深入实施“湾区通”工程', safe='')}")
    [match] = raw.get_json()
    assert match["score"] == 100 and match["quality"] < 100
    assert match["flags"] == ["punctuation", "script"]
