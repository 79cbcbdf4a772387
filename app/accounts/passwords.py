"""Password hashing (argon2id) and the password rules: length and a shipped common-password list."""

from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

from app.core.babel import lazy_gettext as _l

MIN_LENGTH = 12
MAX_LENGTH = 128
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "common-passwords.txt.gz"
# Words that make a password easy to guess on this platform in particular.
CONTEXT_WORDS = ("kcc", "iclei", "kaohsiung", "academy", "capacity", "password")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS_FILE, "rt", encoding="utf-8") as handle:
        return frozenset(line.strip().lower() for line in handle if line.strip())


def _hasher() -> PasswordHasher:
    config = current_app.config
    return PasswordHasher(
        time_cost=config["ARGON2_TIME_COST"],
        memory_cost=config["ARGON2_MEMORY_COST"],
        parallelism=config["ARGON2_PARALLELISM"],
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password; with no hash (unknown account) spend the same time on a dummy one."""
    hasher = _hasher()
    try:
        return hasher.verify(password_hash or _dummy_hash(), password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def _dummy_hash() -> str:
    cache = current_app.extensions.setdefault("kcc_dummy_hash", {})
    key = (current_app.config["ARGON2_TIME_COST"], current_app.config["ARGON2_MEMORY_COST"])
    if key not in cache:
        cache[key] = _hasher().hash("not-a-real-password-for-timing-only")
    return cache[key]


def _letters(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalpha())


def _guessable_words(personal) -> set[str]:
    """The site's words and the person's own: each name and address as a whole and in parts,
    compared by letters only ("Chen Mei-ling" is "chenmeiling", "chen" and "meiling")."""
    words = set(CONTEXT_WORDS)
    for value in personal:
        if not value:
            continue
        local = value.split("@")[0]
        for piece in (value, local, *local.replace(".", " ").replace("_", " ").split()):
            words.add(_letters(piece))
        for part in value.replace("-", "").split():
            words.add(_letters(part))
    return {w for w in words if len(w) >= 3}


def password_problems(password: str, *personal: str) -> list:
    """Reasons the password is refused (lazy translated strings); empty when it is fine."""
    if len(password) < MIN_LENGTH:
        return [_l("Use at least %(count)d characters.", count=MIN_LENGTH)]
    if len(password) > MAX_LENGTH:
        return [_l("Use at most %(count)d characters.", count=MAX_LENGTH)]
    lowered = password.lower()
    stripped = lowered.rstrip("0123456789!@#$%^&*?.")
    if not stripped or lowered in common_passwords() or stripped in common_passwords():
        return [_l("This password is too common. Please choose another one.")]
    core = _letters(lowered)
    if any(
        core == w or ((core.startswith(w) or core.endswith(w)) and len(core) - len(w) <= 4)
        for w in _guessable_words(personal)
    ):
        return [_l("This password is too easy to guess from your name or this site.")]
    if len(set(password)) < 4:
        return [_l("This password uses too few different characters.")]
    return []
