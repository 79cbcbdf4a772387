"""The one way texts in several languages are read: in Python and in SQL, the same choice."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.catalogue.models import Module
from app.core.localized import localized, localized_sql, only_filled


@pytest.mark.parametrize(
    ("texts", "locale", "fallback", "expected"),
    [
        ({"en": "Budget", "ko": "예산"}, "ko", "en", "예산"),
        ({"en": "Budget", "ko": ""}, "ko", "en", "Budget"),
        ({"ja": "予算", "ko": "예산"}, "zh_Hans_CN", "ja", "予算"),
        ({"ko": "", "ja": "予算"}, "en", "ko", "予算"),
        ({}, "en", "en", ""),
        (None, "en", "en", ""),
    ],
)
def test_reader_then_fallback_then_any(texts, locale, fallback, expected):
    assert localized(texts, locale, fallback) == expected


def test_only_what_was_written_is_kept():
    assert only_filled({"en": " Budget ", "ko": "", "ja": "  ", "zh_Hant_TW": "預算"}) == {
        "en": "Budget",
        "zh_Hant_TW": "預算",
    }


def test_sql_reads_the_same_text_on_both_databases(db, create_offering):
    offering = create_offering()
    rows = [
        Module(offering=offering, position=1, titles={"en": "Water", "ko": "물"}),
        Module(offering=offering, position=2, titles={"en": "Air", "ko": ""}),
        Module(offering=offering, position=3, titles={"ja": "土"}),
    ]
    db.session.add_all(rows)
    db.session.flush()
    ids = [row.id for row in rows]
    title = localized_sql(Module.titles, "ko", "en")
    found = db.session.execute(
        select(Module.id, title).where(Module.id.in_(ids)).order_by(title, Module.id)
    ).all()
    assert found == [(ids[2], ""), (ids[1], "Air"), (ids[0], "물")]
    assert db.session.scalars(select(Module.id).where(title == "물")).all() == [ids[0]]
