"""Nominations: a city's focal point (or staff) nominates officials for an offering filled
by nomination, and may withdraw a nomination not confirmed yet; the focal point's page of
their city's officials."""

from __future__ import annotations

from functools import partial

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.catalogue.models import Offering
from app.core.babel import gettext as _
from app.core.babel import locale_code
from app.core.confirm import ask_first
from app.core.db import utcnow
from app.core.forms import ConfirmForm
from app.core.guard import load_or_404, require
from app.core.uow import on_refusal_return_to, refusal_shown_on
from app.core.urls import parse_id
from app.enrolment import access, services
from app.enrolment.city_officials import officials_page
from app.enrolment.models import Enrolment
from app.enrolment.queries import WITH_PERSON_AND_OFFERING
from app.enrolment.views.blueprint import bp


def _withdrawable():
    """For templates: whether to offer "Withdraw nomination" on an enrolment."""
    return partial(access.can_withdraw_nomination, current_user)


@bp.route("/nominations")
@login_required
def nominations():
    require(access.can_nominate(current_user))
    return render_template(
        "enrolment/nominations.html",
        offerings=services.offerings_taking_nominations(),
        locale=locale_code(),
        now=utcnow(),
    )


@bp.route("/nominations/<int:offering_id>", methods=["GET", "POST"])
@login_required
def nominate(offering_id: int):
    require(access.can_nominate(current_user))
    offering = load_or_404(Offering, offering_id, access.takes_nominations, hide=True)
    city = parse_id(request.args.get("city"))
    form = ConfirmForm()
    if form.validate_on_submit():
        ids = [i for i in map(parse_id, request.form.getlist("user")) if i is not None]
        with refusal_shown_on() as attempt:  # shown again with the message, the choice kept
            chosen = services.nominate(current_user, offering.id, ids)
        if not attempt.refused:
            flash(_("%(count)d official(s) nominated.", count=len(chosen)), "success")
            return redirect(url_for("enrolment.nominate", offering_id=offering.id))
    # A focal point sees their own city only, whatever the request says.
    people, existing = services.nomination_candidates(current_user, offering, city)
    return render_template(
        "enrolment/nominate.html",
        offering=offering,
        people=people,
        existing=existing,
        form=form,
        withdrawable=_withdrawable(),
        locale=locale_code(),
    )


def _nomination_to_withdraw(enrolment_id: int) -> Enrolment:
    """A nomination this person may take back, with its person and offering (404 otherwise)."""
    return load_or_404(
        Enrolment,
        enrolment_id,
        access.may_withdraw_nomination,
        hide=True,
        options=WITH_PERSON_AND_OFFERING,
    )


@bp.route("/enrolments/<int:enrolment_id>/withdraw-nomination", methods=["POST"])
@login_required
def withdraw_nomination(enrolment_id: int):
    """Take back a nomination the person has not confirmed yet (confirmation page first)."""
    require(access.can_nominate(current_user))
    enrolment = _nomination_to_withdraw(enrolment_id)
    back = (
        url_for("enrolment.city_officials")
        if request.form.get("back") == "officials"
        else url_for("enrolment.nominate", offering_id=enrolment.offering_id)
    )
    name = enrolment.user.display_name
    title = enrolment.offering.title(locale_code())
    if page := ask_first(
        _("Withdraw the nomination of %(name)s for “%(offering)s”?", name=name, offering=title),
        details=_("%(name)s is told by mail and can no longer confirm this nomination.", name=name),
        action_label=_("Yes, withdraw the nomination"),
        back_url=back,
    ):
        return page
    on_refusal_return_to(back)
    services.withdraw_nomination(current_user, enrolment.id)
    flash(_("The nomination of %(name)s has been withdrawn.", name=name), "success")
    return redirect(back)


@bp.route("/my-city/officials")
@login_required
def city_officials():
    """A focal point's officials (their own city only) and what each is enrolled in."""
    require(access.sees_city_officials(current_user))
    page, enrolments = officials_page(current_user.city_id, request.args.get("page"))
    return render_template(
        "enrolment/city_officials.html",
        page=page,
        enrolments=enrolments,
        withdrawable=_withdrawable(),
        city=current_user.city,
        locale=locale_code(),
    )
