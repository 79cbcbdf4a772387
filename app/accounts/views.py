"""Sign-up, sign-in, second factor, password and e-mail, profile."""

from __future__ import annotations

import segno
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from markupsafe import Markup
from sqlalchemy import select

from app.accounts import services
from app.accounts.errors import EmailTaken, InvalidSecondFactor, WrongPassword
from app.accounts.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    CodeForm,
    ConfirmForm,
    EmailOnlyForm,
    LoginForm,
    ProfileForm,
    ReauthForm,
    RegisterForm,
    ResetPasswordForm,
)
from app.accounts.models import LoginSession
from app.cities.services import active_cities
from app.core.access import fresh_login_required
from app.core.headers import no_referrer
from app.core.urls import safe_next_url
from app.extensions import db, limiter

bp = Blueprint("accounts", __name__, template_folder="templates")

SECOND_FACTOR_ENDPOINTS = frozenset(
    {
        "accounts.second_factor",
        "accounts.two_factor_setup",
        "accounts.logout",
        "main.set_language",
        "static",
        "main.healthz",
    }
)


def _account_key() -> str:
    """Rate-limit key for the account named in the form (per account, whatever the address)."""
    email = services.normalise_email(request.form.get("email", ""))[:254]
    return f"account:{email}"


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _account_limit() -> str:
    return current_app.config["ACCOUNT_RATE_LIMIT"]


def _registration_limit() -> str:
    return current_app.config["REGISTRATION_RATE_LIMIT"]


def _reset_limit() -> str:
    return current_app.config["RESET_RATE_LIMIT"]


def enforce_second_factor():
    """Staff and admins reach nothing but the second-factor pages until they pass them."""
    if not current_user.is_authenticated:  # loads the session row into g
        return None
    row = g.get("login_session")
    if row is None or row.second_factor_done or not current_user.needs_second_factor:
        return None
    if request.endpoint in SECOND_FACTOR_ENDPOINTS:
        return None
    target = "accounts.second_factor" if current_user.totp_secret else "accounts.two_factor_setup"
    return redirect(url_for(target))


def _registration_form() -> RegisterForm:
    form = RegisterForm()
    form.setup_choices(active_cities(), str(get_locale()))
    if request.method == "GET":
        form.locale.data = str(get_locale())
        form.timezone.data = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    return form


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_registration_limit, methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = _registration_form()
    if form.validate_on_submit():
        services.register_user(
            services.Registration(
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
        db.session.commit()
        return render_template("accounts/check_email.html", email=form.email.data)
    return render_template("accounts/register.html", form=form)


@bp.route("/verify/<token>")
@no_referrer
def verify_email(token: str):
    user = services.verify_email(token)
    if user is None:
        db.session.rollback()
        return render_template("accounts/link_invalid.html"), 400
    db.session.commit()
    flash(_("Your e-mail address is confirmed. You can now sign in."), "success")
    return redirect(url_for("accounts.login"))


@bp.route("/verify/resend", methods=["GET", "POST"])
@limiter.limit(_account_limit, key_func=_account_key, methods=["POST"])
@limiter.limit(_reset_limit, methods=["POST"])
def resend_verification():
    form = EmailOnlyForm()
    if form.validate_on_submit():
        services.resend_verification(form.email.data)
        db.session.commit()
        return render_template("accounts/check_email.html", email=form.email.data)
    return render_template("accounts/resend.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_account_limit, key_func=_account_key, methods=["POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    next_url = safe_next_url(request.args.get("next"), url_for("main.index"))
    if current_user.is_authenticated:
        return redirect(next_url)
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            current_app.logger.info("authn_login_fail")
            form.password.errors.append(_("The e-mail address or the password is not correct."))
        elif not user.is_email_verified:
            services.send_verification_mail(user)
            db.session.commit()
            form.email.errors.append(
                _("Please confirm your e-mail address first. We have sent you a new link.")
            )
        else:
            session.clear()  # nothing from before the sign-in survives it
            services.start_login_session(
                user, remember=form.remember.data, user_agent=request.user_agent.string
            )
            db.session.commit()
            login_user(user, remember=form.remember.data)
            if user.needs_second_factor:
                session["after_second_factor"] = next_url
                return redirect(
                    url_for(
                        "accounts.second_factor"
                        if user.totp_secret
                        else "accounts.two_factor_setup"
                    )
                )
            return redirect(next_url)
    return render_template("accounts/login.html", form=form)


@bp.route("/login/second-factor", methods=["GET", "POST"])
@login_required
@limiter.limit(_login_limit, methods=["POST"])
def second_factor():
    if not current_user.totp_secret:
        return redirect(url_for("accounts.two_factor_setup"))
    form = CodeForm()
    if form.validate_on_submit():
        if services.check_second_factor(current_user, form.code.data):
            services.mark_second_factor_done(current_user.login_token)
            db.session.commit()
            return redirect(
                safe_next_url(session.pop("after_second_factor", None), url_for("main.index"))
            )
        db.session.commit()  # keeps the record of the last accepted time step
        form.code.errors.append(str(InvalidSecondFactor.message))
    return render_template("accounts/second_factor.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        services.end_login_session(current_user.login_token)
        db.session.commit()
    logout_user()
    session.clear()
    flash(_("You have signed out."), "info")
    return redirect(url_for("main.index"))


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(_account_limit, key_func=_account_key, methods=["POST"])
@limiter.limit(_reset_limit, methods=["POST"])
def forgot_password():
    form = EmailOnlyForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        return render_template("accounts/check_email.html", email=form.email.data, reset=True)
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@no_referrer
@limiter.limit(_reset_limit, methods=["POST"])
def reset_password(token: str):
    user = services.user_for_reset_token(token)
    if user is None:
        return render_template("accounts/link_invalid.html"), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.set_password(user, form.password.data)
        db.session.commit()
        if current_user.is_authenticated:
            logout_user()
        session.clear()
        flash(_("Your password has been changed. Please sign in with the new password."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)


# Signed-in pages ------------------------------------------------------------------------


@bp.route("/account", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=None if request.method == "POST" else current_user)
    form.setup_choices(active_cities(include_id=current_user.city_id), str(get_locale()))
    if request.method == "GET":
        form.city_id.data = str(current_user.city_id or "")
    if form.validate_on_submit():
        services.update_profile(
            current_user,
            name_native=form.name_native.data,
            name_latin=form.name_latin.data,
            city_id=int(form.city_id.data),
            department=form.department.data or "",
            job_title=form.job_title.data or "",
            locale=form.locale.data,
            timezone=form.timezone.data,
        )
        db.session.commit()
        flash(_("Your profile has been saved."), "success")
        return redirect(url_for("accounts.profile"))
    sessions = db.session.scalars(
        select(LoginSession)
        .where(LoginSession.user_id == current_user.id)
        .order_by(LoginSession.last_seen_at.desc())
        .limit(20)
    ).all()
    return render_template(
        "accounts/profile.html",
        form=form,
        sessions=sessions,
        signout_form=ConfirmForm(),
        recovery_left=services.unused_recovery_codes(current_user),
    )


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(
                current_user,
                form.current_password.data,
                form.password.data,
                keep_token=current_user.login_token,
            )
        except WrongPassword as error:
            db.session.rollback()
            form.current_password.errors.append(str(error.message))
        else:
            services.refresh_authentication(current_user.login_token)
            db.session.commit()
            flash(
                _("Your password has been changed. Other devices have been signed out."), "success"
            )
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/change_password.html", form=form)


@bp.route("/account/email", methods=["GET", "POST"])
@fresh_login_required
def change_email():
    form = ChangeEmailForm()
    if form.validate_on_submit():
        try:
            services.request_email_change(current_user, form.email.data, form.current_password.data)
        except WrongPassword as error:
            db.session.rollback()
            form.current_password.errors.append(str(error.message))
        except EmailTaken as error:
            db.session.rollback()
            form.email.errors.append(str(error.message))
        else:
            db.session.commit()
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
        user = services.confirm_email_change(token)
    except EmailTaken:
        user = None
    if user is None:
        db.session.rollback()
        return render_template("accounts/link_invalid.html"), 400
    db.session.commit()
    flash(_("Your e-mail address has been changed."), "success")
    return redirect(
        url_for("accounts.profile" if current_user.is_authenticated else "accounts.login")
    )


@bp.route("/account/reauthenticate", methods=["GET", "POST"])
@login_required
@limiter.limit(_login_limit, methods=["POST"])
def reauthenticate():
    form = ReauthForm()
    next_url = safe_next_url(request.args.get("next"), url_for("accounts.profile"))
    if form.validate_on_submit():
        if services.verify_password(current_user.password_hash, form.password.data):
            services.refresh_authentication(current_user.login_token)
            db.session.commit()
            return redirect(next_url)
        form.password.errors.append(_("The password is not correct."))
    return render_template("accounts/reauthenticate.html", form=form)


@bp.route("/account/two-factor", methods=["GET", "POST"])
@login_required
def two_factor_setup():
    """Scan a QR code, confirm one code, receive recovery codes."""
    if current_user.totp_secret and not g.login_session.second_factor_done:
        return redirect(url_for("accounts.second_factor"))
    if current_user.totp_secret and not services.is_recently_authenticated(g.login_session):
        return redirect(url_for("accounts.reauthenticate", next=request.path))
    secret = session.get("totp_setup_secret")
    if not secret or request.method == "GET":
        secret = services.new_totp_secret()
        session["totp_setup_secret"] = secret
    form = CodeForm()
    if form.validate_on_submit():
        try:
            codes = services.enable_totp(current_user, secret, form.code.data)
        except InvalidSecondFactor as error:
            db.session.rollback()
            form.code.errors.append(str(error.message))
        else:
            services.mark_second_factor_done(current_user.login_token)
            db.session.commit()
            session.pop("totp_setup_secret", None)
            return render_template(
                "accounts/recovery_codes.html",
                codes=codes,
                next_url=safe_next_url(
                    session.pop("after_second_factor", None), url_for("main.index")
                ),
            )
    uri = services.totp_uri(current_user, secret)
    # segno builds the SVG from our own provisioning URI and escapes it.
    qr_svg = Markup(  # noqa: S704
        segno.make(uri, error="m").svg_inline(
            scale=5, dark="#1c2321", title=_("QR code for your authenticator app")
        )
    )
    return render_template(
        "accounts/two_factor_setup.html", form=form, qr_svg=qr_svg, secret=secret
    )


@bp.route("/account/recovery-codes", methods=["POST"])
@fresh_login_required
def regenerate_recovery_codes():
    if not current_user.totp_secret:
        abort(400)
    codes = services.regenerate_recovery_codes(current_user)
    db.session.commit()
    return render_template(
        "accounts/recovery_codes.html", codes=codes, next_url=url_for("accounts.profile")
    )


@bp.route("/account/sessions/sign-out-others", methods=["POST"])
@login_required
def sign_out_other_sessions():
    count = services.end_other_sessions(current_user, current_user.login_token)
    db.session.commit()
    flash(_("Signed out on %(count)d other device(s).", count=count), "success")
    return redirect(url_for("accounts.profile"))
