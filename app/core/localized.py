"""Text written by people in several languages: the platform's one way to keep it.

Every translatable field is one JSON column holding ``{locale: text}`` (a session's titles,
a city's names, an offering's summaries...). Reading picks the reader's language, else the
record's fallback language, else any text there is; an empty string counts as missing.
A sixth language is one more key, never a schema change, and both databases read a key in
SQL (``localized_sql``) for sorting and filtering.
"""

from __future__ import annotations

from sqlalchemy import String, func
from sqlalchemy.sql.elements import ColumnElement

from app.core.i18n import DEFAULT_LOCALE


def localized(texts: dict | None, locale: str, fallback: str = DEFAULT_LOCALE) -> str:
    """The text in ``locale``, else in ``fallback``, else the first one written, else ""."""
    if not texts:
        return ""
    return (
        texts.get(locale)
        or texts.get(fallback)
        or next((text for text in texts.values() if text), "")
    )


def only_filled(texts: dict) -> dict:
    """``texts`` without the languages left empty (what a form with one field per
    language gives), trimmed; what is stored is only what was written."""
    return {locale: text.strip() for locale, text in texts.items() if text and text.strip()}


def localized_sql(column, locale: str, fallback: str = DEFAULT_LOCALE) -> ColumnElement[str]:
    """The same choice as ``localized`` for ``locale`` and ``fallback``, as a SQL expression
    (for ORDER BY and WHERE); "" when neither is written."""
    wanted = func.nullif(column[locale].as_string(), "")
    if fallback == locale:
        return func.coalesce(wanted, "", type_=String)
    return func.coalesce(wanted, func.nullif(column[fallback].as_string(), ""), "", type_=String)
