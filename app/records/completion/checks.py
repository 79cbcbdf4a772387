"""Parts of a completion rule whose records live in a layer above records (today: the
evaluation). Records never imports that layer: the layer registers a check here when it is
loaded, and completion asks the check by name.

A check is a function ``(offering_id, enrolment_ids) -> {enrolment_id: bool}`` that reads, in
a fixed number of statements, whether each enrolment has done its part. Without a registered
check the part never holds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

Check = Callable[[int, Sequence[int]], dict[int, bool]]

EVALUATION = "evaluation"

_CHECKS: dict[str, Check] = {}


def register_completion_check(name: str, check: Check) -> None:
    known = _CHECKS.get(name)
    if known is not None and known is not check:
        raise ValueError(f"completion check {name!r} is registered twice")
    _CHECKS[name] = check


def check_results(name: str, offering_id: int, enrolment_ids: Sequence[int]) -> dict[int, bool]:
    check = _CHECKS.get(name)
    if check is None or not enrolment_ids:
        return {}
    return check(offering_id, list(enrolment_ids))
