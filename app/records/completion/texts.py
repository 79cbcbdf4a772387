"""Completion states and rule outcomes in the reader's words."""

from __future__ import annotations

from app.core.babel import gettext as _
from app.core.babel import lazy_gettext as _l

COMPLETION_TITLES = {
    "completed": _l("Completed"),
    "not_completed": _l("Not completed"),
    None: _l("Not yet decided"),
}
COMPLETION_TAGS = {"completed": "tag-success", "not_completed": "tag-danger", None: "tag-warning"}


def completion_title(state: str | None) -> str:
    return str(COMPLETION_TITLES.get(state, state))


def reason_texts(reasons: list[dict]) -> list[tuple[bool, str]]:
    """Each part of the rule with whether it holds, as a sentence."""
    lines = []
    for reason in reasons or []:
        ok = bool(reason.get("ok"))
        kind = reason.get("rule")
        if kind == "attendance":
            counted = reason.get("counted") or 0
            present = reason.get("present") or 0
            rate = round(100 * present / counted) if counted else 0
            text = _(
                "Attended %(present)d of %(counted)d sessions (%(rate)d %%); "
                "at least %(min)d %% needed.",
                present=present,
                counted=counted,
                rate=rate,
                min=reason.get("min") or 0,
            )
            if not ok and not reason.get("reachable", True):
                text += " " + _("This can no longer be reached.")
        elif kind == "materials":
            text = (
                _("Every required material opened.")
                if ok
                else _("Not every required material has been opened yet.")
            )
        elif kind == "action_plan":
            text = _("Action plan approved.") if ok else _("The action plan is not approved yet.")
        elif kind == "evaluation":
            text = _("Evaluation answered.") if ok else _("The evaluation is not answered yet.")
        else:
            continue
        lines.append((ok, text))
    return lines
