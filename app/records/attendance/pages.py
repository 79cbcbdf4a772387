"""What the attendance pages show: one function a page gathers its template's context, so a
view only parses the request, calls a service and renders."""

from __future__ import annotations

from functools import cache

import segno
from flask import current_app, url_for
from markupsafe import Markup
from sqlalchemy import Select, and_, bindparam, select

from app.accounts.models import User
from app.catalogue.models import OfferingSession
from app.cities.models import City
from app.core.babel import gettext as _
from app.core.babel import locale_code
from app.core.db import utcnow
from app.core.localized import localized_sql
from app.core.reads import read
from app.enrolment.models import Enrolment, EnrolmentStatus
from app.records.attendance import services
from app.records.attendance.models import ATTENDANCE_TITLES, AttendanceMark, AttendanceStatus
from app.records.attendance.sheet_rows import attendance_rows
from app.records.sessions import takes_attendance


@cache
def _sheet_statement(locale: str) -> Select:
    """Built once per language (building it cost about as much as running it), the session
    and its offering bound when it runs."""
    return (
        select(
            Enrolment.id,
            User.name_native,
            User.name_latin,
            localized_sql(City.names, locale).label("city_name"),
            AttendanceMark.status,
            AttendanceMark.source,
            AttendanceMark.checked_in_at,
        )
        .select_from(Enrolment)
        .join(User, User.id == Enrolment.user_id)
        .outerjoin(City, City.id == User.city_id)
        .outerjoin(
            AttendanceMark,
            and_(
                AttendanceMark.enrolment_id == Enrolment.id,
                AttendanceMark.session_id == bindparam("session_id"),
            ),
        )
        .where(
            Enrolment.offering_id == bindparam("offering_id"),
            Enrolment.status == EnrolmentStatus.ENROLLED,
        )
        .order_by(User.name_latin, Enrolment.id)
    )


def sheet_rows(session: OfferingSession, locale: str) -> list:
    """Every enrolled participant with their mark for the session, as plain rows, in one
    statement."""
    values = {"session_id": session.id, "offering_id": session.offering_id}
    return read(_sheet_statement(locale), values).all()


def sheet(session: OfferingSession) -> dict:
    """The attendance sheet: a row a participant, and how many have each mark."""
    locale = locale_code()
    rows = sheet_rows(session, locale)
    totals = {status: 0 for status in AttendanceStatus}
    for row in rows:
        if row.status:
            totals[row.status] += 1
    statuses = [(s, str(ATTENDANCE_TITLES[s])) for s in AttendanceStatus]
    return {
        "session": session,
        "offering": session.offering,
        "rows": rows,
        "written_rows": attendance_rows(rows, statuses),
        "totals": totals,
        "unmarked": sum(1 for row in rows if not row.status),
        "statuses": statuses,
        "counts": takes_attendance(session),
        "locale": locale,
    }


def _check_in_url(code: str) -> str:
    """The check-in page with the code filled in, on the configured public address."""
    path = url_for("attendance.check_in", code=services.display_code(code))
    return current_app.config["BASE_URL"].rstrip("/") + path


def check_in_code(session: OfferingSession) -> dict:
    """The session's current check-in code, with its address as a QR code, and when
    checking in is open."""
    code = services.current_code(session.id)
    qr_svg = url = None
    if code is not None:
        url = _check_in_url(code.code)
        # segno builds the SVG from our own address and escapes it.
        qr_svg = Markup(  # noqa: S704
            segno.make(url, error="m").svg_inline(
                scale=6, dark="#1c2321", title=_("QR code that opens the check-in page")
            )
        )
    opens, closes = services.check_in_window(session)
    now = utcnow()
    return {
        "session": session,
        "offering": session.offering,
        "code": code,
        "shown_code": services.display_code(code.code) if code else None,
        "qr_svg": qr_svg,
        "url": url,
        "opens": opens,
        "closes": closes,
        "is_open": opens <= now <= closes,
        "counts": takes_attendance(session),
        "locale": locale_code(),
    }
