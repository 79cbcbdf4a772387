"""CSV import of attendance marks or completion decisions: every row is checked first, and
nothing is written unless every row is valid."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select

from app.accounts.models import User
from app.catalogue.models import OfferingSession
from app.core.babel import gettext as _
from app.core.urls import parse_id
from app.enrolment.models import Enrolment, EnrolmentStatus
from app.extensions import db
from app.records.attendance.models import AttendanceStatus
from app.records.attendance.services import save_marks
from app.records.completion.services import override

MAX_ROWS = 5000
COLUMNS = {
    "attendance": ("email", "session_id", "status"),
    "overrides": ("email", "decision", "reason"),
}
DECISIONS = ("completed", "not_completed", "rule")


@dataclass
class ImportCheck:
    kind: str
    rows: list[dict] = field(default_factory=list)
    # (line number in the file, message); line 1 is the header.
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def read_csv(data: bytes) -> tuple[list[str], list[tuple[int, dict]]] | None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    reader = csv.reader(io.StringIO(text))
    lines = list(reader)
    if not lines:
        return [], []
    header = [h.strip().lower() for h in lines[0]]
    rows = []
    for number, values in enumerate(lines[1:], start=2):
        if not any(v.strip() for v in values):
            continue
        rows.append(
            (
                number,
                {h: (values[i].strip() if i < len(values) else "") for i, h in enumerate(header)},
            )
        )
    return header, rows


def check_file(offering_id: int, kind: str, data: bytes) -> ImportCheck:
    result = ImportCheck(kind=kind)
    parsed = read_csv(data)
    if parsed is None:
        result.errors.append((0, _("The file is not UTF-8 text. Save it as “CSV UTF-8”.")))
        return result
    header, rows = parsed
    missing = [c for c in COLUMNS[kind] if c not in header]
    if missing:
        result.errors.append((1, _("Missing columns: %(columns)s.", columns=", ".join(missing))))
        return result
    if not rows:
        result.errors.append((0, _("The file has no rows.")))
        return result
    if len(rows) > MAX_ROWS:
        result.errors.append((0, _("The file has more than %(count)d rows.", count=MAX_ROWS)))
        return result
    emails = {row["email"].lower() for _, row in rows if row["email"]}
    enrolments = dict(
        db.session.execute(
            select(func.lower(User.email), Enrolment.id)
            .join(Enrolment, Enrolment.user_id == User.id)
            .where(
                Enrolment.offering_id == offering_id,
                Enrolment.status == EnrolmentStatus.ENROLLED,
                func.lower(User.email).in_(sorted(emails)),
            )
        ).all()
    )
    sessions = set(
        db.session.scalars(
            select(OfferingSession.id).where(OfferingSession.offering_id == offering_id)
        )
    )
    seen: set[tuple] = set()
    for number, row in rows:
        email = row["email"].lower()
        enrolment_id = enrolments.get(email)
        problems = []
        if enrolment_id is None:
            problems.append(
                _("%(email)s is not an enrolled participant.", email=row["email"] or "—")
            )
        if kind == "attendance":
            session_id = parse_id(row["session_id"])
            if session_id not in sessions:
                problems.append(
                    _(
                        "%(value)s is not a session of this offering.",
                        value=row["session_id"] or "—",
                    )
                )
            status = row["status"].lower()
            if status not in set(AttendanceStatus):
                problems.append(_("The status must be present, absent or excused."))
            key = (email, session_id)
            parsed_row = {"enrolment_id": enrolment_id, "session_id": session_id, "status": status}
        else:
            decision = row["decision"].lower()
            if decision not in DECISIONS:
                problems.append(_("The decision must be completed, not_completed or rule."))
            if not row["reason"]:
                problems.append(_("A reason is needed."))
            elif len(row["reason"]) > 500:
                problems.append(_("The reason is longer than 500 characters."))
            key = (email,)
            parsed_row = {
                "enrolment_id": enrolment_id,
                "decision": decision,
                "reason": row["reason"],
            }
        if key in seen:
            problems.append(_("The same person appears twice for the same thing."))
        seen.add(key)
        for problem in problems:
            result.errors.append((number, problem))
        result.rows.append(parsed_row)
    return result


def apply_import(actor, offering_id: int, checked: ImportCheck) -> int:
    """Write a file that passed ``check_file``; returns how many rows changed something."""
    if not checked.ok:
        raise ValueError("only a file without errors is imported")
    if checked.kind == "attendance":
        by_session: dict[int, dict[int, str]] = defaultdict(dict)
        for row in checked.rows:
            by_session[row["session_id"]][row["enrolment_id"]] = row["status"]
        return sum(
            save_marks(actor, session_id, marks) for session_id, marks in sorted(by_session.items())
        )
    enrolments = {
        e.id: e
        for e in db.session.scalars(
            select(Enrolment).where(Enrolment.id.in_([r["enrolment_id"] for r in checked.rows]))
        )
    }
    for row in checked.rows:
        state = None if row["decision"] == "rule" else row["decision"]
        override(actor, enrolments[row["enrolment_id"]], state, row["reason"])
    return len(checked.rows)


def import_summary(checked: ImportCheck, changed: int) -> str:
    return _(
        "Imported %(rows)d row(s); %(changed)d change(s) saved.",
        rows=len(checked.rows),
        changed=changed,
    )
