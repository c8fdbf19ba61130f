"""Concept pages: browse, read one entry, create and edit (for editors).

An edit form carries the version it was made from. When the concept has
changed since, nothing is written: the page shows both versions side by side
and lets the editor choose.
"""

from __future__ import annotations

import math
from typing import Any

from flask import Response, abort, current_app, redirect, render_template, request, url_for

from glossary.formats.citations import citation_from_dict
from glossary.records import CONCEPT_STATUSES, TERM_STATUSES, ConceptRecord, TermRecord
from glossary.store import concepts as store
from glossary.store.audit import audit_to_dict
from glossary.store.errors import Conflict, Invalid, NotFound, StaleVersion
from glossary.store.memory_lookup import concordance
from glossary.web.database import get_session
from glossary.web.indexes import memory_indexes
from glossary.web.pages import bp
from glossary.web.pages.display import EDITOR_LANGUAGES
from glossary.web.pages.memory import occurrences
from glossary.web.pages.preferences import sort_languages
from glossary.web.pages.render import render_page
from glossary.web.pages.signin import editor_required, page_actor

# Empty term rows offered below the existing ones in the edit form ("Add a term" adds more).
BLANK_TERM_ROWS = 1
# Translation units shown on an entry as examples.
EXAMPLES = 5
# What the form edits of each term: everything the term holds.
TERM_FIELDS = ("lang", "text", "status", "part_of_speech", "context", "source", "note")


def terms_by_language(concept: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for term in concept["terms"]:
        groups.setdefault(term["lang"], []).append(term)
    order = {status: i for i, status in enumerate(TERM_STATUSES)}
    return [
        (tag, sorted(groups[tag], key=lambda t: order.get(t["status"], 9)))
        for tag in sort_languages(list(groups))
    ]


@bp.get("/concepts")
def list_concepts() -> Response:
    """Browse concepts by subject field and status."""
    page = min(max(1, request.args.get("page", 1, type=int) or 1), 1_000_000)
    per_page = current_app.config["PAGE_SIZE"]
    subject = request.args.get("subject_field") or None
    status = request.args.get("status") or None
    if status is not None and status not in CONCEPT_STATUSES:
        abort(400, f"status must be one of {', '.join(CONCEPT_STATUSES)}")
    items, total = store.list_concepts(
        get_session(),
        subject_field=subject,
        status=status,
        offset=(page - 1) * per_page,
        limit=per_page,
    )
    listing: dict[str, Any] = {
        k: v for k, v in request.args.items() if k in ("page", "subject_field", "status")
    }
    return render_page(
        "pages/concepts.html",
        alternate=url_for("api.list_concepts", **listing),
        concepts=[store.concept_to_dict(c) for c in items],
        total=total,
        page=page,
        pages=max(1, math.ceil(total / per_page)),
        subject_field=subject,
        # Not ``status``: render_page takes that as the HTTP status.
        review_status=status,
        subject_fields=store.subject_fields(get_session()),
        statuses=CONCEPT_STATUSES,
    )


@bp.get("/concepts/<int:concept_id>")
def show_concept(concept_id: int) -> Response:
    """One entry: terms by language, notes, sources and history."""
    session = get_session()
    try:
        concept = store.concept_to_dict(store.get_concept(session, concept_id))
    except NotFound:
        abort(404, f"There is no concept {concept_id}.")
    history = [audit_to_dict(e) for e in store.concept_history(session, concept_id)]
    example_term = _example_term(concept)
    return render_page(
        "pages/concept.html",
        alternate=url_for("api.get_concept", concept_id=concept_id),
        concept=concept,
        groups=terms_by_language(concept),
        history=list(reversed(history)),
        example_term=example_term,
        examples=_examples(example_term),
    )


def _example_term(concept: dict[str, Any]) -> str | None:
    """The term to look for in the memory: the preferred Chinese one, else any preferred."""
    preferred = [t for t in concept["terms"] if t["status"] == "preferred"]
    chinese = [t for t in preferred if t["lang"].startswith("zh")]
    chosen = (chinese or preferred or concept["terms"] or [None])[0]
    return chosen["text"] if chosen else None


def _examples(term: str | None) -> list[dict[str, Any]]:
    """Translation units holding the term (either script), with it marked."""
    if not term:
        return []
    try:
        items = concordance(
            get_session(), term, side="source", limit=EXAMPLES, indexes=memory_indexes()
        )
    except Invalid:
        return []
    for item in items:
        item["source_pieces"] = occurrences(term, item["source"])
    return items


# -- editing ------------------------------------------------------------------


def _form_terms() -> tuple[list[TermRecord], list[dict[str, str]]]:
    """The term rows of the submitted form (blank rows are ignored)."""
    rows = []
    records = []
    i = 0
    while f"terms-{i}-text" in request.form:
        row = {key: request.form.get(f"terms-{i}-{key}", "").strip() for key in TERM_FIELDS}
        i += 1
        if not any(row[key] for key in TERM_FIELDS if key not in ("lang", "status")):
            continue
        rows.append(row)
        records.append(
            TermRecord(
                text=row["text"],
                lang=row["lang"],
                status=row["status"] or "admitted",  # type: ignore[arg-type]
                part_of_speech=row["part_of_speech"] or None,
                context=row["context"] or None,
                source=row["source"] or None,
                note=row["note"] or None,
            )
        )
    return records, rows


def _form_record(base: dict[str, Any] | None) -> tuple[ConceptRecord, dict[str, Any]]:
    """The concept described by the form, and the form's values to show it again."""
    terms, rows = _form_terms()
    notes = dict(base["notes"]) if base else {}
    definitions = dict(base["definitions"]) if base else {}
    for field, mapping in (("note", notes), ("definition", definitions)):
        value = request.form.get(field, "").strip()
        if value:
            mapping["en"] = value
        else:
            mapping.pop("en", None)
    sources = [s.strip() for s in request.form.get("sources", "").splitlines() if s.strip()]
    record = ConceptRecord(
        terms=tuple(terms),
        ref=base["ref"] if base else (request.form.get("ref", "").strip() or None),
        subject_field=request.form.get("subject_field", "").strip() or None,
        status=request.form.get("status", "draft"),  # type: ignore[arg-type]
        definitions=definitions,
        notes=notes,
        sources=tuple(sources),
        # The form does not edit citations: an edit keeps them.
        citations=tuple(citation_from_dict(c) for c in base["citations"]) if base else (),
    )
    shown = {
        "subject_field": record.subject_field or "",
        "status": record.status,
        "note": notes.get("en", ""),
        "definition": definitions.get("en", ""),
        "sources": "\n".join(sources),
        "terms": rows,
    }
    return record, shown


def _form_values(concept: dict[str, Any]) -> dict[str, Any]:
    return {
        "subject_field": concept["subject_field"] or "",
        "status": concept["status"],
        "note": concept["notes"].get("en", ""),
        "definition": concept["definitions"].get("en", ""),
        "sources": "\n".join(concept["sources"]),
        "terms": [{k: t.get(k) or "" for k in TERM_FIELDS} for t in concept["terms"]],
    }


BLANK_ROW = {**dict.fromkeys(TERM_FIELDS, ""), "status": "admitted"}


def _title(concept: dict[str, Any] | None) -> dict[str, str | None]:
    """The term an edit form is titled by: the preferred Chinese one, and the English one."""
    if concept is None:
        return {"title_text": None, "title_lang": None, "title_en": None}
    preferred = [t for t in concept["terms"] if t["status"] == "preferred"]
    chinese = [t for t in preferred if t["lang"].startswith("zh")]
    english = [t for t in preferred if t["lang"] == "en"]
    first = (chinese or preferred or concept["terms"] or [None])[0]
    return {
        "title_text": first["text"] if first else f"concept {concept['id']}",
        "title_lang": first["lang"] if first else "en",
        "title_en": english[0]["text"] if english and first is not english[0] else None,
    }


def _render_form(
    values: dict[str, Any],
    *,
    concept: dict[str, Any] | None,
    version: int | None,
    errors: list[str] | None = None,
    status: int = 200,
    blank_rows: int = BLANK_TERM_ROWS,
) -> tuple[str, int]:
    rows = list(values["terms"]) + [BLANK_ROW] * blank_rows
    tags = list(EDITOR_LANGUAGES)
    return (
        render_template(
            "pages/concept_form.html",
            values={**values, "terms": rows},
            concept=concept,
            version=version,
            errors=errors or [],
            statuses=CONCEPT_STATUSES,
            term_statuses=TERM_STATUSES,
            languages=tags,
            blank_row=BLANK_ROW,
            **_title(concept),
        ),
        status,
    )


def _adding_a_term() -> bool:
    """The form came back through "Add a term" (without JavaScript): show it with a new row."""
    return bool(request.form.get("add_term"))


def _blank_rows_sent() -> int:
    sent = sum(1 for key in request.form if key.startswith("terms-") and key.endswith("-text"))
    filled = sum(
        1
        for i in range(sent)
        if any(
            request.form.get(f"terms-{i}-{k}", "").strip() for k in TERM_FIELDS[1:] if k != "status"
        )
    )
    return sent - filled


@bp.route("/concepts/new", methods=["GET", "POST"])
@editor_required
def new_concept() -> Any:
    """Create a concept."""
    if request.method == "GET":
        empty = {
            "subject_field": "",
            "status": "draft",
            "note": "",
            "definition": "",
            "sources": "",
            "terms": [],
        }
        return _render_form(empty, concept=None, version=None)
    record, shown = _form_record(None)
    if _adding_a_term():
        return _render_form(shown, concept=None, version=None, blank_rows=_blank_rows_sent() + 1)
    session = get_session()
    try:
        concept = store.create_concept(session, record, actor=page_actor())
        session.commit()
    except Invalid as exc:
        return _render_form(shown, concept=None, version=None, errors=exc.errors, status=422)
    except Conflict as exc:
        return _render_form(shown, concept=None, version=None, errors=[str(exc)], status=409)
    return redirect(url_for("pages.show_concept", concept_id=concept.id), code=303)


@bp.route("/concepts/<int:concept_id>/edit", methods=["GET", "POST"])
@editor_required
def edit_concept(concept_id: int) -> Any:
    """Edit a concept; a version conflict shows both versions instead of overwriting."""
    session = get_session()
    try:
        concept = store.get_concept(session, concept_id)
    except NotFound:
        abort(404, f"There is no concept {concept_id}.")
    current = store.concept_to_dict(concept)
    if request.method == "GET":
        return _render_form(_form_values(current), concept=current, version=concept.version)

    record, shown = _form_record(current)
    read_version = request.form.get("version", type=int)
    if _adding_a_term():
        return _render_form(
            shown, concept=current, version=read_version, blank_rows=_blank_rows_sent() + 1
        )
    if read_version is None:
        # Without the version the form was made from, a stale form could not be told.
        errors = ["The form lacks the version it was made from; reload the page and edit again."]
        return _render_form(shown, concept=current, version=None, errors=errors, status=400)
    try:
        store.update_concept(
            session, concept, record, actor=page_actor(), expected_version=read_version
        )
        session.commit()
    except StaleVersion:
        session.rollback()
        fresh = store.concept_to_dict(store.get_concept(session, concept_id))
        mine = {**current, **_record_view(record), "version": read_version}
        html = render_template(
            "pages/conflict.html",
            mine=mine,
            theirs=fresh,
            mine_groups=terms_by_language(mine),
            theirs_groups=terms_by_language(fresh),
            values={**shown, "terms": shown["terms"]},
            differs=_differences(mine, fresh),
            concept_id=concept_id,
            current_version=fresh["version"],
        )
        return html, 409
    except (Invalid, Conflict) as exc:
        errors = exc.errors if isinstance(exc, Invalid) else [str(exc)]
        return _render_form(shown, concept=current, version=read_version, errors=errors, status=422)
    return redirect(url_for("pages.show_concept", concept_id=concept_id), code=303)


def _differences(mine: dict[str, Any], theirs: dict[str, Any]) -> set[str]:
    """The fields in which two versions differ, to highlight them side by side."""
    differs = {
        key for key in ("subject_field", "status", "sources") if mine.get(key) != theirs.get(key)
    }
    if mine["notes"].get("en") != theirs["notes"].get("en"):
        differs.add("note")

    def terms(version: dict[str, Any]) -> set[tuple[str, str, str]]:
        return {(t["lang"], t["text"], t["status"]) for t in version["terms"]}

    if terms(mine) != terms(theirs):
        differs.add("terms")
    return differs


def _record_view(record: ConceptRecord) -> dict[str, Any]:
    """A submitted record shaped like concept_to_dict, for the side-by-side view."""
    return {
        "subject_field": record.subject_field,
        "status": record.status,
        "notes": dict(record.notes),
        "definitions": dict(record.definitions),
        "sources": list(record.sources),
        "terms": [
            {
                "lang": t.lang,
                "text": t.text,
                "status": t.status,
                "context": t.context,
                "source": t.source,
            }
            for t in record.terms
        ],
    }
