"""The records view's statements: participants × sessions with completion, bounded.

Those whose shape does not depend on the request are built once, the offering and the
people bound when they run: the view runs seven statements, and building each (and working
out its cache key) cost about as much as running it."""

from __future__ import annotations

from functools import cache

from sqlalchemy import Select, bindparam, func, select

from app.accounts.models import User
from app.catalogue.models import OfferingSession
from app.cities.models import City
from app.core.localized import localized_sql
from app.core.reads import read
from app.core.urls import parse_id
from app.enrolment.models import Enrolment, EnrolmentStatus
from app.extensions import db
from app.records.attendance.models import ATTENDANCE_TITLES, AttendanceMark, AttendanceStatus
from app.records.completion.models import CompletionRecord

COMPLETION_FILTERS = ("completed", "not_completed", "in_progress", "overridden")

_ENROLLED_IN_OFFERING = (
    Enrolment.offering_id == bindparam("offering_id"),
    Enrolment.status == EnrolmentStatus.ENROLLED,
)


def participants(
    offering_id: int, locale: str, *, city: str = "", status: str = ""
) -> tuple[Select, dict]:
    """Enrolled participants with what the view shows of them, filtered, as plain rows: the
    statement (built once per language and filter) and its values."""
    city_id = parse_id(city)
    values = {"offering_id": offering_id}
    if city_id is not None:
        values["city_id"] = city_id
    status = status if status in COMPLETION_FILTERS else ""
    return _participants(locale, city_id is not None, status), values


@cache
def _participants(locale: str, by_city: bool, status: str) -> Select:
    statement = (
        select(
            Enrolment.id,
            Enrolment.completion,
            Enrolment.attended_minutes,
            User.name_native,
            User.name_latin,
            User.email,
            City.country_code,
            localized_sql(City.names, locale).label("city_name"),
            CompletionRecord.present_sessions,
            CompletionRecord.counted_sessions,
            CompletionRecord.marked_sessions,
            CompletionRecord.reasons,
            CompletionRecord.override_state,
            CompletionRecord.override_reason,
        )
        .select_from(Enrolment)
        # An outer join, though every enrolment has its person: the same rows, and the
        # page's count can leave the join out (PostgreSQL removes it).
        .outerjoin(User, User.id == Enrolment.user_id)
        .outerjoin(City, City.id == User.city_id)
        .outerjoin(CompletionRecord, CompletionRecord.enrolment_id == Enrolment.id)
        .where(*_ENROLLED_IN_OFFERING)
    )
    if by_city:
        statement = statement.where(User.city_id == bindparam("city_id"))
    if status == "in_progress":
        statement = statement.where(Enrolment.completion.is_(None))
    elif status == "overridden":
        statement = statement.where(CompletionRecord.override_state.is_not(None))
    elif status:
        statement = statement.where(Enrolment.completion == status)
    return statement.order_by(User.name_latin, Enrolment.id)


SESSIONS_OF = (
    select(OfferingSession)
    .where(OfferingSession.offering_id == bindparam("offering_id"))
    .order_by(OfferingSession.starts_at, OfferingSession.id)
)


def sessions_of(offering_id: int) -> list[OfferingSession]:
    return list(db.session.scalars(SESSIONS_OF, {"offering_id": offering_id}))


MARKS_OF = select(
    AttendanceMark.enrolment_id,
    AttendanceMark.session_id,
    AttendanceMark.status,
    AttendanceMark.source,
).where(AttendanceMark.enrolment_id.in_(bindparam("enrolment_ids", expanding=True)))


def marks_of(enrolment_ids: list[int]) -> dict[tuple[int, int], tuple[str, str]]:
    if not enrolment_ids:
        return {}
    rows = read(MARKS_OF, {"enrolment_ids": enrolment_ids}).all()
    return {(e, s): (status, source) for e, s, status, source in rows}


def attendance_cells(enrolment_ids: list[int], sessions: list) -> dict[int, list[str]]:
    """Each participant's row of the records grid: their mark's title for each session, in the
    sessions' order, "—" where none is kept. One statement for the page; worked out here, as
    plain text, because a grid of 50 rows by a dozen sessions looked every cell up in the
    template, a template call per cell."""
    titles = {status: str(title) for status, title in ATTENDANCE_TITLES.items()}
    marks = marks_of(enrolment_ids)
    cells = {}
    for enrolment_id in enrolment_ids:
        row = []
        for session in sessions:
            mark = marks.get((enrolment_id, session.id))
            row.append(titles[mark[0]] if mark else "—")
        cells[enrolment_id] = row
    return cells


COMPLETION_TOTALS = (
    select(Enrolment.completion, func.count())
    .where(*_ENROLLED_IN_OFFERING)
    .group_by(Enrolment.completion)
)
PRESENT_TOTALS = (
    select(AttendanceMark.session_id, func.count())
    .join(Enrolment, Enrolment.id == AttendanceMark.enrolment_id)
    .where(*_ENROLLED_IN_OFFERING, AttendanceMark.status == AttendanceStatus.PRESENT)
    .group_by(AttendanceMark.session_id)
)


def totals(offering_id: int) -> dict:
    """Over every enrolled participant: how many completed, not completed, in progress, and
    how many were present at each session. Two statements."""
    values = {"offering_id": offering_id}
    completion = dict(read(COMPLETION_TOTALS, values).all())
    present = dict(read(PRESENT_TOTALS, values).all())
    return {
        "participants": sum(completion.values()),
        "completed": completion.get("completed", 0),
        "not_completed": completion.get("not_completed", 0),
        "in_progress": completion.get(None, 0),
        "present": present,
    }


@cache
def _participant_cities(locale: str) -> Select:
    name = localized_sql(City.names, locale).label("name")
    return (
        select(City.id, name)
        .where(
            City.id.in_(
                select(User.city_id)
                .join(Enrolment, Enrolment.user_id == User.id)
                .where(*_ENROLLED_IN_OFFERING)
            )
        )
        .order_by(name)
    )


def participant_cities(offering_id: int, locale: str) -> list[tuple[int, str]]:
    """The cities the offering's participants come from, for the filter (a statement built
    once per language)."""
    rows = read(_participant_cities(locale), {"offering_id": offering_id}).all()
    return [(i, name) for i, name in rows]
