"""The public catalogue: search in every language, filters, bad input, drafts, query counts."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import quote

import pytest

TITLES = {
    "en": ("East Asia Urban Resilience Symposium", "Cities prepare for floods and typhoons."),
    "zh_Hant_TW": ("東亞城市韌性國際研討會", "城市如何因應淹水與颱風。"),
    "ko": ("동아시아 도시 회복력 국제 심포지엄", "도시의 홍수와 태풍 대응."),
    "ja": ("東アジア都市レジリエンス国際シンポジウム", "洪水と台風への備え。"),
    "zh_Hans_CN": ("东亚城市韧性国际研讨会", "城市如何应对洪水和台风。"),
}


@pytest.mark.parametrize(
    ("term", "found"),
    [
        ("resilience", True),
        ("RESILIENCE", True),
        ("韌性", True),
        ("회복력", True),
        ("レジリエンス", True),
        ("韧性", True),
        ("台风", True),
        ("Typhoons", True),
        ("biodiversity", False),
        ("%", False),
        ("_", False),
    ],
)
def test_search_matches_every_language_and_substrings(client, create_offering, term, found):
    create_offering(titles=TITLES, kind="symposium")
    create_offering(titles={"en": ("Water course", "About water.")})
    html = client.get("/offerings?q=" + quote(term)).get_data(as_text=True)
    assert ("1 offering found" in html) is found
    assert ("0 offerings found" in html) is not found


def test_each_reader_sees_their_language_or_the_fallback(client, create_offering):
    offering = create_offering(titles={"en": TITLES["en"], "ja": TITLES["ja"]})
    from tests.factories import csrf_token

    client.post("/language", data={"csrf_token": csrf_token(client), "locale": "ja"})
    html = client.get(f"/offerings/{offering.id}").get_data(as_text=True)
    assert TITLES["ja"][0] in html
    client.post("/language", data={"csrf_token": csrf_token(client), "locale": "ko"})
    html = client.get(f"/offerings/{offering.id}").get_data(as_text=True)
    assert TITLES["en"][0] in html and 'lang="en"' in html  # fallback, marked as English
    # The languages it is described in, named in the reader's language (Korean here).
    assert "일본어" in html and "영어" in html


def test_cards_name_each_offerings_languages_in_the_readers_language(client, create_offering):
    """The list and the home page read the languages with each offering's row (one string
    of codes per card): every card names its own, none names another's."""
    from tests.factories import csrf_token

    create_offering(titles={"en": ("Two languages", "")}, languages=["ko", "en"])
    create_offering(titles={"en": ("One language", "")}, languages=["ja"])
    create_offering(titles={"en": ("No language given", "")}, languages=[])
    client.post("/language", data={"csrf_token": csrf_token(client), "locale": "ko"})
    for path in ("/offerings", "/"):
        html = client.get(path).get_data(as_text=True)
        cards = {
            title: html.split(title, 1)[1].split("</article>", 1)[0]
            for title in ("Two languages", "One language", "No language given")
        }
        two = cards["Two languages"]
        assert "영어, 한국어" in two or "영어 및 한국어" in two
        assert "일본어" in cards["One language"] and "영어" not in cards["One language"]
        assert not any(name in cards["No language given"] for name in ("영어", "일본어", "한국어"))


def test_a_card_shows_its_offerings_state_and_escapes_its_text(client, create_offering):
    """The card (catalogue/cards.py, written without a template): its text is data, never
    markup, on the list and the home page; it says open or not, full or the seats left, and
    leaves seats out when there is no limit."""
    from datetime import UTC, datetime, timedelta

    create_offering(titles={"en": ('<b>Bold</b> "quoted"', "<script>x()</script> & more")})
    create_offering(titles={"en": ("Full one", "")}, capacity=5, seats_taken=5)
    later = datetime.now(UTC) + timedelta(days=3)
    create_offering(titles={"en": ("Not yet open", "")}, enrol_opens_at=later, capacity=None)
    html = client.get("/offerings").get_data(as_text=True)

    def card(title: str) -> str:
        return next(part for part in html.split("<article") if title in part)

    for page in (html, client.get("/").get_data(as_text=True)):
        assert "&lt;b&gt;Bold&lt;/b&gt; &#34;quoted&#34;" in page
        assert "<b>Bold</b>" not in page and "<script>x()" not in page
    assert "&lt;script&gt;x()&lt;/script&gt; &amp; more" in html
    escaped = card("&lt;b&gt;Bold&lt;/b&gt; &#34;quoted&#34;")
    assert "Open for enrolment" in escaped and "Seats left: 20 of 20" in escaped
    assert '<span class="tag tag-warning">Full</span>' in card("Full one")
    assert "Open for enrolment" in card("Full one")  # full, but its enrolment is open
    not_open = card("Not yet open")
    assert "Open for enrolment" not in not_open and "<dt>Seats</dt>" not in not_open
    assert "<dt>Dates</dt>" in not_open and "Training course" in not_open


def test_the_offering_page_names_its_own_topics_and_languages(client, create_offering):
    """Its statement reads the topics and languages with the row (codes, not rows)."""
    from tests.factories import csrf_token

    shown = create_offering(topics=["resilience", "water"], languages=["ja", "en"])
    create_offering(topics=["energy"], languages=["ko"])
    client.post("/language", data={"csrf_token": csrf_token(client), "locale": "ja"})

    def facts(offering_id: int) -> tuple[str, str]:
        html = client.get(f"/offerings/{offering_id}").get_data(as_text=True)
        languages = html.split("<dt>使用言語</dt><dd>", 1)[1].split("</dd>", 1)[0]
        topics = html.split("<dt>テーマ</dt><dd>", 1)[1].split("</dd>", 1)[0]
        return languages, topics

    languages, topics = facts(shown.id)
    assert languages == "英語、日本語"
    assert "気候変動への適応・レジリエンス" in topics and "水管理" in topics
    assert "エネルギー" not in topics
    assert facts(create_offering(topics=[], languages=[]).id) == ("", "")


def test_the_offering_page_names_its_instructors(client, create_offering, create_user):
    """By name in their own script and in Latin letters, ordered by the latter; another
    offering's instructor is not named, and an offering without any shows no heading."""
    lin = create_user(roles=("instructor",), name_native="林美玲", name_latin="Lin Mei-ling")
    kim = create_user(roles=("instructor",), name_native="김민준", name_latin="Kim Min-jun")
    other = create_user(roles=("instructor",), name_native="佐藤花子", name_latin="Sato Hanako")
    taught = create_offering(instructors=[lin, kim])
    create_offering(instructors=[other])
    html = client.get(f"/offerings/{taught.id}").get_data(as_text=True)
    named = html.split("<dt>Instructors</dt><dd>", 1)[1].split("</dd>", 1)[0]
    assert named == "김민준 (Kim Min-jun)<br>林美玲 (Lin Mei-ling)"
    untaught = create_offering(instructors=[])
    assert "<dt>Instructors</dt>" not in client.get(f"/offerings/{untaught.id}").get_data(
        as_text=True
    )


def test_filters_combine(client, create_offering):
    create_offering(
        titles={"en": ("Hybrid energy workshop", "")},
        kind="workshop",
        format="hybrid",
        topics=["energy"],
        languages=["en", "ko"],
    )
    create_offering(
        titles={"en": ("Online energy course", "")},
        kind="course",
        format="online",
        topics=["energy"],
        languages=["en"],
    )
    create_offering(
        titles={"en": ("Hybrid water workshop", "")},
        kind="workshop",
        format="hybrid",
        topics=["water"],
        languages=["ko"],
    )
    html = client.get("/offerings?kind=workshop&topic=energy&format=hybrid").get_data(as_text=True)
    assert "Hybrid energy workshop" in html
    assert "Online energy course" not in html and "Hybrid water workshop" not in html
    html = client.get("/offerings?language=ko").get_data(as_text=True)
    assert "Hybrid energy workshop" in html and "Hybrid water workshop" in html
    assert "Online energy course" not in html


def test_when_and_date_range(client, create_offering):
    today = date.today()
    create_offering(
        titles={"en": ("Past one", "")},
        starts_on=today - timedelta(days=30),
        ends_on=today - timedelta(days=29),
        sessions=0,
    )
    create_offering(
        titles={"en": ("Future one", "")},
        starts_on=today + timedelta(days=60),
        ends_on=today + timedelta(days=61),
        sessions=0,
    )
    past = client.get("/offerings?when=past").get_data(as_text=True)
    upcoming = client.get("/offerings?when=upcoming").get_data(as_text=True)
    assert "Past one" in past and "Future one" not in past
    assert "Future one" in upcoming and "Past one" not in upcoming
    window = (today + timedelta(days=50)).isoformat(), (today + timedelta(days=70)).isoformat()
    html = client.get(f"/offerings?date_from={window[0]}&date_to={window[1]}").get_data(
        as_text=True
    )
    assert "Future one" in html and "Past one" not in html


def test_offerings_still_to_come_are_listed_before_those_that_ended(client, create_offering):
    """A new visitor sees what they can still join first; sorting by the latest start is
    left as asked."""
    today = date.today()
    for title, start, length in (
        ("Ended long ago", -60, 2),
        ("Running now", -1, 5),
        ("Starting soon", 3, 1),
    ):
        create_offering(
            titles={"en": (title, "")},
            starts_on=today + timedelta(days=start),
            ends_on=today + timedelta(days=start + length - 1),
            sessions=0,
        )

    def order(query=""):
        html = client.get(f"/offerings{query}").get_data(as_text=True)
        titles = ("Ended long ago", "Running now", "Starting soon")
        return sorted(titles, key=html.index)

    assert order() == ["Running now", "Starting soon", "Ended long ago"]
    assert order("?sort=start_desc") == ["Starting soon", "Running now", "Ended long ago"]


def test_the_same_filters_with_other_values_find_other_offerings(client, create_offering):
    """A list's statement is built once per set of filters: each request's values (kind,
    topic, language, search words, dates) are bound when it runs, nothing of an earlier one
    stays."""
    create_offering(
        titles={"en": ("Tidal energy course", "")},
        kind="course",
        topics=["energy"],
        languages=["en"],
        starts_on=date(2031, 3, 2),
        ends_on=date(2031, 3, 3),
    )
    create_offering(
        titles={"en": ("Wetland water workshop", "")},
        kind="workshop",
        topics=["water"],
        languages=["ko"],
        starts_on=date(2031, 6, 2),
        ends_on=date(2031, 6, 3),
    )
    pairs = [
        ("kind=course&topic=energy&language=en", "kind=workshop&topic=water&language=ko"),
        ("q=tidal", "q=wetland"),
        ("date_from=2031-03-01&date_to=2031-03-31", "date_from=2031-06-01&date_to=2031-06-30"),
    ]
    for first, second in pairs:
        for query, shown, hidden in (
            (first, "Tidal energy course", "Wetland water workshop"),
            (second, "Wetland water workshop", "Tidal energy course"),
            (first, "Tidal energy course", "Wetland water workshop"),
        ):
            html = client.get(f"/offerings?{query}").get_data(as_text=True)
            assert shown in html and hidden not in html, query


def test_open_for_enrolment_filter(client, create_offering):
    from app.core.db import utcnow

    create_offering(titles={"en": ("Open now", "")}, enrol_closes_at=utcnow() + timedelta(days=3))
    create_offering(
        titles={"en": ("Closed already", "")}, enrol_closes_at=utcnow() - timedelta(days=1)
    )
    html = client.get("/offerings?when=open").get_data(as_text=True)
    assert "Open now" in html and "Closed already" not in html


def test_pagination_keeps_the_filters(client, create_offering):
    for n in range(14):
        create_offering(titles={"en": (f"Workshop {n:02d}", "")}, kind="workshop", sessions=0)
    create_offering(titles={"en": ("A course", "")}, kind="course", sessions=0)
    html = client.get("/offerings?kind=workshop").get_data(as_text=True)
    assert "14 offerings found" in html
    assert 'href="/offerings?kind=workshop&amp;page=2"' in html
    second = client.get("/offerings?kind=workshop&page=2").get_data(as_text=True)
    assert "A course" not in second and "Workshop" in second


@pytest.mark.parametrize(
    "query",
    [
        "page=1000000",
        "page=-5",
        "page=abc",
        "kind=nonsense",
        "topic=%00",
        "topic=%EF%BF%BF",
        "sort=id;DROP",
        "date_from=2026-13-45",
        "date_to=yesterday",
        "when=%3Cscript%3E",
        "q=" + "x" * 500,
        "language=../../etc",
        "q=%27%20OR%201%3D1--",
    ],
)
def test_bad_filter_values_give_a_clean_page(client, create_offering, query):
    create_offering()
    response = client.get("/offerings?" + query)
    assert response.status_code == 200
    assert "<script>" not in response.get_data(as_text=True)


def test_drafts_are_hidden_from_the_public(app, client, db, create_offering, create_user):
    from tests.factories import sign_in

    instructor = create_user(roles=("instructor",))
    draft = create_offering(
        titles={"en": ("Secret draft", "")}, status="draft", instructors=[instructor]
    )
    assert "Secret draft" not in client.get("/offerings").get_data(as_text=True)
    assert client.get(f"/offerings/{draft.id}").status_code == 404
    assert client.get(f"/offerings/{draft.id}/calendar.ics").status_code == 404
    assert client.get(f"/offerings/{draft.id}/programme").status_code == 404
    other = app.test_client()
    sign_in(other, create_user(roles=("instructor",)))
    assert other.get(f"/offerings/{draft.id}").status_code == 404
    for person in (instructor, create_user(roles=("staff",))):
        browser = app.test_client()
        sign_in(browser, person)
        assert browser.get(f"/offerings/{draft.id}").status_code == 200


def test_session_times_in_the_viewers_zone(client, db, create_offering, create_user, login):
    from datetime import UTC, datetime

    offering = create_offering(sessions=0)
    from app.catalogue.models import OfferingSession

    db.session.add(
        OfferingSession(
            offering_id=offering.id,
            titles={"en": "Opening"},
            starts_at=datetime.combine(offering.starts_on, datetime.min.time(), tzinfo=UTC).replace(
                hour=1, minute=30
            ),
            ends_at=datetime.combine(offering.starts_on, datetime.min.time(), tzinfo=UTC).replace(
                hour=3
            ),
        )
    )
    db.session.commit()
    login(create_user(timezone="Asia/Seoul", locale="en"))
    html = client.get(f"/offerings/{offering.id}").get_data(as_text=True)
    assert "10:30–12:00" in html  # 01:30 UTC is 10:30 in Seoul
    assert "(GMT+9)" in html and "GMT+09:00" not in html  # the zone, in the glossary form


@pytest.mark.parametrize("count", [10, 200])
def test_catalogue_query_count_is_bounded(client, create_offering, count_queries, count):
    """The same number of statements for 10 and for 200 offerings (asserted against 10)."""
    for n in range(count):
        create_offering(
            titles={"en": (f"Offering {n}", "s"), "ja": (f"研修{n}", "s")},
            sessions=2,
            topics=["energy", "water"],
            languages=["en", "ja"],
        )
    with count_queries() as statements:
        assert client.get("/offerings?q=offering&kind=course").status_code == 200
    assert 1 <= len(statements) <= 5, statements


@pytest.mark.parametrize("count", [10, 200])
def test_detail_query_count_is_bounded(
    client, db, create_offering, create_user, count_queries, count
):
    people = [create_user(roles=("instructor",)) for _ in range(3)]
    offering = create_offering(sessions=count // 10, modules=5, instructors=people)
    path = f"/offerings/{offering.id}"  # read before counting: only the page's statements
    with count_queries() as statements:
        assert client.get(path).status_code == 200
    detail = len(statements)
    with count_queries() as statements:
        assert client.get(f"{path}/programme").status_code == 200
    assert 1 <= detail <= 9 and 1 <= len(statements) <= 9, (detail, len(statements))


@pytest.mark.parametrize("term", ["高雄", "Kaohsiung", "가오슝", "Exhibition", "衛武營"])
def test_search_finds_the_venue_the_city_and_the_description(
    client, db, create_offering, create_city, term
):
    """ "高雄" and "Kaohsiung" find an offering held in Kaohsiung (its venue names the city
    the search matches in any language); venue words and the description count too."""
    create_city(
        names={
            "en": "Kaohsiung City Government",
            "zh_Hant_TW": "高雄市政府",
            "ko": "가오슝시 정부",
            "ja": "高雄市政府",
            "zh_Hans_CN": "高雄市政府",
        }
    )
    held = create_offering(
        titles={"en": ("Heat resilience clinic", "Cool roofs")},
        venue="Kaohsiung Exhibition Center",
    )
    held.descriptions = {"en": "<p>With a visit to 衛武營 park.</p>"}
    db.session.commit()
    create_offering(titles={"en": ("Water course", "About water.")}, venue="Taipei City Hall")
    html = client.get("/offerings?q=" + quote(term)).get_data(as_text=True)
    assert "1 offering found" in html and "Heat resilience clinic" in html
