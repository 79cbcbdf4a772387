"""The roster's rows (enrolment/views/roster_rows.py, written without a template): each
person's row with their names escaped, their city, status, waitlist place and reason, and a
checkbox labelled by their name."""

from __future__ import annotations

import re

from flask_babel import force_locale

from app.core.babel import gettext


def row_of(html: str, name: str) -> str:
    return next(row for row in html.split("<tr>")[2:] if name in row)


def test_each_row_shows_its_own_person(
    client, login, create_user, create_offering, create_enrolment, create_city
):
    instructor = create_user(roles=("instructor",), locale="ja")
    offering = create_offering(capacity=1, instructors=[instructor])
    seoul = create_city(names={"en": "Seoul", "ko": "서울", "ja": "ソウル"})
    enrolled = create_user(name_native='<b>"金</b>', name_latin="Kim & Co", city=seoul)
    waiting = create_user(name_native="林", name_latin="Lin")
    create_enrolment(user=enrolled, offering=offering)
    create_enrolment(user=create_user(name_native="陳"), offering=offering, status="waitlisted")
    second_in_line = create_enrolment(user=waiting, offering=offering, status="waitlisted")
    refused = create_user(name_native="王", name_latin="Wang")
    create_enrolment(user=refused, offering=offering, status="rejected", reason="<i>Late</i>")
    login(instructor)

    html = client.get(f"/manage/offerings/{offering.id}/roster?status=all").get_data(as_text=True)

    assert html.count("<tr>") == 5  # the heading and four people
    first = row_of(html, "Kim &amp; Co")
    assert "&lt;b&gt;&#34;金&lt;/b&gt;" in first and "<b>" not in first
    assert 'data-label="所属自治体・団体">ソウル</td>' in first
    with force_locale("ja"):
        waitlisted, position = gettext("Waitlisted"), gettext("position %(position)d", position=2)
    second = row_of(html, ">Lin<")
    assert f"{waitlisted} · {position}" in second
    key = second_in_line.id
    assert f'value="{key}" id="enrolment-{key}" aria-labelledby="name-{key}"' in second
    assert re.search(rf'<label for="enrolment-{key}" id="name-{key}">林</label>', second)
    rejected = row_of(html, ">Wang<")
    assert '<span class="muted">&lt;i&gt;Late&lt;/i&gt;</span>' in rejected
    assert "<i>Late" not in html
