"""Relationships whose lazy load would be a statement per row of a list raise when read
unloaded: the query that fetches the rows names what it reads (catalogue/queries.py PARTS,
enrolment/queries.py), or the service that works on one row loads it (core/db.py load_parts).
"""

from __future__ import annotations

import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import InvalidRequestError

from app.catalogue.models import Offering
from app.catalogue.queries import PARTS, load_offering
from app.certificates.models import Certificate
from app.core.db import load_parts
from app.enrolment.models import Enrolment
from app.evaluation.models import EvaluationResponse
from app.records.materials.models import Material

OFFERING_PARTS = ("topic_rows", "language_rows", "sessions", "modules", "instructors")
ENROLMENT_PARTS = ("user", "offering")
OTHERS = [
    (Certificate, "user"),
    (Certificate, "offering"),
    (Certificate, "replaced_by"),
    (Material, "versions"),
    (EvaluationResponse, "answers"),
]


@pytest.mark.parametrize(
    ("model", "name"),
    [
        *((Offering, name) for name in OFFERING_PARTS),
        *((Enrolment, name) for name in ENROLMENT_PARTS),
        *OTHERS,
    ],
)
def test_the_relationship_is_declared_to_raise(model, name):
    assert inspect(model).relationships[name].lazy == "raise_on_sql"


@pytest.fixture
def built(db, create_user, create_offering, create_enrolment):
    instructor = create_user(roles=("instructor",))
    offering = create_offering(sessions=2, modules=1, instructors=[instructor])
    enrolment = create_enrolment(offering=offering)
    ids = offering.id, enrolment.id
    db.session.expunge_all()  # nothing in the identity map: each row is read afresh
    return ids


@pytest.mark.parametrize("name", OFFERING_PARTS)
def test_an_offering_loaded_without_its_parts_refuses_to_load_them_lazily(db, built, name):
    offering = db.session.get(Offering, built[0])
    with pytest.raises(InvalidRequestError, match="raise_on_sql"):
        getattr(offering, name)


@pytest.mark.parametrize("name", ENROLMENT_PARTS)
def test_an_enrolment_loaded_alone_refuses_to_load_its_person_and_offering(db, built, name):
    enrolment = db.session.get(Enrolment, built[1])
    with pytest.raises(InvalidRequestError, match="raise_on_sql"):
        getattr(enrolment, name)


def test_an_offering_in_the_identity_map_is_an_enrolments_offering_without_sql(db, built):
    offering = db.session.get(Offering, built[0])
    assert db.session.get(Enrolment, built[1]).offering is offering


def test_the_parts_a_query_names_are_loaded(db, built):
    offering = load_offering(built[0], *PARTS)
    assert len(offering.sessions) == 2 and len(offering.modules) == 1
    assert offering.topics == ["low_carbon"] and offering.languages == ["en"]
    assert len(offering.instructors) == 1


def test_a_service_loads_the_parts_it_needs_once(db, built, count_queries):
    offering = db.session.get(Offering, built[0])
    enrolment = db.session.get(Enrolment, built[1])
    with count_queries() as statements:
        load_parts(offering, "sessions")
    assert len(statements) == 1
    load_parts(offering, "instructors")
    with count_queries() as statements:
        load_parts(offering, "sessions", "instructors")  # already loaded
        load_parts(enrolment, "offering")  # the offering is in the identity map
    assert statements == []
    assert [s.starts_at for s in offering.sessions] == sorted(
        s.starts_at for s in offering.sessions
    )
    assert enrolment.offering is offering
    assert load_parts(enrolment, "user").user.id == enrolment.user_id


def test_a_new_offering_has_its_parts_without_asking_the_database(db):
    offering = Offering(
        kind="course", status="draft", format="online", timezone="UTC", fallback_locale="en"
    )
    for name in OFFERING_PARTS:
        assert getattr(offering, name) == []


def test_each_row_gets_its_own_parts_from_the_statement_built_once(
    db, create_user, create_offering
):
    """load_parts builds each relationship's statement once (the parent's key a bound
    parameter): two offerings read through it get their own sessions, in order, and their
    own instructors (many-to-many, through offering_instructors), never each other's."""
    from sqlalchemy import select

    from app.catalogue.models import OfferingSession
    from app.core.db import _part_statement

    people = [create_user(roles=("instructor",)) for _ in range(3)]
    first = create_offering(sessions=3, instructors=people[:2])
    second = create_offering(sessions=1, instructors=people[2:])
    instructors = {first.id: {p.id for p in people[:2]}, second.id: {people[2].id}}
    expected = {
        offering.id: (
            [
                tuple(row)
                for row in db.session.execute(
                    select(OfferingSession.starts_at, OfferingSession.id)
                    .where(OfferingSession.offering_id == offering.id)
                    .order_by(OfferingSession.starts_at, OfferingSession.id)
                )
            ],
            instructors[offering.id],
        )
        for offering in (first, second)
    }
    assert len(expected[first.id][0]) == 3 and len(expected[second.id][0]) == 1
    db.session.expunge_all()
    for offering_id in (second.id, first.id):
        offering = load_parts(db.session.get(Offering, offering_id), "sessions", "instructors")
        sessions = [(s.starts_at, s.id) for s in offering.sessions]
        assert sessions == expected[offering_id][0]
        assert {p.id for p in offering.instructors} == expected[offering_id][1]
    # Every collection load_parts is asked for is a plain key equality: none is built per row.
    for name in ("topic_rows", "language_rows", "sessions", "modules", "instructors"):
        assert _part_statement(inspect(Offering), name) is not None
