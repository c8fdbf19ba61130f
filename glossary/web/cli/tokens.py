"""``glossary token create|list|revoke``."""

from __future__ import annotations

import click

from glossary.models import ROLES
from glossary.store import tokens as store
from glossary.store.errors import Invalid, NotFound
from glossary.web.cli import main, make_app, session_scope


@main.group()
def token() -> None:
    """Manage API tokens."""


@token.command("create")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--name", default=None, help="Who or what uses it (default: the role).")
def create(role: str, name: str | None) -> None:
    """Create a token and print its secret; it is not shown again."""
    app = make_app()
    try:
        with session_scope(app) as session:
            created, secret = store.create_token(session, name or role, role)
            token_id = created.id
    except Invalid as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(secret)
    click.echo(f"token #{token_id} ({role}); store the secret now, it is not shown again", err=True)


@token.command("list")
def list_() -> None:
    """List tokens (never their secrets)."""
    app = make_app()
    with session_scope(app) as session:
        rows = store.list_tokens(session)
        if not rows:
            click.echo("no tokens")
        for t in rows:
            state = f"revoked {t.revoked_at:%Y-%m-%d}" if t.revoked_at else "active"
            used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never"
            click.echo(f"{t.id:>4}  {t.prefix}…  {t.role:<6}  {state:<18}  used {used}  {t.name}")


@token.command("revoke")
@click.argument("token_id", type=int)
def revoke(token_id: int) -> None:
    """Revoke the token with this id (see `glossary token list`)."""
    app = make_app()
    try:
        with session_scope(app) as session:
            store.revoke_token(session, token_id)
    except NotFound as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"token #{token_id} revoked")
