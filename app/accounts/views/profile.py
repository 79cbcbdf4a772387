"""A person's own account: the profile and the browsers signed in, a request to change the
city, and changing the e-mail address."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_login import current_user, login_required

from app.accounts import queries
from app.accounts.decorators import fresh_login_required
from app.accounts.errors import EmailTaken
from app.accounts.forms import ChangeEmailForm, CityChangeRequestForm, ProfileForm
from app.accounts.services import authenticator, email_change, login_sessions, own_profile
from app.accounts.views.blueprint import bp
from app.accounts.views.limits import (
    email_change_address_limit,
    email_change_limit,
    new_address_key,
    signed_in_account_key,
)
from app.cities.services import active_city_names
from app.core.babel import gettext as _
from app.core.babel import locale_code
from app.core.forms import ConfirmForm
from app.core.headers import no_referrer
from app.core.uow import refusal_shown_on
from app.extensions import limiter


@bp.route("/account", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=None if request.method == "POST" else current_user)
    form.setup_choices([])
    if form.validate_on_submit():
        own_profile.update_profile(
            current_user,
            name_native=form.name_native.data,
            name_latin=form.name_latin.data,
            department=form.department.data or "",
            job_title=form.job_title.data or "",
            locale=form.locale.data,
            timezone=form.timezone.data,
        )
        with force_locale(current_user.locale):  # the next page is in the language just chosen
            flash(_("Your profile has been saved."), "success")
        return redirect(url_for("accounts.profile"))
    return render_template(
        "accounts/profile.html",
        form=form,
        sessions=queries.recent_login_sessions(current_user, limit=20),
        signout_form=ConfirmForm(),
        recovery_left=authenticator.unused_recovery_codes(current_user),
    )


@bp.route("/account/sessions/sign-out-others", methods=["POST"])
@login_required
def sign_out_other_sessions():
    count = login_sessions.end_other_sessions(current_user, current_user.login_token)
    flash(_("Signed out on %(count)d other device(s).", count=count), "success")
    return redirect(url_for("accounts.profile"))


@bp.route("/account/city", methods=["GET", "POST"])
@login_required
def request_city_change():
    """The city is kept by staff; a person asks for a change, which is recorded and audited."""
    form = CityChangeRequestForm()
    form.setup_choices(active_city_names(locale_code()))
    if form.validate_on_submit():
        own_profile.request_city_change(
            current_user, int(form.city_id.data), form.reason.data or ""
        )
        flash(_("Your request has been sent. The centre's staff will change your city."), "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/request_city_change.html", form=form)


@bp.route("/account/email", methods=["GET", "POST"])
@fresh_login_required
@limiter.limit(email_change_limit, key_func=signed_in_account_key, methods=["POST"])
@limiter.limit(email_change_address_limit, key_func=new_address_key, methods=["POST"])
def change_email():
    form = ChangeEmailForm()
    if form.validate_on_submit():
        with refusal_shown_on(form.current_password, (EmailTaken, form.email)) as attempt:
            email_change.request_email_change(
                current_user, form.email.data, form.current_password.data
            )
        if not attempt.refused:
            flash(
                _(
                    "We have sent a confirmation link to %(email)s. Your address changes once "
                    "you open it.",
                    email=form.email.data,
                ),
                "info",
            )
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/change_email.html", form=form)


@bp.route("/account/email/confirm/<token>")
@no_referrer
def confirm_email_change(token: str):
    try:
        user = email_change.confirm_email_change(token)
    except EmailTaken:
        user = None
    if user is None:
        return render_template("accounts/link_invalid.html"), 400
    flash(_("Your e-mail address has been changed."), "success")
    return redirect(
        url_for("accounts.profile" if current_user.is_authenticated else "accounts.login")
    )
