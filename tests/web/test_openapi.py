"""The OpenAPI document is valid and agrees with the URL map."""

from openapi_spec_validator import validate

from glossary.web.openapi import documented_rules, openapi_path


def test_document_is_valid_openapi(client) -> None:
    spec = client.get("/api/openapi.json").get_json()
    validate(spec)


def test_every_route_is_documented_and_every_documented_route_exists(app, client) -> None:
    spec = client.get("/api/openapi.json").get_json()
    in_app = {(openapi_path(rule)[0], method.lower()) for rule, method, _ in documented_rules(app)}
    in_doc = {(path, method) for path, ops in spec["paths"].items() for method in ops}
    assert in_app == in_doc
    assert ("/api/concepts/{concept_id}", "put") in in_doc


def test_write_operations_state_their_role(client) -> None:
    spec = client.get("/api/openapi.json").get_json()
    put = spec["paths"]["/api/concepts/{concept_id}"]["put"]
    assert "editor" in put["description"]
    assert put["security"] == [{"bearer": []}, {"basic": []}]
    assert put["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("ConceptIn")
