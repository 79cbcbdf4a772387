"""Keeps ``report_figures`` and ``report_evaluations`` (models.py) up to date: in the flush
that adds, changes or removes an enrolment, a certificate or an evaluation's response or
answer, after its statements and in its transaction, the rows of the offerings concerned are
counted afresh (one grouped INSERT … SELECT per table and flush, by the offering indexes). A
bulk load that bypasses the ORM calls ``rebuild_all`` (``flask reports refresh-figures``)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import and_, case, delete, event, func, insert, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.certificates.models import Certificate, CertificateStatus
from app.cities.models import City
from app.enrolment.models import CompletionState, Enrolment, EnrolmentStatus
from app.evaluation.models import EvaluationAnswer, EvaluationResponse
from app.reports.models import NO_COUNTRY, ReportEvaluation, ReportFigures

# Model -> the columns whose change moves the figures.
WATCHED = {
    Enrolment: ("status", "completion", "city_id", "offering_id"),
    Certificate: ("status", "enrolment_id", "offering_id"),
}


def refresh(session: Session, offering_ids: Iterable[int]) -> None:
    """The rows of these offerings, counted afresh (SQL GROUP BY, no row reaches Python)."""
    ids = sorted(set(offering_ids))
    if ids:
        _counted_afresh(session, _write_figures, ids)


RETRIES = 5  # each retry follows a commit of another writer of the same offering


def _counted_afresh(session: Session, write, ids: list[int]) -> None:
    """``write(session, ids)``: delete the offerings' rows, insert them counted afresh.

    On PostgreSQL two transactions may do it for one offering at once (changes that do not
    take the offering's lock: completions, certificates). The second one's DELETE waits for
    the first to commit, then skips the rows the first deleted without seeing those it
    inserted, and its INSERT meets them: a unique violation, which refused the whole change
    (an enrolment reported as "already enrolled"). Its statements are in a savepoint, so the
    write is undone alone and done again, each statement then seeing what the other
    committed: the counts are right and nothing is refused. (SQLite has one writer at a
    time.)"""
    if session.get_bind().dialect.name != "postgresql":
        write(session, ids)
        return
    connection = session.connection()
    for attempt in range(RETRIES):
        try:
            with connection.begin_nested():
                write(session, ids)
            return
        except IntegrityError:
            if attempt == RETRIES - 1:
                raise


def _write_figures(session: Session, ids: list[int]) -> None:
    table = ReportFigures.__table__
    session.execute(delete(table).where(table.c.offering_id.in_(ids)))
    country = func.coalesce(City.country_code, NO_COUNTRY)
    completed = Enrolment.completion == CompletionState.COMPLETED
    counted = (
        select(
            Enrolment.offering_id,
            country,
            func.count(Enrolment.id),
            func.count(case((completed, Enrolment.id))),
            func.count(Certificate.id),
        )
        .select_from(Enrolment)
        .outerjoin(City, City.id == Enrolment.city_id)
        .outerjoin(
            Certificate,
            and_(
                Certificate.enrolment_id == Enrolment.id,
                Certificate.status == CertificateStatus.VALID,
            ),
        )
        .where(Enrolment.offering_id.in_(ids), Enrolment.status == EnrolmentStatus.ENROLLED)
        .group_by(Enrolment.offering_id, country)
    )
    columns = ["offering_id", "country_code", "enrolments", "completions", "certificates"]
    session.execute(insert(table).from_select(columns, counted))


def refresh_evaluations(session: Session, offering_ids: Iterable[int]) -> None:
    """The evaluation sums of these offerings, counted afresh from their answers."""
    ids = sorted(set(offering_ids))
    if ids:
        _counted_afresh(session, _write_evaluations, ids)


def _write_evaluations(session: Session, ids: list[int]) -> None:
    table = ReportEvaluation.__table__
    session.execute(delete(table).where(table.c.offering_id.in_(ids)))
    counted = (
        select(
            EvaluationResponse.offering_id,
            func.coalesce(func.sum(EvaluationAnswer.rating), 0),
            func.count(EvaluationAnswer.rating),
            func.count(func.distinct(EvaluationResponse.id)),
        )
        .join(EvaluationAnswer, EvaluationAnswer.response_id == EvaluationResponse.id)
        .where(EvaluationResponse.offering_id.in_(ids))
        .group_by(EvaluationResponse.offering_id)
    )
    columns = ["offering_id", "rating_total", "ratings", "responses"]
    session.execute(insert(table).from_select(columns, counted))


def rebuild_all(session: Session) -> int:
    """Every offering's rows afresh; returns how many figure rows there are now."""
    table = ReportFigures.__table__
    session.execute(delete(table))
    session.execute(delete(ReportEvaluation.__table__))
    ids = session.scalars(select(Enrolment.offering_id).distinct()).all()
    for start in range(0, len(ids), 500):
        refresh(session, ids[start : start + 500])
    rated = session.scalars(select(EvaluationResponse.offering_id).distinct()).all()
    for start in range(0, len(rated), 500):
        refresh_evaluations(session, rated[start : start + 500])
    return session.scalar(select(func.count()).select_from(table)) or 0


def _changed_offerings(obj) -> set[int]:
    columns = WATCHED.get(type(obj))
    if columns is None:
        return set()
    state = inspect(obj)
    if not any(state.attrs[name].history.has_changes() for name in columns):
        return set()
    return {obj.offering_id, *state.attrs.offering_id.history.deleted}


@event.listens_for(Session, "after_flush")
def _refresh_changed_figures(session: Session, flush_context) -> None:
    """New rows have their ids only now; the objects' histories still tell what changed."""
    ids = set()
    for obj in (*session.new, *session.deleted):
        if type(obj) in WATCHED:
            ids.add(obj.offering_id)
    for obj in session.dirty:
        ids.update(_changed_offerings(obj))
    ids.discard(None)
    if ids:
        refresh(session, ids)
    rated = set()
    responses = set()
    for obj in (*session.new, *session.deleted, *session.dirty):
        if isinstance(obj, EvaluationResponse):
            rated.add(obj.offering_id)
        elif isinstance(obj, EvaluationAnswer):
            responses.add(obj.response_id)
    responses.discard(None)
    if responses:
        rated.update(
            session.scalars(
                select(EvaluationResponse.offering_id).where(EvaluationResponse.id.in_(responses))
            )
        )
    rated.discard(None)
    if rated:
        refresh_evaluations(session, rated)
