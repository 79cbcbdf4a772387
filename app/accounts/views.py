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
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from markupsafe import Markup
from sqlalchemy import select

from app.accounts.decorators import fresh_login_required
from app.accounts.errors import EmailTaken, InvalidSecondFactor
from app.accounts.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    CityChangeRequestForm,
    CodeForm,
    EmailOnlyForm,
    LoginForm,
    ProfileForm,
    ReauthForm,
    RegisterForm,
    ResetPasswordForm,
)
from app.accounts.models import LoginSession
from app.accounts.passwords import verify_password
from app.accounts.services import (
    addresses,
    authenticator,
    email_change,
    login_sessions,
    own_profile,
    password_change,
    registration,
    sign_in,
)
from app.cities.services import active_cities
from app.core.forms import ConfirmForm
from app.core.headers import no_referrer
from app.core.security_log import security_event
from app.core.uow import refusal_shown_on
from app.core.urls import safe_next_url
from app.extensions import db, limiter

bp = Blueprint("accounts", __name__, template_folder="templates")

SECOND_FACTOR_ENDPOINTS = frozenset(
    {
        "accounts.second_factor",
        "accounts.two_factor_setup",
        "accounts.send_two_factor_setup_link",
        "accounts.confirm_two_factor_setup",
        "accounts.logout",
        "main.set_language",
        "static",
        "main.healthz",
    }
)


def _account_key() -> str:
    """Rate-limit key for the account named in the form (per account, whatever the address)."""
    email = addresses.normalise_email(request.form.get("email", ""))[:254]
    return f"account:{email}"


def _failed_sign_in(response) -> bool:
    """Only a sign-in that did not go through counts against the limits."""
    return response.status_code != 302


def _known_device_for_named_account() -> bool:
    """The browser carries the known-device cookie of the account named in the form."""
    cookie = request.cookies.get(current_app.config["KNOWN_DEVICE_COOKIE_NAME"])
    if not cookie:
        return False
    user = addresses.find_user_by_email(request.form.get("email", "")[:254])
    return user is not None and sign_in.is_known_device(user, cookie)


def _signed_in_account_key() -> str:
    """Rate-limit key for the signed-in person, whatever their address."""
    return f"user:{getattr(current_user, 'id', None)}"


def _new_address_key() -> str:
    """Rate-limit key for the address a change of e-mail would mail."""
    email = addresses.normalise_email(request.form.get("email", ""))[:254]
    return f"new-address:{email}"


def _email_change_limit() -> str:
    return current_app.config["EMAIL_CHANGE_RATE_LIMIT"]


def _email_change_address_limit() -> str:
    return current_app.config["EMAIL_CHANGE_ADDRESS_RATE_LIMIT"]


def _second_factor_limit() -> str:
    return current_app.config["SECOND_FACTOR_ACCOUNT_LIMIT"]


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


PASSWORD_CHANGE_ENDPOINTS = SECOND_FACTOR_ENDPOINTS | {"accounts.change_password"}


def enforce_password_change():
    """Someone signed in with a password chosen for them changes it before anything else."""
    if not current_user.is_authenticated or not current_user.must_change_password:
        return None
    if request.endpoint in PASSWORD_CHANGE_ENDPOINTS:
        return None
    flash(_("Please choose your own password first."), "info")
    return redirect(url_for("accounts.change_password"))


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
@limiter.limit(_account_limit, key_func=_account_key, methods=["POST"])
@limiter.limit(_reset_limit, methods=["POST"])
def resend_verification():
    form = EmailOnlyForm()
    if form.validate_on_submit():
        registration.resend_verification(form.email.data)
        return render_template("accounts/check_email.html", email=form.email.data)
    return render_template("accounts/resend.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    _account_limit,
    key_func=_account_key,
    methods=["POST"],
    deduct_when=_failed_sign_in,
    exempt_when=_known_device_for_named_account,
)
@limiter.limit(_login_limit, methods=["POST"], deduct_when=_failed_sign_in)
def login():
    next_url = safe_next_url(request.args.get("next"), url_for("main.index"))
    if current_user.is_authenticated:
        return redirect(next_url)
    form = LoginForm()
    if form.validate_on_submit():
        user = sign_in.authenticate(form.email.data, form.password.data)
        if user is None:
            account = addresses.find_user_by_email(form.email.data)
            security_event(
                "authn_login_fail",
                user_id=account.id if account else None,
                account=addresses.normalise_email(form.email.data)[:254],
            )
            form.password.errors.append(_("The e-mail address or the password is not correct."))
        elif not user.is_email_verified:
            registration.send_verification_mail(user)
            form.email.errors.append(
                _("Please confirm your e-mail address first. We have sent you a new link.")
            )
        else:
            session.clear()  # nothing from before the sign-in survives it
            # Staff and admin are never remembered: their sessions keep the idle limit.
            remember = bool(form.remember.data) and not user.is_privileged
            login_sessions.start_login_session(
                user, remember=remember, user_agent=request.user_agent.string
            )
            login_user(user, remember=remember)
            security_event("authn_login_success", user_id=user.id)
            if user.needs_second_factor:
                session["after_second_factor"] = next_url
                return redirect(
                    url_for(
                        "accounts.second_factor"
                        if user.totp_secret
                        else "accounts.two_factor_setup"
                    )
                )
            return _remember_device(redirect(next_url), user)
    return render_template("accounts/login.html", form=form)


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
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_second_factor_limit, key_func=_signed_in_account_key, methods=["POST"])
def second_factor():
    if not current_user.totp_secret:
        return redirect(url_for("accounts.two_factor_setup"))
    form = CodeForm()
    if form.validate_on_submit():
        if authenticator.check_second_factor(current_user, form.code.data):
            authenticator.mark_second_factor_done(current_user.login_token)
            return _remember_device(
                redirect(
                    safe_next_url(session.pop("after_second_factor", None), url_for("main.index"))
                ),
                current_user,
            )
        failures = authenticator.record_second_factor_failure(current_user.login_token)
        security_event("authn_second_factor_fail", user_id=current_user.id, failures=failures)
        if failures >= current_app.config["SECOND_FACTOR_TRIES"]:
            # This sign-in is over: guessing goes on only with the password again.
            login_sessions.end_login_session(current_user.login_token)
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


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(_account_limit, key_func=_account_key, methods=["POST"])
@limiter.limit(_reset_limit, methods=["POST"])
def forgot_password():
    form = EmailOnlyForm()
    if form.validate_on_submit():
        password_change.request_password_reset(form.email.data)
        return render_template("accounts/check_email.html", email=form.email.data, reset=True)
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@no_referrer
@limiter.limit(_reset_limit, methods=["POST"])
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


# Signed-in pages ------------------------------------------------------------------------


@bp.route("/account", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=None if request.method == "POST" else current_user)
    form.setup_choices((), str(get_locale()))
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
        recovery_left=authenticator.unused_recovery_codes(current_user),
    )


@bp.route("/account/city", methods=["GET", "POST"])
@login_required
def request_city_change():
    """The city is kept by staff; a person asks for a change, which is recorded and audited."""
    form = CityChangeRequestForm()
    form.setup_choices(active_cities(), str(get_locale()))
    if form.validate_on_submit():
        own_profile.request_city_change(
            current_user, int(form.city_id.data), form.reason.data or ""
        )
        flash(_("Your request has been sent. The centre's staff will change your city."), "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/request_city_change.html", form=form)


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


@bp.route("/account/email", methods=["GET", "POST"])
@fresh_login_required
@limiter.limit(_email_change_limit, key_func=_signed_in_account_key, methods=["POST"])
@limiter.limit(_email_change_address_limit, key_func=_new_address_key, methods=["POST"])
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


@bp.route("/account/reauthenticate", methods=["GET", "POST"])
@login_required
@limiter.limit(_login_limit, methods=["POST"])
def reauthenticate():
    form = ReauthForm()
    next_url = safe_next_url(request.args.get("next"), url_for("accounts.profile"))
    if form.validate_on_submit():
        if verify_password(current_user.password_hash, form.password.data):
            login_sessions.refresh_authentication(current_user.login_token)
            return redirect(next_url)
        form.password.errors.append(_("The password is not correct."))
    return render_template("accounts/reauthenticate.html", form=form)


@bp.route("/account/two-factor", methods=["GET", "POST"])
@login_required
def two_factor_setup():
    """Scan a QR code, confirm one code, receive recovery codes."""
    if current_user.totp_secret and not g.login_session.second_factor_done:
        return redirect(url_for("accounts.second_factor"))
    if current_user.totp_secret and not login_sessions.is_recently_authenticated(g.login_session):
        return redirect(url_for("accounts.reauthenticate", next=request.path))
    if authenticator.needs_setup_confirmation(current_user) and (
        session.get("totp_setup_confirmed") != current_user.id
    ):
        return render_template("accounts/two_factor_confirm_first.html", form=ConfirmForm())
    secret = session.get("totp_setup_secret")
    if not secret or request.method == "GET":
        secret = authenticator.new_totp_secret()
        session["totp_setup_secret"] = secret
    form = CodeForm()
    if form.validate_on_submit():
        with refusal_shown_on(form.code) as attempt:
            codes = authenticator.enable_totp(current_user, secret, form.code.data)
        if not attempt.refused:
            authenticator.mark_second_factor_done(current_user.login_token)
            session.pop("totp_setup_secret", None)
            return render_template(
                "accounts/recovery_codes.html",
                codes=codes,
                next_url=safe_next_url(
                    session.pop("after_second_factor", None), url_for("main.index")
                ),
            )
    uri = authenticator.totp_uri(current_user, secret)
    # segno builds the SVG from our own provisioning URI and escapes it.
    qr_svg = Markup(  # noqa: S704
        segno.make(uri, error="m").svg_inline(
            scale=5, dark="#1c2321", title=_("QR code for your authenticator app")
        )
    )
    return render_template(
        "accounts/two_factor_setup.html", form=form, qr_svg=qr_svg, secret=secret
    )


@bp.route("/account/two-factor/send-link", methods=["POST"])
@login_required
@limiter.limit(_reset_limit, key_func=_signed_in_account_key)
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


@bp.route("/account/sessions/sign-out-others", methods=["POST"])
@login_required
def sign_out_other_sessions():
    count = login_sessions.end_other_sessions(current_user, current_user.login_token)
    flash(_("Signed out on %(count)d other device(s).", count=count), "success")
    return redirect(url_for("accounts.profile"))
