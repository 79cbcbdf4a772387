"""Signing in and out: the password, the second factor, signing in again for a sensitive
change, and the cookie that marks a browser as known."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from app.accounts.errors import InvalidSecondFactor
from app.accounts.forms import CodeForm, LoginForm, ReauthForm
from app.accounts.passwords import verify_password
from app.accounts.services import authenticator, login_sessions, sign_in
from app.accounts.views.blueprint import bp
from app.accounts.views.limits import (
    account_key,
    account_limit,
    failed_sign_in,
    known_device_for_named_account,
    login_limit,
    second_factor_limit,
    signed_in_account_key,
)
from app.core.babel import gettext as _
from app.core.security_log import security_event
from app.core.urls import safe_next_url
from app.extensions import db, limiter


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    account_limit,
    key_func=account_key,
    methods=["POST"],
    deduct_when=failed_sign_in,
    exempt_when=known_device_for_named_account,
)
@limiter.limit(login_limit, methods=["POST"], deduct_when=failed_sign_in)
def login():
    next_url = safe_next_url(request.args.get("next"), url_for("main.index"))
    if current_user.is_authenticated:
        return redirect(next_url)
    form = LoginForm()
    if form.validate_on_submit():
        checked = sign_in.check_sign_in(form.email.data, form.password.data)
        if not checked.refusal:
            return _signed_in(checked.user, bool(form.remember.data), next_url)
        form.show_refusal(checked.refusal)
    return render_template("accounts/login.html", form=form)


def _signed_in(user, remember: bool, next_url: str):
    """Start the browser's session after the password: on to the second factor (or its
    set-up) when the account needs one, else to ``next_url`` as a known device."""
    session.clear()  # nothing from before the sign-in survives it
    remember = sign_in.start_session(user, remember=remember, user_agent=request.user_agent.string)
    login_user(user, remember=remember)
    security_event("authn_login_success", user_id=user.id)
    if user.needs_second_factor:
        session["after_second_factor"] = next_url
        return redirect(
            url_for("accounts.second_factor" if user.totp_secret else "accounts.two_factor_setup")
        )
    return _remember_device(redirect(next_url), user)


def after_second_factor_url() -> str:
    """Where the sign-in was going before the second factor (or its set-up) was asked."""
    return safe_next_url(session.pop("after_second_factor", None), url_for("main.index"))


def _remember_device(response, user):
    """After a complete sign-in, mark this browser as one the account uses (a signed cookie
    bound to the account and its password), so guessing elsewhere never locks it out."""
    config = current_app.config
    response.set_cookie(
        config["KNOWN_DEVICE_COOKIE_NAME"],
        sign_in.known_device_token(user),
        max_age=int(config["KNOWN_DEVICE_DAYS"]) * 86400,
        secure=config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
        path="/",
    )
    return response


@bp.route("/login/second-factor", methods=["GET", "POST"])
@login_required
@limiter.limit(login_limit, methods=["POST"])
@limiter.limit(second_factor_limit, key_func=signed_in_account_key, methods=["POST"])
def second_factor():
    if not current_user.totp_secret:
        return redirect(url_for("accounts.two_factor_setup"))
    form = CodeForm()
    if form.validate_on_submit():
        if authenticator.check_second_factor(current_user, form.code.data):
            authenticator.mark_second_factor_done(current_user.login_token)
            return _remember_device(redirect(after_second_factor_url()), current_user)
        if authenticator.wrong_code(current_user):
            # This sign-in is over: guessing goes on only with the password again.
            db.session.commit()
            logout_user()
            session.clear()
            flash(_("Too many wrong codes. Please sign in again."), "error")
            return redirect(url_for("accounts.login"))
        # The page answers 200, so the count and the record of the last accepted time step
        # are kept (committed by the unit of work).
        form.code.errors.append(str(InvalidSecondFactor.message))
    return render_template("accounts/second_factor.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        login_sessions.end_login_session(current_user.login_token)
    logout_user()
    session.clear()
    flash(_("You have signed out."), "info")
    return redirect(url_for("main.index"))


@bp.route("/account/reauthenticate", methods=["GET", "POST"])
@login_required
@limiter.limit(login_limit, methods=["POST"])
def reauthenticate():
    form = ReauthForm()
    next_url = safe_next_url(request.args.get("next"), url_for("accounts.profile"))
    if form.validate_on_submit():
        if verify_password(current_user.password_hash, form.password.data):
            login_sessions.refresh_authentication(current_user.login_token)
            return redirect(next_url)
        form.password.errors.append(_("The password is not correct."))
    return render_template("accounts/reauthenticate.html", form=form)
