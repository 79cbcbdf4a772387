"""Evaluation scores for the reports, read from the evaluation domain (app/evaluation).

Answers are anonymous and an aggregate is shown only for offerings with at least
``MIN_RESPONSES`` responses (the evaluation domain's rule): a score is the mean of every rating
given in the evaluations of a group's offerings, counted over those offerings only
(``queries.figures`` and ``queries.summary_figures``, from the per-offering sums in
``report_evaluations``). A city's or a country's score is that of the offerings its officials
took part in.
"""

from __future__ import annotations

from app.evaluation.services import offering_results as _offering_results


def offering_results(offering_id: int, viewer, offering=None):
    """An offering's evaluation results as ``viewer`` may see them (the evaluation domain
    decides: staff and its instructors, aggregates only from the threshold on). ``offering``,
    when the caller holds it already, saves reading it again."""
    return _offering_results(offering_id, viewer=viewer, offering=offering)
