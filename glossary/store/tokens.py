"""API tokens: random secrets shown once, stored as SHA-256 hashes, each with a role.

The secrets carry 256 bits of randomness, so a fast hash is enough: there is
nothing to brute-force that a slow password hash would protect. A token is
found by its hash (an index lookup that can only reveal something about a
hash, not the secret), then the hashes are compared in constant time.

Checking a token only reads. When a token was used is written apart, at most
once per LAST_USED_RESOLUTION, by ``record_use``, which never waits for a lock:
a read must not turn into a write, nor wait behind one (an import).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from glossary.db import utcnow
from glossary.models import ROLES, ApiToken
from glossary.store.errors import Invalid, NotFound

PREFIX = "glo_"
# Writing last_used_at on every request would turn reads into writes.
LAST_USED_RESOLUTION = timedelta(minutes=5)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(session: Session, name: str, role: str) -> tuple[ApiToken, str]:
    """Create a token; returns it with its secret, which is not stored anywhere."""
    name = name.strip()
    errors = []
    if role not in ROLES:
        errors.append(f"role: {role!r} is not one of {', '.join(ROLES)}")
    if not name or len(name) > 100:
        errors.append("name: give 1 to 100 characters")
    if errors:
        raise Invalid(errors)
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(name=name, role=role, token_hash=_hash(secret), prefix=secret[:12])
    session.add(token)
    session.flush()
    return token, secret


def list_tokens(session: Session) -> list[ApiToken]:
    return list(session.scalars(sa.select(ApiToken).order_by(ApiToken.id)))


def get_token(session: Session, token_id: int) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(f"no token with id {token_id}")
    return token


def revoke_token(session: Session, token_id: int) -> ApiToken:
    """Revoke a token for good; revoking twice keeps the first date."""
    token = get_token(session, token_id)
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.flush()
    return token


def authenticate(session: Session, secret: str) -> ApiToken | None:
    """The active token with this secret, or None. Only reads (see ``record_use``)."""
    if not secret.startswith(PREFIX):
        return None
    return find_active_by_hash(session, _hash(secret))


def find_active_by_hash(session: Session, token_hash: str) -> ApiToken | None:
    """The active token with this hash (what a signed-in page session remembers)."""
    token = session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == token_hash))
    if token is None or not hmac.compare_digest(token.token_hash, token_hash):
        return None
    return token if token.active else None


def use_due(token: ApiToken, now: datetime) -> bool:
    """Whether ``token``'s last use is older than the resolution it is kept to."""
    return token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION


def record_use(session: Session, token_id: int, now: datetime) -> bool:
    """Note that a token was used, without waiting for any lock; the caller commits.

    Returns whether a row was changed: False when the token was noted recently,
    and an error (which the caller ignores) when another writer holds the
    database: SQLite is asked not to wait at all, PostgreSQL to wait 100 ms.
    """
    connection = session.connection()
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        saved = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
        connection.exec_driver_sql("PRAGMA busy_timeout=0")
    else:
        connection.exec_driver_sql("SET LOCAL lock_timeout = 100")
    try:
        result = session.execute(
            sa.update(ApiToken)
            .where(
                ApiToken.id == token_id,
                sa.or_(
                    ApiToken.last_used_at.is_(None),
                    ApiToken.last_used_at < now - LAST_USED_RESOLUTION,
                ),
            )
            .values(last_used_at=now)
            .execution_options(synchronize_session=False)
        )
    finally:
        if sqlite:
            connection.exec_driver_sql(f"PRAGMA busy_timeout={int(saved or 0)}")
    return bool(result.rowcount)  # type: ignore[attr-defined]


def token_to_dict(token: ApiToken) -> dict[str, object]:
    return {
        "id": token.id,
        "name": token.name,
        "role": token.role,
        "prefix": token.prefix,
        "created_at": token.created_at.isoformat(),
        "last_used_at": token.last_used_at.isoformat() if token.last_used_at else None,
        "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None,
    }
