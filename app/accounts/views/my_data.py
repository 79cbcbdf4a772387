"""A person's own data: download it as JSON, or close the account (SECURITY.md M2)."""

from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_login import current_user, login_required, logout_user

from app.accounts import personal_data
from app.accounts.forms import CloseAccountForm
from app.accounts.passwords import verify_password
from app.core.babel import gettext as _
from app.core.uow import refusal_shown_on
from app.extensions import limiter

# Named after the package, so the templates are found in app/accounts/templates.
bp = Blueprint("my_data", "app.accounts", url_prefix="/account", template_folder="templates")


@bp.route("/my-data")
@login_required
def my_data():
    return render_template("accounts/my_data.html")


@bp.route("/my-data.json")
@login_required
@limiter.limit("10 per hour", key_func=lambda: f"export:{getattr(current_user, 'id', None)}")
def download_my_data():
    body = json.dumps(personal_data.export(current_user), ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={
            "Content-Disposition": 'attachment; filename="kcc-academy-my-data.json"',
            "Cache-Control": "no-store",
        },
    )


def _own_account() -> str:
    return f"close:{getattr(current_user, 'id', None)}"


@bp.route("/close", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per 15 minutes", key_func=_own_account, methods=["POST"])
def close_account():
    """Closing asks for the password again (re-authentication) and a ticked box."""
    form = CloseAccountForm()
    if form.validate_on_submit() and not verify_password(
        current_user.password_hash, form.password.data
    ):
        form.password.errors.append(_("The password is not correct."))
    elif form.validate_on_submit():
        with refusal_shown_on(form.understood) as attempt:
            personal_data.close_account(current_user)
        if not attempt.refused:
            logout_user()
            flash(
                _("Your account is closed and your personal data has been removed. Thank you."),
                "success",
            )
            return redirect(url_for("main.index"))
    return render_template("accounts/close_account.html", form=form)
