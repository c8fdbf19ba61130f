import pytest

from glossary.models import ApiToken
from glossary.store import tokens as store
from glossary.store.errors import Invalid


def test_secret_is_shown_once_and_only_its_hash_is_stored(session) -> None:
    token, secret = store.create_token(session, "translator", "editor")
    session.commit()
    row = session.get(ApiToken, token.id)
    assert secret.startswith("glo_") and len(secret) > 40
    assert secret not in (row.token_hash, row.prefix) and row.prefix == secret[:12]
    assert store.authenticate(session, secret).id == token.id
    assert store.authenticate(session, secret + "x") is None
    assert store.authenticate(session, "not a token") is None


def test_revoked_tokens_stop_working(session) -> None:
    token, secret = store.create_token(session, "old", "admin")
    store.revoke_token(session, token.id)
    assert store.authenticate(session, secret) is None
    assert not token.active


def test_bad_role_is_refused(session) -> None:
    with pytest.raises(Invalid, match="role"):
        store.create_token(session, "x", "root")
