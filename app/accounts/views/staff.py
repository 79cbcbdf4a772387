"""Staff pages: find people, activate or deactivate them, grant roles; the audit log."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.accounts import audit_log as audit
from app.accounts import queries
from app.accounts.access import can_change_roles, can_manage_account, roles_from_form
from app.accounts.decorators import fresh_login_required
from app.accounts.forms import StaffCityForm, UserRolesForm, UserSearchForm
from app.accounts.models import User
from app.accounts.panels import person_panels
from app.accounts.services import staff_mails, user_management
from app.cities.services import active_city_names
from app.core.access import is_admin, role_required
from app.core.babel import gettext as _
from app.core.babel import locale_code
from app.core.confirm import ask_first
from app.core.forms import ConfirmForm
from app.core.guard import load_or_404, require
from app.core.pagination import paginate
from app.core.roles import Role
from app.core.spreadsheet import csv_response
from app.core.uow import on_refusal_return_to
from app.extensions import db

# Named after the package, so the templates are found in app/accounts/templates.
bp = Blueprint("users", "app.accounts", url_prefix="/staff", template_folder="templates")

PER_PAGE = 25


@bp.route("/users")
@role_required(Role.STAFF, Role.ADMIN)
def list_users():
    form = UserSearchForm(request.args)
    if not form.validate():
        form = UserSearchForm()
    statement = queries.user_search(form.q.data, form.role.data, form.status.data)
    page = paginate(statement, request.args.get("page"), PER_PAGE, ordered_by_index=True)
    return render_template("accounts/staff_users.html", form=form, page=page)


def _get_user(user_id: int) -> User:
    return load_or_404(User, user_id)


@bp.route("/users/<int:user_id>")
@role_required(Role.STAFF, Role.ADMIN)
def show_user(user_id: int):
    user = _get_user(user_id)
    roles_form = UserRolesForm(data={role.value: role in user.roles for role in Role})
    events = audit.entries(queries.recent_events_for(user, limit=20), locale_code())
    city_form = StaffCityForm(data={"city_id": str(user.city_id or "")})
    city_form.setup_choices(active_city_names(locale_code(), include_id=user.city_id))
    return render_template(
        "accounts/staff_user.html",
        user=user,
        panels=person_panels(user),
        locale=locale_code(),
        roles_form=roles_form,
        city_form=city_form,
        active_form=ConfirmForm(),
        events=events,
        can_grant_privileged=is_admin(current_user),
    )


@bp.route("/users/<int:user_id>/roles", methods=["POST"])
@role_required(Role.STAFF, Role.ADMIN)
@fresh_login_required
def update_roles(user_id: int):
    user = _get_user(user_id)
    form = UserRolesForm()
    if not form.validate_on_submit():
        abort(400)
    wanted = roles_from_form(current_user, user.roles, form.selected_roles())
    require(can_change_roles(current_user, user.roles, wanted))
    on_refusal_return_to(url_for("users.show_user", user_id=user.id))
    user_management.set_roles(current_user, user, wanted)
    flash(_("The roles have been saved."), "success")
    return redirect(url_for("users.show_user", user_id=user.id))


@bp.route("/users/<int:user_id>/city", methods=["POST"])
@role_required(Role.STAFF, Role.ADMIN)
@fresh_login_required
def set_city(user_id: int):
    """Staff change a person's city (on their request); only an admin that of staff."""
    user = _get_user(user_id)
    require(can_manage_account(current_user, user))
    form = StaffCityForm()
    form.setup_choices(active_city_names(locale_code(), include_id=user.city_id))
    if not form.validate_on_submit():
        abort(400)
    user_management.set_city(current_user, user, int(form.city_id.data))
    flash(_("The city has been changed."), "success")
    return redirect(url_for("users.show_user", user_id=user.id))


@bp.route("/users/<int:user_id>/mail", methods=["POST"])
@role_required(Role.STAFF, Role.ADMIN)
def send_account_mail(user_id: int):
    """A new verification mail or a password-reset link for someone who is stuck."""
    user = _get_user(user_id)
    require(can_manage_account(current_user, user))
    form = ConfirmForm()
    kind = request.form.get("kind", "")
    if not form.validate_on_submit() or kind not in staff_mails.STAFF_MAILS:
        abort(400)
    on_refusal_return_to(url_for("users.show_user", user_id=user.id))
    staff_mails.send_account_mail_for(current_user, user, kind)
    flash(
        _("A new verification mail is on its way to %(email)s.", email=user.email)
        if kind == "verify_email"
        else _("A password-reset link is on its way to %(email)s.", email=user.email),
        "success",
    )
    return redirect(url_for("users.show_user", user_id=user.id))


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@role_required(Role.STAFF, Role.ADMIN)
def set_active(user_id: int):
    user = _get_user(user_id)
    on_refusal_return_to(url_for("users.show_user", user_id=user.id))
    user_management.check_active_change(current_user, user)
    require(can_manage_account(current_user, user))
    enable = request.form.get("enable") == "1"
    if not enable and (
        page := ask_first(
            _("Deactivate the account of %(name)s?", name=user.display_name),
            details=_(
                "They are signed out everywhere and can no longer sign in. Their records stay; "
                "you can activate the account again later."
            ),
            action_label=_("Yes, deactivate the account"),
            back_url=url_for("users.show_user", user_id=user.id),
        )
    ):
        return page
    user_management.set_enabled(current_user, user, enable)
    flash(
        _("The account has been activated.") if enable else _("The account has been deactivated."),
        "success",
    )
    return redirect(url_for("users.show_user", user_id=user.id))


@bp.route("/audit")
@role_required(Role.ADMIN)
def audit_log():
    filters = audit.Filters.from_args(request.args)
    page = paginate(audit.statement(filters), request.args.get("page"), 50, ordered_by_index=True)
    return render_template(
        "accounts/audit_log.html",
        page=page,
        entries=audit.entries(page.items, locale_code()),
        filters=filters,
        actions=sorted(
            ((code, str(title)) for code, title in audit.ACTION_TITLES.items()),
            key=lambda item: item[1],
        ),
        records=[(code, str(title)) for code, title in audit.RECORD_TITLES.items()],
        args=request.args,
    )


AUDIT_EXPORT_LIMIT = 50_000


@bp.route("/audit.csv")
@role_required(Role.ADMIN)
def audit_log_csv():
    """The filtered log as a spreadsheet (newest first, at most AUDIT_EXPORT_LIMIT rows)."""
    filters = audit.Filters.from_args(request.args)
    events = db.session.scalars(audit.statement(filters).limit(AUDIT_EXPORT_LIMIT)).all()
    return csv_response(audit.csv_rows(events, locale_code()), "kcc-audit-log.csv")
