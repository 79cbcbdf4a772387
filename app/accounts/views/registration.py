"""Signing up: the registration form, the link that confirms the address, a new link."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.accounts.forms import EmailOnlyForm, RegisterForm
from app.accounts.services import registration
from app.accounts.views.blueprint import bp
from app.accounts.views.limits import account_key, account_limit, registration_limit, reset_limit
from app.cities.services import active_city_names
from app.core.babel import gettext as _
from app.core.babel import locale_code
from app.core.headers import no_referrer
from app.extensions import limiter


def _registration_form() -> RegisterForm:
    form = RegisterForm()
    form.setup_choices(active_city_names(locale_code()))
    if request.method == "GET":
        form.locale.data = locale_code()
        form.timezone.data = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    return form


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(registration_limit, methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = _registration_form()
    if form.validate_on_submit():
        registration.register_user(
            registration.Registration(
                email=form.email.data,
                password=form.password.data,
                name_native=form.name_native.data,
                name_latin=form.name_latin.data,
                city_id=int(form.city_id.data),
                department=form.department.data or "",
                job_title=form.job_title.data or "",
                locale=form.locale.data,
                timezone=form.timezone.data,
            )
        )
        return render_template("accounts/check_email.html", email=form.email.data)
    return render_template("accounts/register.html", form=form)


@bp.route("/verify/<token>")
@no_referrer
def verify_email(token: str):
    user = registration.verify_email(token)
    if user is None:
        return render_template("accounts/link_invalid.html"), 400
    flash(_("Your e-mail address is confirmed. You can now sign in."), "success")
    return redirect(url_for("accounts.login"))


@bp.route("/verify/resend", methods=["GET", "POST"])
@limiter.limit(account_limit, key_func=account_key, methods=["POST"])
@limiter.limit(reset_limit, methods=["POST"])
def resend_verification():
    form = EmailOnlyForm()
    if form.validate_on_submit():
        registration.resend_verification(form.email.data)
        return render_template("accounts/check_email.html", email=form.email.data)
    return render_template("accounts/resend.html", form=form)
