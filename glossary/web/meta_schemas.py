"""Response bodies of the API's index (/api)."""

from __future__ import annotations

from pydantic import BaseModel


class ServiceIndex(BaseModel):
    name: str
    version: str
    links: dict[str, str]
