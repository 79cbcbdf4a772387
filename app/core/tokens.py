"""Secrets handed out in links and cookies are stored only as their SHA-256."""

from __future__ import annotations

import hashlib


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
