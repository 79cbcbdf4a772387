"""A person's own place in an offering (enrol, cancel, accept an offer, confirm a nomination)
and their My learning page."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from app.catalogue.models import Offering
from app.core.babel import get_timezone, locale_code
from app.core.babel import gettext as _
from app.core.confirm import ask_first
from app.core.db import utcnow
from app.core.guard import load_or_404
from app.core.uow import on_refusal_return_to
from app.enrolment import access, services
from app.enrolment.models import Enrolment, EnrolmentStatus
from app.enrolment.my_learning import my_learning as read_my_learning
from app.enrolment.queries import WITH_OFFERING
from app.enrolment.views.blueprint import bp
from app.enrolment.views.learning_rows import enrolment_rows, session_rows


def _done(message: str, offering_id: int):
    flash(message, "success")
    return redirect(url_for("catalogue.show", offering_id=offering_id))


@bp.route("/offerings/<int:offering_id>/enrol", methods=["POST"])
@login_required
def enrol(offering_id: int):
    load_or_404(Offering, offering_id, access.can_request_place, hide=True)
    on_refusal_return_to(url_for("catalogue.show", offering_id=offering_id))
    enrolment = services.enrol(current_user, offering_id)
    messages = {
        EnrolmentStatus.ENROLLED: _("You are enrolled."),
        EnrolmentStatus.WAITLISTED: _("The offering is full: you are on the waitlist."),
        EnrolmentStatus.PENDING: _("Your request has been sent for approval."),
    }
    return _done(messages.get(enrolment.status, _("Your enrolment has been saved.")), offering_id)


def _own_enrolment(enrolment_id: int) -> Enrolment:
    """The person's own enrolment; anyone else's answers 404, as if it did not exist."""
    enrolment = load_or_404(
        Enrolment, enrolment_id, access.is_own_enrolment, hide=True, options=[WITH_OFFERING]
    )
    on_refusal_return_to(url_for("catalogue.show", offering_id=enrolment.offering_id))
    return enrolment


@bp.route("/enrolments/<int:enrolment_id>/cancel", methods=["POST"])
@login_required
def cancel(enrolment_id: int):
    enrolment = _own_enrolment(enrolment_id)
    title = enrolment.offering.title(locale_code())
    back = url_for("catalogue.show", offering_id=enrolment.offering_id)
    if page := ask_first(
        _("Cancel your enrolment in “%(title)s”?", title=title),
        details=_("Your seat or your place in the waitlist goes to the next person."),
        action_label=_("Yes, cancel my enrolment"),
        back_url=back,
    ):
        return page
    services.cancel(current_user, enrolment.id)
    return _done(_("Your enrolment is cancelled."), enrolment.offering_id)


@bp.route("/enrolments/<int:enrolment_id>/accept", methods=["POST"])
@login_required
def accept_offer(enrolment_id: int):
    enrolment = _own_enrolment(enrolment_id)
    services.accept_offer(current_user, enrolment.id)
    return _done(_("You are enrolled."), enrolment.offering_id)


@bp.route("/enrolments/<int:enrolment_id>/confirm", methods=["POST"])
@login_required
def confirm_nomination(enrolment_id: int):
    enrolment = _own_enrolment(enrolment_id)
    services.confirm_nomination(current_user, enrolment.id)
    return _done(_("Thank you for confirming."), enrolment.offering_id)


@bp.route("/my")
@login_required
def my_learning():
    now = utcnow()
    page = read_my_learning(
        current_user.id, locale_code(), now, now.astimezone(get_timezone()).date()
    )
    return render_template(
        "enrolment/my_learning.html",
        upcoming=page.upcoming,
        actions=page.actions,
        current=page.current,
        history=page.history,
        positions=page.positions,
        upcoming_rows=session_rows(page.upcoming),
        current_rows=enrolment_rows(page.current, page.positions),
        history_rows=enrolment_rows(page.history, page.positions),
        now=now,
    )
