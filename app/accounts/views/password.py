"""A forgotten password (a reset link by mail) and changing one's password."""

from __future__ import annotations

from flask import flash, redirect, render_template, session, url_for
from flask_login import current_user, login_required, logout_user

from app.accounts.forms import ChangePasswordForm, EmailOnlyForm, ResetPasswordForm
from app.accounts.services import login_sessions, password_change
from app.accounts.views.blueprint import bp
from app.accounts.views.limits import account_key, account_limit, reset_limit
from app.core.babel import gettext as _
from app.core.headers import no_referrer
from app.core.uow import refusal_shown_on
from app.extensions import limiter


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(account_limit, key_func=account_key, methods=["POST"])
@limiter.limit(reset_limit, methods=["POST"])
def forgot_password():
    form = EmailOnlyForm()
    if form.validate_on_submit():
        password_change.request_password_reset(form.email.data)
        return render_template("accounts/check_email.html", email=form.email.data, reset=True)
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@no_referrer
@limiter.limit(reset_limit, methods=["POST"])
def reset_password(token: str):
    user = password_change.user_for_reset_token(token)
    if user is None:
        return render_template("accounts/link_invalid.html"), 400
    form = ResetPasswordForm()
    form.personal_words = (user.email, user.name_latin, user.name_native)
    if form.validate_on_submit():
        password_change.set_password(user, form.password.data)
        if current_user.is_authenticated:
            logout_user()
        session.clear()
        flash(_("Your password has been changed. Please sign in with the new password."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    form.personal_words = (current_user.email, current_user.name_latin, current_user.name_native)
    if form.validate_on_submit():
        with refusal_shown_on(form.current_password) as attempt:
            password_change.change_password(
                current_user,
                form.current_password.data,
                form.password.data,
                keep_token=current_user.login_token,
            )
        if not attempt.refused:
            login_sessions.refresh_authentication(current_user.login_token)
            flash(
                _("Your password has been changed. Other devices have been signed out."), "success"
            )
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/change_password.html", form=form)
