"""SQL pieces: the questions an offering asks, and for reports the average ratings per
offering, usable in GROUP BY queries.

Only answers to rating questions count. ``average_rating_of`` applies the results rule of
access.py (NULL below ``MIN_RESPONSES`` responses); ``offering_ratings`` gives the sums so a
report can weigh several offerings together (sum of ratings / number of ratings) and decide
itself which offerings have enough responses to show.
"""

from __future__ import annotations

from sqlalchemy import Float, case, cast, func, or_, select

from app.evaluation.access import MIN_RESPONSES
from app.evaluation.models import EvaluationAnswer, EvaluationQuestion, EvaluationResponse


def questions_statement(offering_id: int | None, *, active_only: bool = True):
    """The default questions followed by the offering's own, in their order."""
    scope = EvaluationQuestion.offering_id.is_(None)
    if offering_id is not None:
        scope = or_(scope, EvaluationQuestion.offering_id == offering_id)
    statement = select(EvaluationQuestion).where(scope)
    if active_only:
        statement = statement.where(EvaluationQuestion.is_active.is_(True))
    return statement.order_by(
        EvaluationQuestion.offering_id.is_not(None),
        EvaluationQuestion.position,
        EvaluationQuestion.id,
    )


def average_rating():
    """``avg(rating)`` as a float, for a query that joins ``EvaluationAnswer`` (and
    ``EvaluationResponse`` for the offering) and groups as it likes; NULLs (text answers)
    are left out by the database."""
    return func.avg(cast(EvaluationAnswer.rating, Float))


def rated_answers():
    """A subquery of (offering_id, response_id, rating): one row per rating given."""
    return (
        select(
            EvaluationResponse.offering_id.label("offering_id"),
            EvaluationResponse.id.label("response_id"),
            EvaluationAnswer.rating.label("rating"),
        )
        .join(EvaluationAnswer, EvaluationAnswer.response_id == EvaluationResponse.id)
        .where(EvaluationAnswer.rating.is_not(None))
        .subquery("evaluation_rated_answers")
    )


def offering_ratings():
    """A subquery with one row per offering that has a response: ``offering_id``,
    ``responses``, ``rating_sum``, ``rating_count`` and ``average_rating`` (NULL below
    ``MIN_RESPONSES`` responses). Join it to offerings (outer join for offerings without
    any) and add up ``rating_sum`` / ``rating_count`` over the groups of a report."""
    responses = (
        select(
            EvaluationResponse.offering_id.label("offering_id"),
            func.count().label("responses"),
        )
        .group_by(EvaluationResponse.offering_id)
        .subquery("evaluation_response_counts")
    )
    ratings = (
        select(
            EvaluationResponse.offering_id.label("offering_id"),
            func.coalesce(func.sum(EvaluationAnswer.rating), 0).label("rating_sum"),
            func.count(EvaluationAnswer.rating).label("rating_count"),
        )
        .join(EvaluationAnswer, EvaluationAnswer.response_id == EvaluationResponse.id)
        .join(EvaluationQuestion, EvaluationQuestion.id == EvaluationAnswer.question_id)
        .where(EvaluationQuestion.kind == "rating")
        .group_by(EvaluationResponse.offering_id)
        .subquery("evaluation_rating_sums")
    )
    rating_sum = func.coalesce(ratings.c.rating_sum, 0)
    rating_count = func.coalesce(ratings.c.rating_count, 0)
    return (
        select(
            responses.c.offering_id,
            responses.c.responses,
            rating_sum.label("rating_sum"),
            rating_count.label("rating_count"),
            case(
                (
                    (responses.c.responses >= MIN_RESPONSES) & (rating_count > 0),
                    cast(rating_sum, Float) / rating_count,
                ),
                else_=None,
            ).label("average_rating"),
        )
        .outerjoin(ratings, ratings.c.offering_id == responses.c.offering_id)
        .subquery("evaluation_offering_ratings")
    )


def average_rating_of(offering_id_column, min_responses: int = MIN_RESPONSES):
    """A correlated scalar subquery: the average rating of the offering named by
    ``offering_id_column`` (e.g. ``Offering.id``), NULL below ``min_responses`` responses."""
    responses = (
        select(func.count())
        .select_from(EvaluationResponse)
        .where(EvaluationResponse.offering_id == offering_id_column)
        .scalar_subquery()
    )
    average = (
        select(average_rating())
        .select_from(EvaluationAnswer)
        .join(EvaluationResponse, EvaluationResponse.id == EvaluationAnswer.response_id)
        .where(
            EvaluationResponse.offering_id == offering_id_column,
            EvaluationAnswer.rating.is_not(None),
        )
        .scalar_subquery()
    )
    return case((responses >= min_responses, average), else_=None)
