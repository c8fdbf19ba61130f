"""Editing through the pages: sign-in, CSRF, saving, and stale versions shown as conflicts."""

from tests.helpers import bearer
from tests.web.pages.conftest import csrf_from, sign_in, soup


def _form_data(page) -> dict[str, str]:
    """Every field of the edit form as the browser would submit it."""
    form = soup(page).select_one("form.concept-form")
    data = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        if field.find_parent("template"):
            continue  # a template's fields are not part of the form
        if field.name == "select":
            chosen = field.select_one("option[selected]") or field.select_one("option")
            data[field["name"]] = chosen.get("value", chosen.get_text())
        elif field.name == "textarea":
            data[field["name"]] = field.get_text()
        else:
            data[field["name"]] = field.get("value", "")
    return data


def test_editing_needs_an_editor(client, tokens, concept_id) -> None:
    response = client.get(f"/concepts/{concept_id}/edit")
    assert response.status_code == 302 and "/signin" in response.headers["Location"]
    form = client.get("/signin")
    refused = client.post("/signin", data={"token": "glo_wrong", "csrf_token": csrf_from(form)})
    assert refused.status_code == 401
    # A reader may sign in (to read private pages) but not edit.
    sign_in(client, tokens["reader"])
    response = client.get(f"/concepts/{concept_id}/edit", headers={"Accept": "text/html"})
    assert response.status_code == 403 and "editor token" in response.get_data(as_text=True)


def test_the_form_keeps_every_field_of_a_term(client, tokens, concept_id) -> None:
    headers = bearer(tokens["editor"])
    concept = client.get(f"/api/concepts/{concept_id}").get_json()
    terms = [{k: v for k, v in t.items() if k != "id"} for t in concept["terms"]]
    terms[0].update(part_of_speech="noun", note="Guangdong's programme name.")
    etag = {"If-Match": client.get(f"/api/concepts/{concept_id}").headers["ETag"]}
    patched = client.patch(
        f"/api/concepts/{concept_id}", json={"terms": terms}, headers={**headers, **etag}
    )
    assert patched.status_code == 200
    sign_in(client, tokens["editor"])
    data = _form_data(client.get(f"/concepts/{concept_id}/edit"))
    assert client.post(f"/concepts/{concept_id}/edit", data=data).status_code == 303
    saved = client.get(f"/api/concepts/{concept_id}").get_json()["terms"][0]
    assert (saved["part_of_speech"], saved["note"]) == ("noun", "Guangdong's programme name.")


def test_a_form_without_its_version_writes_nothing(client, tokens, concept_id) -> None:
    sign_in(client, tokens["editor"])
    data = _form_data(client.get(f"/concepts/{concept_id}/edit"))
    del data["version"]
    data["note"] = "Written without a version."
    response = client.post(f"/concepts/{concept_id}/edit", data=data)
    assert response.status_code == 400 and "reload the page" in response.get_data(as_text=True)
    assert client.get(f"/api/concepts/{concept_id}").get_json()["version"] == 1


def test_edit_and_save(client, tokens, concept_id) -> None:
    sign_in(client, tokens["editor"])
    data = _form_data(client.get(f"/concepts/{concept_id}/edit"))
    data["note"] = "Guangdong's programme to align rules across the Greater Bay Area."
    data["terms-4-lang"], data["terms-4-text"], data["terms-4-status"] = (
        "en",
        "GBA Connect",
        "admitted",
    )
    saved = client.post(f"/concepts/{concept_id}/edit", data=data)
    assert saved.status_code == 303
    concept = client.get(f"/api/concepts/{concept_id}").get_json()
    assert concept["notes"]["en"].startswith("Guangdong's programme")
    assert ("en", "GBA Connect", "admitted") in [
        (t["lang"], t["text"], t["status"]) for t in concept["terms"]
    ]
    assert concept["version"] == 2
    history = client.get(f"/api/concepts/{concept_id}/history").get_json()["items"]
    assert history[-1]["actor"] == "token:test editor#2"


def test_invalid_edit_shows_errors_and_keeps_input(client, tokens, concept_id) -> None:
    sign_in(client, tokens["editor"])
    data = _form_data(client.get(f"/concepts/{concept_id}/edit"))
    data["terms-0-lang"] = "SC"
    response = client.post(f"/concepts/{concept_id}/edit", data=data)
    assert response.status_code == 422
    page = soup(response)
    assert "ambiguous" in page.select_one(".errors").get_text()
    assert page.select_one("#terms-0-lang option[selected]")["value"] == "SC"
    assert client.get(f"/api/concepts/{concept_id}").get_json()["version"] == 1


def test_stale_edit_is_a_conflict_with_both_versions(client, tokens, concept_id) -> None:
    sign_in(client, tokens["editor"])
    data = _form_data(client.get(f"/concepts/{concept_id}/edit"))
    # Someone else saves first, through the API.
    other = client.patch(
        f"/api/concepts/{concept_id}",
        json={"status": "review", "notes": {"en": "Their note."}},
        headers={**bearer(tokens["admin"]), "If-Match": f'"{concept_id}-{data["version"]}"'},
    )
    assert other.status_code == 200
    data["note"] = "My note."
    response = client.post(f"/concepts/{concept_id}/edit", data=data)
    assert response.status_code == 409
    page = soup(response)
    sides = page.select(".side")
    assert "My note." in sides[0].get_text() and "Their note." in sides[1].get_text()
    differing = [d.select_one("dt").get_text(" ", strip=True) for d in sides[0].select(".differs")]
    assert differing == ["Status (differs)", "Background note (differs)"]
    stored = client.get(f"/api/concepts/{concept_id}").get_json()
    assert stored["notes"]["en"] == "Their note." and stored["version"] == 2

    # Choosing "save mine" re-submits against the version now shown.
    form = page.select_one(".conflict-actions form")
    resubmit = {f["name"]: f.get("value", "") for f in form.select("input[name]")}
    assert resubmit["version"] == "2"
    assert client.post(f"/concepts/{concept_id}/edit", data=resubmit).status_code == 303
    stored = client.get(f"/api/concepts/{concept_id}").get_json()
    assert stored["notes"]["en"] == "My note." and stored["version"] == 3


def test_create_concept_page(client, tokens) -> None:
    sign_in(client, tokens["editor"])
    data = _form_data(client.get("/concepts/new"))
    data.update(
        {
            "terms-0-lang": "zh-Hant",
            "terms-0-text": "港車北上",
            "terms-0-status": "preferred",
            "terms-1-lang": "en",
            "terms-1-text": "Northbound Travel for Hong Kong Vehicles",
            "terms-1-status": "preferred",
            "subject_field": "Greater Bay Area cooperation",
        }
    )
    response = client.post("/concepts/new", data=data)
    assert response.status_code == 303
    created = client.get(response.headers["Location"])
    assert "港車北上" in created.get_data(as_text=True)


def test_revoking_the_token_signs_the_page_out(client, tokens, concept_id) -> None:
    sign_in(client, tokens["editor"])
    assert client.get(f"/concepts/{concept_id}/edit").status_code == 200
    listing = client.get("/api/tokens", headers=bearer(tokens["admin"])).get_json()["items"]
    editor_id = next(t["id"] for t in listing if t["role"] == "editor")
    client.delete(f"/api/tokens/{editor_id}", headers={**bearer(tokens["admin"]), "If-Match": "*"})
    assert client.get(f"/concepts/{concept_id}/edit").status_code == 302
