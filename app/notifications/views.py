"""The bell: a person's notifications; their mail preferences; staff's view of the outbox."""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from app.core.access import role_required
from app.core.audit import record_event
from app.core.babel import gettext as _
from app.core.forms import ConfirmForm
from app.core.guard import load_or_404
from app.core.jobs import JobRecord, start_tracked_job
from app.core.pagination import paginate
from app.core.roles import Role
from app.core.urls import safe_next_url
from app.notifications import services
from app.notifications.access import can_watch_job, is_own_notification
from app.notifications.forms import PreferencesForm
from app.notifications.models import MailStatus, Notification, OutboxMail

bp = Blueprint("notifications", __name__, template_folder="templates")


@bp.route("/notifications")
@login_required
def list_notifications():
    statement = (
        select(Notification)
        .where(Notification.user_id == current_user.id)
        .order_by(Notification.id.desc())
    )
    page = paginate(statement, request.args.get("page"), 20)
    return render_template("notifications/list.html", page=page, form=ConfirmForm())


@bp.route("/notifications/<int:notification_id>/read", methods=["POST"])
@login_required
def mark_read(notification_id: int):
    notification = load_or_404(Notification, notification_id, is_own_notification, hide=True)
    services.mark_read(current_user, notification_id)
    return redirect(
        safe_next_url(notification.link or None, url_for("notifications.list_notifications"))
    )


@bp.route("/notifications/read-all", methods=["POST"])
@login_required
def mark_all_read():
    services.mark_read(current_user)
    flash(_("All notifications are marked as read."), "success")
    return redirect(url_for("notifications.list_notifications"))


@bp.route("/account/notifications", methods=["GET", "POST"])
@login_required
def preferences():
    form = PreferencesForm(obj=current_user)
    if form.validate_on_submit():
        before = {
            "wants_reminders": current_user.wants_reminders,
            "wants_digests": current_user.wants_digests,
        }
        current_user.wants_reminders = form.wants_reminders.data
        current_user.wants_digests = form.wants_digests.data
        record_event(
            current_user,
            "account.preferences_updated",
            current_user,
            before=before,
            after={
                "wants_reminders": form.wants_reminders.data,
                "wants_digests": form.wants_digests.data,
            },
        )
        flash(_("Your notification settings have been saved."), "success")
        return redirect(url_for("notifications.preferences"))
    return render_template("notifications/preferences.html", form=form)


@bp.route("/staff/mail")
@role_required(Role.STAFF, Role.ADMIN)
def outbox():
    status = request.args.get("status", "")
    statement = select(OutboxMail).order_by(OutboxMail.id.desc())
    if status in set(MailStatus):
        statement = statement.where(OutboxMail.status == status)
    page = paginate(statement, request.args.get("page"), 50, ordered_by_index=True)
    return render_template(
        "notifications/outbox.html",
        page=page,
        status=status,
        statuses=list(MailStatus),
        form=ConfirmForm(),
    )


@bp.route("/staff/mail/<int:mail_id>/retry", methods=["POST"])
@role_required(Role.STAFF, Role.ADMIN)
def retry_mail(mail_id: int):
    mail = load_or_404(OutboxMail, mail_id)
    if mail.status == MailStatus.FAILED:
        services.retry_mail(current_user, mail)
        flash(_("The mail is queued again."), "success")
    return redirect(url_for("notifications.outbox", status="failed"))


@bp.route("/staff/mail/retry-all", methods=["POST"])
@role_required(Role.STAFF, Role.ADMIN)
def retry_all_mail():
    record = start_tracked_job(
        "mail.retry_all", "app.notifications.services.retry_all_failed", current_user
    )
    record_event(current_user, "mail.retry_all_started", record)
    return redirect(url_for("notifications.show_job", job_id=record.id))


@bp.route("/jobs/<int:job_id>")
@login_required
def show_job(job_id: int):
    """Progress of a background job, for the person who started it (and staff)."""
    record = load_or_404(JobRecord, job_id, can_watch_job, hide=True)
    if request.accept_mimetypes.best == "application/json":
        return jsonify(
            id=record.id,
            kind=record.kind,
            status=record.status,
            done=record.done,
            total=record.total,
            percent=record.percent,
        )
    return render_template("notifications/job.html", job=record)
