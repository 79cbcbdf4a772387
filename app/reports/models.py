"""Summary rows the dashboard reads instead of every enrolment.

``ReportFigures``: per offering and country of the participants' cities, how many participants
(enrolments with a seat), completions and valid certificates it has. The dashboard's totals and
its breakdowns by type, topic, language, country and month add up these rows (about nine per
offering) instead of grouping half a million enrolments. They are kept up to date in the same
flush as the enrolments and certificates that change them (``figures.py``); ``flask reports
refresh-figures`` rebuilds them after a bulk load that bypasses the ORM (``flask scale-data``).
What an offering is (its status, type, dates, topics, languages) is read from the offering
itself, so editing an offering changes nothing here.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db

NO_COUNTRY = ""  # participants whose enrolment records no city


class ReportFigures(db.Model):
    __tablename__ = "report_figures"

    offering_id: Mapped[int] = mapped_column(
        ForeignKey("offerings.id", ondelete="CASCADE"), primary_key=True
    )
    country_code: Mapped[str] = mapped_column(String(2), primary_key=True)
    enrolments: Mapped[int] = mapped_column(Integer, default=0)
    completions: Mapped[int] = mapped_column(Integer, default=0)
    certificates: Mapped[int] = mapped_column(Integer, default=0)

    def __repr__(self) -> str:
        return (
            f"<ReportFigures offering={self.offering_id} country={self.country_code!r} "
            f"{self.enrolments}/{self.completions}/{self.certificates}>"
        )


class ReportEvaluation(db.Model):
    """Per offering, the sum and number of the ratings given in its evaluations and how many
    responses carry answers: what a score is computed from, without reading every answer.
    Whether a score may be shown (enough responses) is decided when it is read."""

    __tablename__ = "report_evaluations"

    offering_id: Mapped[int] = mapped_column(
        ForeignKey("offerings.id", ondelete="CASCADE"), primary_key=True
    )
    rating_total: Mapped[int] = mapped_column(Integer, default=0)
    ratings: Mapped[int] = mapped_column(Integer, default=0)
    responses: Mapped[int] = mapped_column(Integer, default=0)

    def __repr__(self) -> str:
        return (
            f"<ReportEvaluation offering={self.offering_id} {self.rating_total}/{self.ratings} "
            f"responses={self.responses}>"
        )
