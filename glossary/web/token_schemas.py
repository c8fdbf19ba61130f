"""Request and response bodies of the API tokens API (/api/tokens)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from glossary.web.schema_patterns import Strict

Role = Literal["reader", "editor", "admin"]


class TokenIn(Strict):
    name: Annotated[str, Field(min_length=1, max_length=100)]
    role: Role


class TokenOut(BaseModel):
    id: int
    name: str
    role: Role
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreated(TokenOut):
    token: str = Field(description="The secret; shown only in this response")


class TokenList(BaseModel):
    items: list[TokenOut]
