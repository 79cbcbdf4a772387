"""An offering's text in each language: three {locale: text} columns of the offering, written
one language at a time through the text form and read in the reader's language, else the
offering's fallback language, else any (core/localized.py)."""

from __future__ import annotations

import pytest

from app.catalogue.errors import OfferingIncomplete, OfferingTextWithoutTitle
from app.catalogue.models import Offering
from tests.factories import csrf_token, sign_in


def test_the_form_edits_one_language_and_keeps_the_others(app, db, create_user, create_offering):
    staff = create_user(roles=("staff",))
    offering = create_offering(titles={"en": ("Heat plans", "For hot cities")})
    client = app.test_client()
    sign_in(client, staff)
    path = f"/manage/offerings/{offering.id}/text/ja"
    token = csrf_token(client, path)
    response = client.post(
        path,
        data={
            "csrf_token": token,
            "title": " 暑さ対策計画 ",
            "summary": "",
            "description": "<p>本文</p><script>x()</script>",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    stored = db.session.get(Offering, offering.id)
    assert stored.titles == {"en": "Heat plans", "ja": "暑さ対策計画"}
    assert stored.summaries == {"en": "For hot cities"}  # an empty summary is not stored
    assert stored.descriptions == {"ja": "<p>本文</p>"}  # sanitised
    assert stored.content_locales == ["en", "ja"]
    # The form shows what is stored in that language, and nothing of the others.
    html = client.get(path).get_data(as_text=True)
    assert 'value="暑さ対策計画"' in html and "&lt;p&gt;本文&lt;/p&gt;" in html
    assert 'value="Heat plans"' not in html
    # A summary without a title is refused by the form (the title is required).
    response = client.post(
        f"/manage/offerings/{offering.id}/text/ko",
        data={"csrf_token": token, "title": "", "summary": "요약", "description": ""},
    )
    assert response.status_code == 200
    db.session.expire_all()
    assert "ko" not in db.session.get(Offering, offering.id).summaries


def test_the_service_stores_only_what_is_written(db, create_user, create_offering):
    from app.catalogue.services import save_translation

    staff = create_user(roles=("staff",))
    offering = create_offering(titles={"en": ("Heat plans", ""), "ko": ("폭염 계획", "요약")})
    with pytest.raises(OfferingTextWithoutTitle):
        save_translation(staff, offering, "ja", title=" ", summary="要約", description="")
    with pytest.raises(OfferingTextWithoutTitle):
        save_translation(staff, offering, "ja", title="", summary="", description="<p>x</p>")
    assert "ja" not in offering.titles
    # A language whose fields are all empty is removed, never stored empty.
    save_translation(staff, offering, "ko", title="", summary=" ", description="  ")
    db.session.commit()
    db.session.expire_all()
    assert (offering.titles, offering.summaries) == ({"en": "Heat plans"}, {})
    # ... except the fallback language, which a published offering needs.
    with pytest.raises(OfferingIncomplete):
        save_translation(staff, offering, "en", title="", summary="", description="")


def test_title_summary_and_description_are_read_in_one_language(db, create_offering):
    offering = create_offering(
        titles={"en": ("Water course", "About water"), "ko": ("물 과정", "")},
        fallback_locale="ko",
    )
    offering.descriptions = {"en": "<p>Long text</p>"}
    db.session.commit()
    # A Japanese reader: the fallback language (Korean), its summary empty, not the English.
    text = offering.text("ja")
    assert (text.locale, text.title, text.summary, text.description) == ("ko", "물 과정", "", "")
    assert offering.title("ja") == "물 과정"
    english = offering.text("en")
    assert (english.title, english.summary, english.description) == (
        "Water course",
        "About water",
        "<p>Long text</p>",
    )
    offering.titles = {}
    assert offering.text("en") is None and offering.title("en") == f"#{offering.id}"


def test_list_pages_do_not_load_the_descriptions(app, db, create_offering, count_queries):
    """The catalogue list shows titles and summaries only: the descriptions (the longest
    texts) stay in the database."""
    create_offering(titles={"en": ("Deferred text course", "Short")})
    client = app.test_client()
    with count_queries() as statements:
        html = client.get("/offerings").get_data(as_text=True)
    assert "Deferred text course" in html
    assert statements and not any("descriptions" in s for s in statements), statements


def test_the_offering_page_reads_its_descriptions_with_its_languages_and_topics(
    app, db, create_offering, count_queries
):
    """Rendered afresh, the offering page reads the description (a deferred column) in the
    statement that reads its languages and topics, not in one of its own."""
    offering = create_offering(descriptions={"en": "<p>Deep text</p>"})
    client = app.test_client()
    with count_queries() as statements:
        html = client.get(f"/offerings/{offering.id}").get_data(as_text=True)
    assert "Deep text" in html
    reading = [s for s in statements if "descriptions" in s]
    assert len(reading) == 1, reading
    assert "offering_languages" in reading[0] and "offering_topics" in reading[0], reading[0]
