"""Setting up the authenticator app (first set-up of staff and admins confirmed by a mailed
link) and new recovery codes."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required

from app.accounts import pages
from app.accounts.decorators import fresh_login_required
from app.accounts.forms import CodeForm
from app.accounts.services import authenticator, login_sessions
from app.accounts.views.blueprint import bp
from app.accounts.views.limits import reset_limit, signed_in_account_key
from app.accounts.views.sign_in import after_second_factor_url
from app.core.babel import gettext as _
from app.core.forms import ConfirmForm
from app.core.headers import no_referrer
from app.core.uow import refusal_shown_on
from app.extensions import limiter


@bp.route("/account/two-factor", methods=["GET", "POST"])
@login_required
def two_factor_setup():
    """Scan a QR code, confirm one code, receive recovery codes."""
    first = _step_before_setup()
    if first is not None:
        return first
    secret = _setup_secret()
    form = CodeForm()
    if form.validate_on_submit():
        with refusal_shown_on(form.code) as attempt:
            codes = authenticator.enable_totp(current_user, secret, form.code.data)
        if not attempt.refused:
            authenticator.mark_second_factor_done(current_user.login_token)
            session.pop("totp_setup_secret", None)
            next_url = after_second_factor_url()
            return render_template("accounts/recovery_codes.html", codes=codes, next_url=next_url)
    context = pages.two_factor_setup(current_user, form, secret)
    return render_template("accounts/two_factor_setup.html", **context)


def _step_before_setup():
    """What comes before a set-up, if anything: the second factor of this sign-in (an
    authenticator is set up already), signing in again, or the mailed confirmation link."""
    if current_user.totp_secret and not g.login_session.second_factor_done:
        return redirect(url_for("accounts.second_factor"))
    if current_user.totp_secret and not login_sessions.is_recently_authenticated(g.login_session):
        return redirect(url_for("accounts.reauthenticate", next=request.path))
    if authenticator.needs_setup_confirmation(current_user) and (
        session.get("totp_setup_confirmed") != current_user.id
    ):
        return render_template("accounts/two_factor_confirm_first.html", form=ConfirmForm())
    return None


def _setup_secret() -> str:
    """The secret being set up, kept in the session between showing the QR code and
    confirming a code; a new one each time the page is shown."""
    secret = session.get("totp_setup_secret")
    if not secret or request.method == "GET":
        secret = authenticator.new_totp_secret()
        session["totp_setup_secret"] = secret
    return secret


@bp.route("/account/two-factor/send-link", methods=["POST"])
@login_required
@limiter.limit(reset_limit, key_func=signed_in_account_key)
def send_two_factor_setup_link():
    """Mail the link that allows a staff or admin account's first authenticator set-up."""
    form = ConfirmForm()
    if not form.validate_on_submit() or not authenticator.needs_setup_confirmation(current_user):
        return redirect(url_for("accounts.two_factor_setup"))
    authenticator.send_totp_setup_mail(current_user)
    flash(
        _("We have sent a link to %(email)s. Open it to continue.", email=current_user.email),
        "info",
    )
    return redirect(url_for("accounts.two_factor_setup"))


@bp.route("/account/two-factor/confirm/<token>")
@no_referrer
@login_required
def confirm_two_factor_setup(token: str):
    if not authenticator.read_totp_setup_token(current_user, token):
        return render_template("accounts/link_invalid.html"), 400
    session["totp_setup_confirmed"] = current_user.id
    return redirect(url_for("accounts.two_factor_setup"))


@bp.route("/account/recovery-codes", methods=["POST"])
@fresh_login_required
def regenerate_recovery_codes():
    if not current_user.totp_secret:
        abort(400)
    codes = authenticator.regenerate_recovery_codes(current_user)
    return render_template(
        "accounts/recovery_codes.html", codes=codes, next_url=url_for("accounts.profile")
    )
