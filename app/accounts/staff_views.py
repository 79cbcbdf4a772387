"""Staff pages: find people, activate or deactivate them, grant roles; the audit log."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts import queries, services
from app.accounts.errors import LastAdminError
from app.accounts.forms import ConfirmForm, UserRolesForm, UserSearchForm
from app.accounts.models import Role, User
from app.core.access import fresh_login_required, is_admin, role_required
from app.core.pagination import paginate
from app.extensions import db

bp = Blueprint("users", __name__, url_prefix="/staff", template_folder="templates")

PER_PAGE = 25


@bp.route("/users")
@role_required(Role.STAFF, Role.ADMIN)
def list_users():
    form = UserSearchForm(request.args)
    if not form.validate():
        form = UserSearchForm()
    statement = queries.user_search(form.q.data, form.role.data, form.status.data)
    page = paginate(statement, request.args.get("page"), PER_PAGE)
    return render_template("accounts/staff_users.html", form=form, page=page)


def _get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.route("/users/<int:user_id>")
@role_required(Role.STAFF, Role.ADMIN)
def show_user(user_id: int):
    user = _get_user(user_id)
    roles_form = UserRolesForm(data={role.value: role in user.roles for role in Role})
    events = queries.recent_events_for(user, limit=20)
    return render_template(
        "accounts/staff_user.html",
        user=user,
        roles_form=roles_form,
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
    wanted = form.selected_roles()
    privileged = {Role.STAFF, Role.ADMIN}
    if not is_admin(current_user) and (wanted ^ user.roles) & privileged:
        abort(403)  # only an admin grants or removes staff and admin rights
    try:
        services.set_roles(current_user, user, wanted)
    except LastAdminError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(_("The roles have been saved."), "success")
    return redirect(url_for("users.show_user", user_id=user.id))


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@role_required(Role.STAFF, Role.ADMIN)
def set_active(user_id: int):
    user = _get_user(user_id)
    if user.id == current_user.id:
        flash(_("You cannot deactivate your own account."), "error")
        return redirect(url_for("users.show_user", user_id=user.id))
    if user.has_role(Role.STAFF, Role.ADMIN) and not is_admin(current_user):
        abort(403)
    enable = request.form.get("enable") == "1"
    try:
        services.set_enabled(current_user, user, enable)
    except LastAdminError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(
            _("The account has been activated.")
            if enable
            else _("The account has been deactivated."),
            "success",
        )
    return redirect(url_for("users.show_user", user_id=user.id))


@bp.route("/audit")
@role_required(Role.ADMIN)
def audit_log():
    statement = queries.audit_events()
    page = paginate(statement, request.args.get("page"), 50)
    actors = queries.users_by_id({e.actor_id for e in page.items if e.actor_id})
    return render_template("accounts/audit_log.html", page=page, actors=actors)
