"""Clean one-line text people type (names, departments): what is stored is what is seen.

NFC normalisation (one form for 가 or é however it was typed), no control characters (CR/LF,
escape sequences, NUL), no invisible format characters (bidirectional overrides such as
U+202E, zero-width spaces, BOM) and single spaces. A value that is invisible once cleaned
becomes empty, so a required field refuses it.
"""

from __future__ import annotations

import unicodedata

# Zero-width (non-)joiners shape letters in some scripts; they stay between visible text.
_KEPT_FORMAT = {"\u200c", "\u200d"}


def clean_line(value):
    """A WTForms filter (None and non-strings pass through)."""
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFC", value)
    kept = []
    for ch in text:
        category = unicodedata.category(ch)
        if ch in "\t\r\n" or category in ("Zl", "Zp", "Zs"):
            kept.append(" ")
        elif category == "Cc" or (category == "Cf" and ch not in _KEPT_FORMAT):
            continue
        else:
            kept.append(ch)
    cleaned = " ".join("".join(kept).split())
    if not any(ch not in _KEPT_FORMAT and not ch.isspace() for ch in cleaned):
        return ""
    return cleaned
