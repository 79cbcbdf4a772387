"""Every kind of row the cached catalogue fragments show refreshes them at once when it changes.

The fragments (catalogue/fragments.py) are keyed by the offering's ``changed_at``. A row that
feeds them but does not move that time leaves the public pages stale for up to a minute. The
list below names every such source with a change made the way the application makes it and a
text that must then show; a test fails when a table refers to offerings (a new owned model)
and is in neither this list nor the list of rows the public pages do not show.
"""

from __future__ import annotations

import pytest

from app.catalogue.models import Offering
from app.catalogue.queries import PARTS, load_offering
from app.extensions import db as database
from tests.factories import csrf_token, sign_in


def _in_app(app, change):
    """Run ``change(offering)`` as the application would: its own context and session, one
    commit at the end."""

    def run(offering_id, *args):
        with app.app_context():
            offering = load_offering(offering_id, *PARTS)  # the parts a change may touch
            result = change(offering, *args)
            database.session.commit()
            database.session.remove()
            return result

    return run


def change_offering(app, offering_id, staff, **_):
    def change(offering):
        offering.venue = "Pier 2 Art Center"

    _in_app(app, change)(offering_id)
    return "Pier 2 Art Center"


def change_text(app, offering_id, staff, **_):
    """The title in one language, through the text form: the texts are columns of the
    offering ({locale: text}), so this is an offering change; the other language stays."""
    client = app.test_client()
    sign_in(client, staff)
    token = csrf_token(client, f"/manage/offerings/{offering_id}/text/en")
    response = client.post(
        f"/manage/offerings/{offering_id}/text/en",
        data={"csrf_token": token, "title": "Renamed offering", "summary": "", "description": ""},
    )
    assert response.status_code == 302
    with app.app_context():
        assert database.session.get(Offering, offering_id).titles == {
            "en": "Renamed offering",
            "ko": "원래 과정",
        }
        database.session.remove()
    return "Renamed offering"


def change_summary(app, offering_id, staff, **_):
    """A summary assigned directly, as a script would (a new dict: JSON columns do not
    track changes inside them)."""

    def change(offering):
        offering.summaries = {**offering.summaries, "en": "A renewed summary"}

    _in_app(app, change)(offering_id)
    return "A renewed summary"


def change_session(app, offering_id, staff, **_):
    def change(offering):
        offering.sessions[0].titles = {"en": "Renamed session"}

    _in_app(app, change)(offering_id)
    return "Renamed session"


def change_module(app, offering_id, staff, **_):
    """Renamed through the manage form, as the outside audit did."""
    with app.app_context():
        module_id = load_offering(offering_id, "modules").modules[0].id
    client = app.test_client()
    sign_in(client, staff)
    path = f"/manage/offerings/{offering_id}/modules/{module_id}"
    token = csrf_token(client, path)
    response = client.post(path, data={"csrf_token": token, "title_en": "Renamed module"})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return "Renamed module"


def change_instructors(app, offering_id, staff, instructor, **_):
    def change(offering):
        from app.accounts.models import User

        offering.instructors.append(database.session.get(User, instructor.id))

    _in_app(app, change)(offering_id)
    return instructor.name_native


def change_instructor_name(app, offering_id, staff, teacher, **_):
    """The instructor's own name (a row of the accounts, not of the offering) shows too."""
    with app.app_context():
        from app.accounts.models import User

        database.session.get(User, teacher.id).name_native = "改名的講師"
        database.session.commit()
        database.session.remove()
    return "改名的講師"


def change_topics(app, offering_id, staff, **_):
    def change(offering):
        from app.catalogue.models import OfferingTopic

        offering.topic_rows.append(OfferingTopic(topic="water"))

    _in_app(app, change)(offering_id)
    return "Water management"


def change_languages(app, offering_id, staff, **_):
    def change(offering):
        from app.catalogue.models import OfferingLanguage

        offering.language_rows.append(OfferingLanguage(locale="ja"))

    _in_app(app, change)(offering_id)
    return "Japanese"  # as a language of instruction, named in the reader's language


def change_seats(app, offering_id, staff, official, **_):
    """The seat counter moves in SQL (enrolment services), not through the ORM, and does not
    renew the list: its cards' seats are written afresh for each page (cards.fill_seats)."""
    client = app.test_client()
    sign_in(client, official)
    token = csrf_token(client, f"/offerings/{offering_id}")
    response = client.post(f"/offerings/{offering_id}/enrol", data={"csrf_token": token})
    assert response.status_code == 302
    return "Seats left: 4 of 5"


# Table -> the change that must refresh the public pages at once.
SOURCES = {
    "offerings": change_offering,
    "offerings (title in one language)": change_text,
    "offerings (summary)": change_summary,
    "sessions": change_session,
    "modules": change_module,
    "offering_instructors": change_instructors,
    "users (instructor's name)": change_instructor_name,
    "offering_topics": change_topics,
    "offering_languages": change_languages,
    "enrolments (seat counter)": change_seats,
}
# Tables that refer to offerings but whose rows the cached public pages do not show.
NOT_SHOWN: dict[str, str] = {
    "enrolments": "only through the seat counter (above); the reader's own status is not cached",
    "announcements": "sent to enrolled people; not on the public pages",
    "materials": "listed per reader (visibility, release time) below the cached parts",
    "action_plans": "the participants' plans: on their own pages and the library, not cached",
    "action_plan_settings": "follow-up settings of an offering's plans: not on the public pages",
    "completion_rules": "the rule shows on the reader's own progress, which is not cached",
    "certificates": "on the holder's pages and the verification page, not cached",
    "certificate_zips": "staff downloads of an offering's certificates, not on public pages",
    "evaluation_questions": "asked of participants on their own evaluation page, not cached",
    "evaluation_responses": "anonymous answers: aggregated on staff and instructor pages only",
    "offering_search": "search terms derived from the texts above (same flush); never shown",
    "report_figures": "the staff dashboard's counts per offering and country; not public",
    "report_evaluations": "the staff dashboard's evaluation sums per offering; not public",
}


def test_every_table_referring_to_offerings_is_listed(app):
    """Guards this file's list: a new model owned by an offering needs a line in SOURCES (with
    a change that must refresh the pages) or in NOT_SHOWN (with the reason)."""
    referring = {
        table.name
        for table in database.metadata.sorted_tables
        for column in table.columns
        for key in column.foreign_keys
        if key.column.table.name == "offerings"
    }
    assert referring - set(SOURCES) - set(NOT_SHOWN) == set(), "add to SOURCES or NOT_SHOWN"


@pytest.mark.parametrize("source", SOURCES)
def test_a_change_to_each_source_shows_at_once(app, db, create_user, create_offering, source):
    """Guards the fragment keys: the page and the list are read (and cached) first; after the
    change, both show it at once, long before the cache's timeout."""
    teacher = create_user(roles=("instructor",), name_native="原本的講師")
    offering = create_offering(
        titles={"en": ("Original offering", ""), "ko": ("원래 과정", "")},
        capacity=5,
        modules=1,
        instructors=[teacher],
    )
    people = {
        "staff": create_user(roles=("staff",)),
        "instructor": create_user(roles=("instructor",), name_native="新來的講師"),
        "teacher": teacher,
        "official": create_user(),
    }
    reader = app.test_client()
    paths = (f"/offerings/{offering.id}", "/offerings")
    before = {path: reader.get(path).get_data(as_text=True) for path in paths}
    assert "Original offering" in before[paths[0]]

    expected = SOURCES[source](app, offering.id, **people)

    page = reader.get(paths[0]).get_data(as_text=True)
    assert expected not in before[paths[0]], "the change was already on the page"
    assert expected in page, f"{source}: the offering page is stale"
    if source in {
        "offerings (title in one language)",
        "offerings (summary)",
        "offering_languages",
        "enrolments (seat counter)",
    }:
        listing = reader.get(paths[1]).get_data(as_text=True)
        assert expected in listing and expected not in before[paths[1]], "the list is stale"
