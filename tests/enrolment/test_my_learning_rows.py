"""My learning's tables (enrolment/views/learning_rows.py, written without a template): the
sessions to come in the reader's zone and language, the current enrolments and the past
ones, each row linking to its offering, every text escaped."""

from __future__ import annotations

from datetime import date, timedelta


def rows_of(html: str, heading_id: str) -> list[str]:
    section = html.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]
    return section.split("<tr>")[2:]  # after the heading row


def test_each_table_shows_its_own_rows(
    client, login, create_user, create_offering, create_enrolment
):
    reader = create_user(locale="ko", timezone="Asia/Seoul")
    coming = create_offering(titles={"en": ('<b>Flood</b> & "heat"', "")}, sessions=2)
    past_day = date.today() - timedelta(days=30)
    past = create_offering(
        titles={"en": ("Old course", "")}, starts_on=past_day, ends_on=past_day, sessions=0
    )
    create_enrolment(user=reader, offering=coming)
    create_enrolment(user=reader, offering=past)
    login(reader)

    html = client.get("/my").get_data(as_text=True)

    sessions = rows_of(html, "upcoming-heading")
    assert len(sessions) == 2 and all(f'href="/offerings/{coming.id}"' in row for row in sessions)
    # The factory's first session: 02:00 UTC on the first day, 11:00 in Seoul.
    day = coming.starts_on
    assert f'data-label="일시">{day.year}. {day.month}. {day.day}. 11:00–12:00' in sessions[0]
    current = rows_of(html, "current-heading")
    assert len(current) == 1
    assert "&lt;b&gt;Flood&lt;/b&gt; &amp; &#34;heat&#34;" in current[0]
    assert "<b>Flood" not in html
    history = rows_of(html, "history-heading")
    assert len(history) == 1 and "Old course" in history[0]
    assert f'href="/offerings/{past.id}"' in history[0] and "tag-success" in history[0]
