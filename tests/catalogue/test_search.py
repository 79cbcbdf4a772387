"""Catalogue search from its index (catalogue/search.py): five scripts, one- and two-character
CJK words, prefixes of other words, wildcards that are only punctuation, documents kept in
step with edits in the same transaction, and a plan that reads the index, not the texts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import insert, select

from app.catalogue.search import document_tokens, query_tokens
from app.core.db import load_parts

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
TODAY = date(2026, 11, 30)


def found(db, q: str) -> set[int]:
    """The ids of the offerings a search finds."""
    from app.catalogue.queries import CatalogueFilter, catalogue_statement

    offerings = db.session.scalars(catalogue_statement(CatalogueFilter(q=q), TODAY, NOW)).all()
    return {offering.id for offering in offerings}


def test_tokens_are_cjk_characters_and_pairs_and_other_words():
    assert document_tokens(["韌性 Heat-Resilience"]) == {"韌", "性", "韌性", "heat", "resilience"}
    assert document_tokens(["ＡＢＣ ﾜｰｸ"]) == {"abc", "ワ", "ー", "ク", "ワー", "ーク"}
    assert query_tokens("韌") == [("韌", False)]
    assert query_tokens("城市韌性") == [("城市", False), ("市韌", False), ("韌性", False)]
    assert query_tokens("Resil 기후") == [("resil", True), ("기후", False)]
    assert query_tokens("% _ %%") == []


SCRIPTS = {
    "A": {"zh_Hant_TW": ("東亞城市韌性國際研討會", "城市如何因應淹水與颱風。")},
    "B": {"zh_Hans_CN": ("东亚城市韧性国际研讨会", "城市如何应对洪水和台风。")},
    "C": {"ja": ("気候変動への適応とまちづくり", "ヒートアイランド対策")},
    "D": {"ko": ("기후 위기 대응 도시 정책", "폭염과 홍수에 대비하는 도시")},
    "E": {
        "en": ("Urban Heat Resilience Workshop", "Cool roofs for hot cities"),
        "ja": ("都市の暑さ対策ワークショップ", ""),
    },
}


@pytest.fixture
def five_scripts(db, create_offering):
    made = {name: create_offering(titles=titles) for name, titles in SCRIPTS.items()}
    made["E"].descriptions = {"en": "<p>Cool <strong>roofs</strong> and 100% solar.</p>"}
    load_parts(made["C"], "sessions").sessions[0].location = "横浜市役所 第1会議室"
    made["D"].venue = "서울시청 대회의실"
    db.session.commit()
    return {offering.id: name for name, offering in made.items()}


CASES = [
    # one character
    ("韌", "A"),
    ("韧", "B"),
    ("気", "C"),
    ("기", "D"),
    ("の", "CE"),
    # two characters
    ("韌性", "A"),
    ("韧性", "B"),
    ("気候", "C"),
    ("기후", "D"),
    ("城市", "AB"),
    ("都市", "E"),
    # longer, and words that only touch (城 and 韌 are both in A, never side by side)
    ("城市韌性", "A"),
    ("城韌", ""),
    ("まちづくり", "C"),
    ("위기 대응", "D"),
    ("ヒートアイランド", "C"),
    ("Heat Resilience", "E"),
    ("RESIL", "E"),
    ("ＲＥＳＩＬＩＥＮＣＥ", "E"),  # full-width letters
    ("ﾜｰｸｼｮｯﾌﾟ", "E"),  # half-width kana
    # mixed scripts: every word must be there
    ("都市 resilience", "E"),
    ("韌性 resilience", ""),
    # venue, session place, description (without its tags)
    ("대회의실", "D"),
    ("横浜", "C"),
    ("roofs", "E"),
    ("strong", ""),
    ("100%", "E"),
    # LIKE wildcards are punctuation, never patterns
    ("%", ""),
    ("_", ""),
    ("%%", ""),
    ("r_silience", ""),
    ("biodiversity", ""),
]


def test_search_in_five_scripts(db, five_scripts):
    results = {q: {five_scripts[id_] for id_ in found(db, q)} for q, _ in CASES}
    expected = {q: set(names) for q, names in CASES}
    assert results == expected


def test_an_edited_text_is_found_by_its_new_words_in_the_same_transaction(db, create_offering):
    from app.catalogue.models import OfferingSession

    offering = create_offering(titles=SCRIPTS["A"] | {"en": ("Resilient cities", "")})
    assert found(db, "韌性") == {offering.id}
    offering.titles = {**offering.titles, "zh_Hant_TW": "東亞城市防災論壇"}
    offering.venue = "Taichung Harbour"
    db.session.add(
        OfferingSession(
            offering_id=offering.id,
            titles={},
            starts_at=NOW,
            ends_at=NOW + timedelta(hours=1),
            location="기후 센터",
        )
    )
    db.session.flush()  # not committed: the index moves with the text, in its transaction
    assert found(db, "防災") == {offering.id}
    assert found(db, "韌性") == set()
    assert found(db, "taichung") == found(db, "센터") == {offering.id}
    db.session.commit()
    offering.titles = {"zh_Hant_TW": offering.titles["zh_Hant_TW"]}  # English removed
    offering.venue = ""
    db.session.commit()
    assert found(db, "resilient") == found(db, "taichung") == set()
    assert found(db, "防災論壇") == {offering.id}
    offering.summaries = {**offering.summaries, "zh_Hant_TW": "Resilient again"}
    db.session.commit()
    assert found(db, "resilient") == {offering.id}


def _bulk_offerings(db, count: int) -> None:
    """``count`` published offerings written in two languages each, by bulk inserts, and
    their search documents."""
    from app.catalogue import search
    from app.catalogue.models import Offering

    words = ["氣候", "調適", "能源", "交通", "水資源", "防災", "循環", "綠地", "減碳", "健康"]
    start = db.session.scalar(select(Offering.id).order_by(Offering.id.desc()).limit(1)) or 0
    rows = []
    for n in range(count):
        word = words[n % len(words)]
        rows.append(
            {
                "id": start + n + 1,
                "kind": "course",
                "status": "published",
                "format": "online",
                "timezone": "Asia/Taipei",
                "starts_on": TODAY + timedelta(days=n % 300),
                "ends_on": TODAY + timedelta(days=n % 300 + 2),
                "enrolment_mode": "open",
                "fallback_locale": "en",
                "venue": "",
                "online_url": "",
                "created_at": NOW,
                "updated_at": NOW,
                "changed_at": NOW,
                "published_at": NOW,
                "seats_taken": 0,
                "waitlist_counter": 0,
                "titles": {"zh_Hant_TW": f"{word}論壇 {n}", "en": f"Forum {n}"},
                "summaries": {"zh_Hant_TW": "城市的行動", "en": "Cities acting"},
                "descriptions": {
                    "zh_Hant_TW": "<p>" + word * 20 + "</p>",
                    "en": "<p>" + word * 20 + "</p>",
                },
            }
        )
    db.session.execute(insert(Offering), rows)
    search.refresh(db.session, [row["id"] for row in rows])


def test_the_search_reads_the_index_not_the_texts(db, create_offering):
    """With enough offerings that the planner weighs its choices (4,000), a search for a
    two-character word is answered from the GIN index (PostgreSQL) or the FTS5 table
    (SQLite), never by reading every offering's texts."""
    from app.catalogue.queries import CatalogueFilter, catalogue_statement

    offering = create_offering(titles=SCRIPTS["A"])
    _bulk_offerings(db, 4000)
    connection = db.session.connection()
    postgresql = connection.dialect.name == "postgresql"
    if postgresql:
        connection.exec_driver_sql("ANALYZE offerings, offering_search")
    statement = catalogue_statement(CatalogueFilter(q="韌性"), TODAY, NOW).limit(20)
    compiled = statement.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    explain = "EXPLAIN " if postgresql else "EXPLAIN QUERY PLAN "
    params = compiled.params
    if not postgresql:  # qmark style: the values in order
        params = tuple(params[name] for name in compiled.positiontup)
    plan = "\n".join(
        str(row[-1]) for row in connection.exec_driver_sql(explain + compiled.string, params)
    )
    if postgresql:
        assert "ix_offering_search_tokens" in plan, plan
        assert "Seq Scan on offering_search" not in plan, plan
    else:
        assert "VIRTUAL TABLE INDEX" in plan and "offering_search_fts" in plan, plan
    # The texts (columns of the offering) are shown, never searched: no condition reads them
    # (the conditions follow the outer FROM; the columns' subqueries come before it).
    condition = compiled.string.rsplit("FROM offerings", 1)[1]
    assert "WHERE" in condition
    assert not any(name in condition for name in ("titles", "summaries", "descriptions"))
    assert not any(name in plan for name in ("titles", "summaries", "descriptions")), plan
    assert found(db, "韌性") == {offering.id}
    assert len(found(db, "防災")) == 400
    if postgresql:
        # A word a tenth of the catalogue holds: whatever the plan (the index, or reading the
        # table), no document is turned into a tsvector at search time (the stored column is
        # read): worked out for every row of a scan, that took 60 ms for 2,000 documents.
        common = catalogue_statement(CatalogueFilter(q="防災"), TODAY, NOW).limit(20)
        compiled = common.compile(
            dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
        )
        plan = "\n".join(
            str(row[-1])
            for row in connection.exec_driver_sql(explain + compiled.string, compiled.params)
        )
        assert "offering_search" in plan and "to_tsvector" not in plan, plan
