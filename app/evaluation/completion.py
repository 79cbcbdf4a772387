"""The evaluation's part of a completion rule ("the evaluation answered"), registered with
records/completion/checks.py: records never imports this layer."""

from __future__ import annotations

from collections.abc import Sequence

from app.evaluation.services import answered_among
from app.records.completion.checks import EVALUATION, register_completion_check


def evaluation_answered(offering_id: int, enrolment_ids: Sequence[int]) -> dict[int, bool]:
    answered = answered_among(enrolment_ids)
    return {enrolment_id: enrolment_id in answered for enrolment_id in enrolment_ids}


register_completion_check(EVALUATION, evaluation_answered)
