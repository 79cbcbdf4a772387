"""Home page, language switcher, health check and the development mailbox."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select, text

from app.core.babel import locale_code
from app.core.db import utcnow
from app.core.i18n import LOCALE_CODES
from app.core.jobs import redis_connection
from app.core.pagination import paginate
from app.core.urls import safe_next_url
from app.extensions import db
from app.main.home import home_page
from app.notifications.models import OutboxMail

bp = Blueprint("main", __name__, template_folder="templates")
dev = Blueprint("dev", __name__, url_prefix="/dev", template_folder="templates")

LOCALE_COOKIE_MAX_AGE = 365 * 24 * 3600


HOME_OPEN_OFFERINGS = 3
HOME_OWN_ITEMS = 3  # enrolments waiting for the official, and their next sessions


@bp.route("/")
def index():
    """What needs the signed-in person first; for everyone the offerings open for enrolment,
    the centre's reach and the three kinds of offering."""

    return render_template(
        "main/index.html",
        home=home_page(current_user, HOME_OPEN_OFFERINGS, HOME_OWN_ITEMS),
        locale=locale_code(),
        now=utcnow(),
    )


ABOUT_PAGES = ("contact", "privacy", "accessibility", "terms")


@bp.route("/about/<page>")
def about(page: str):
    """The pages public-sector sites carry in their footer, in five languages."""
    if page not in ABOUT_PAGES:
        abort(404)
    return render_template(
        f"main/about/{page}.html", contact_email=current_app.config.get("CONTACT_EMAIL", "")
    )


@bp.route("/language", methods=["POST"])
def set_language():
    code = request.form.get("locale", "")
    if code not in LOCALE_CODES:
        abort(400)
    target = safe_next_url(request.form.get("next"), url_for("main.index"))
    if current_user.is_authenticated and current_user.locale != code:
        current_user.locale = code
    response = redirect(target)
    response.set_cookie(
        current_app.config["LOCALE_COOKIE_NAME"],
        code,
        max_age=LOCALE_COOKIE_MAX_AGE,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
    )
    return response


@bp.route("/healthz")
def healthz():
    checks: dict[str, str] = {}
    healthy = True
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception:
        db.session.rollback()
        checks["database"] = "unavailable"
        healthy = False
    if current_app.config.get("REDIS_URL"):
        try:
            redis_connection().ping()
            checks["redis"] = "ok"
        except Exception:
            checks["redis"] = "unavailable"
            healthy = False
    return jsonify(status="ok" if healthy else "unavailable", checks=checks), (
        200 if healthy else 503
    )


LOOPBACK = frozenset({"127.0.0.1", "::1"})


@dev.before_request
def loopback_only():
    """The development mailbox shows every reset link: only to the machine it runs on."""
    if request.remote_addr not in LOOPBACK:
        abort(404)


@dev.route("/mail")
def mailbox():
    page = paginate(select(OutboxMail).order_by(OutboxMail.id.desc()), request.args.get("page"), 20)
    return render_template("main/dev_mailbox.html", page=page)


@dev.route("/mail/<int:mail_id>")
def show_mail(mail_id: int):
    mail = db.session.get(OutboxMail, mail_id)
    if mail is None:
        abort(404)
    return render_template("main/dev_mail.html", mail=mail)
