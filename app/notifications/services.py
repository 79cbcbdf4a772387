"""Queue mails in the outbox (same transaction as the change) and deliver them afterwards."""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta
from email.message import EmailMessage

from flask import current_app, g, render_template
from sqlalchemy import func, select, update

from app.core.audit import record_event
from app.core.db import utcnow
from app.core.i18n import reader_context
from app.core.jobs import enqueue_after_commit, report_progress
from app.extensions import db
from app.notifications.kinds import KINDS, Category
from app.notifications.models import MailStatus, Notification, OutboxMail

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
# Minutes to wait after the n-th failed attempt.
BACKOFF_MINUTES = (1, 5, 15, 60, 240)
# While one worker sends a mail, others leave it alone for this long.
CLAIM_LEASE = timedelta(minutes=5)


def notify(
    user, kind: str, *, link: str = "", mail: bool = True, calendar: bytes | None = None, **params
) -> Notification:
    """Tell a person something: in the app always, by mail unless they turned that kind off.

    The mail uses the kind's templates (``mail/<template>.*``) and is rendered in the
    person's language; ``calendar`` is attached as an .ics file.
    """
    definition = KINDS[kind]
    notification = Notification(user_id=user.id, kind=kind, params=params, link=link)
    db.session.add(notification)
    if mail and wants_mail(user, definition.category):
        queue_mail(
            to=user.email,
            locale=user.locale,
            kind=definition.template or kind,
            user_id=user.id,
            calendar=calendar,
            timezone=user.timezone,
            name=user.display_name,
            link=link,
            notification_kind=kind,
            params=params,
            **params,
        )
    return notification


def wants_mail(user, category: Category) -> bool:
    if category == Category.REMINDER:
        return user.wants_reminders
    if category == Category.DIGEST:
        return user.wants_digests
    return True  # transactional mails cannot be turned off


def unread_count_of(user_id):
    """The number of unread notifications of ``user_id`` (a value or a column), as a scalar
    subquery: the sign-in check reads it in the same statement as the session."""
    return (
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .scalar_subquery()
    )


def unread_count(user) -> int:
    """Read with the person's session at the start of the request when there is one (every
    change to notifications ends in a redirect), else counted now."""
    login_session = g.get("login_session")
    if login_session is not None and login_session.user_id == user.id:
        known = getattr(login_session, "unread_notifications", None)
        if known is not None:
            return known
    return db.session.scalar(select(unread_count_of(user.id))) or 0


def mark_read(user, notification_id: int | None = None) -> int:
    """Mark one of the person's notifications (or all of them) as read."""
    statement = update(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )
    if notification_id is not None:
        statement = statement.where(Notification.id == notification_id)
    return db.session.execute(statement.values(read_at=utcnow())).rowcount


def retry_mail(actor, mail: OutboxMail) -> None:
    """Staff put a failed mail back in the queue."""
    record_event(actor, "mail.retried", mail, before={"status": mail.status})
    mail.status = MailStatus.QUEUED
    mail.attempts = 0
    mail.next_attempt_at = utcnow()
    enqueue_after_commit("app.notifications.services.deliver_due")


def retry_all_failed(job_id: int) -> None:
    """Background job: put every failed mail back in the queue, then deliver what is due."""
    ids = db.session.scalars(
        select(OutboxMail.id).where(OutboxMail.status == MailStatus.FAILED).order_by(OutboxMail.id)
    ).all()
    report_progress(job_id, 0, len(ids))
    for done, mail_id in enumerate(ids, start=1):
        db.session.execute(
            update(OutboxMail)
            .where(OutboxMail.id == mail_id, OutboxMail.status == MailStatus.FAILED)
            .values(status=MailStatus.QUEUED, attempts=0, next_attempt_at=utcnow())
        )
        report_progress(job_id, done)
    deliver_due(limit=max(50, len(ids)))
    report_progress(job_id, len(ids), status="done")


def queue_mail(
    *,
    to: str,
    locale: str,
    kind: str,
    user_id: int | None = None,
    calendar: bytes | None = None,
    timezone: str | None = None,
    **context,
) -> OutboxMail:
    """Render ``mail/<kind>.{txt,html}`` in the reader's language and add it to the outbox."""
    with reader_context(locale, timezone):
        subject = render_template(f"mail/{kind}.subject.txt", **context).strip()
        text = render_template(f"mail/{kind}.txt", **context)
        html = render_template(f"mail/{kind}.html", **{**context, "subject": subject})
    mail = OutboxMail(
        user_id=user_id,
        kind=kind,
        to_address=to,
        locale=locale,
        subject=" ".join(subject.split()),
        body_text=text,
        body_html=html,
        calendar=calendar.decode() if calendar else None,
    )
    db.session.add(mail)
    enqueue_after_commit("app.notifications.services.deliver_due")
    return mail


def deliver_due(limit: int = 50) -> int:
    """Send the outbox mails that are due; safe to run twice and from several workers."""
    now = utcnow()
    ids = db.session.scalars(
        select(OutboxMail.id)
        .where(OutboxMail.status == MailStatus.QUEUED, OutboxMail.next_attempt_at <= now)
        .order_by(OutboxMail.id)
        .limit(limit)
    ).all()
    sent = 0
    for mail_id in ids:
        if _claim(mail_id, now):
            sent += _deliver_one(db.session.get(OutboxMail, mail_id))
    return sent


def _claim(mail_id: int, now) -> bool:
    """Take a lease on one row with a conditional update, so no two workers send it."""
    result = db.session.execute(
        update(OutboxMail)
        .where(
            OutboxMail.id == mail_id,
            OutboxMail.status == MailStatus.QUEUED,
            OutboxMail.next_attempt_at <= now,
        )
        .values(next_attempt_at=now + CLAIM_LEASE, attempts=OutboxMail.attempts + 1)
    )
    db.session.commit()
    return result.rowcount == 1


def _deliver_one(mail: OutboxMail) -> int:
    db.session.refresh(mail)
    try:
        if current_app.config["MAIL_DEV_MAILBOX"]:
            log.info(
                "mail %s to %s kept in the development mailbox: %s",
                mail.id,
                mail.to_address,
                mail.subject,
            )
        else:
            _send_smtp(mail)
    except (OSError, smtplib.SMTPException) as error:
        permanent = (
            isinstance(error, smtplib.SMTPResponseException) and 500 <= error.smtp_code < 600
        )
        mail.last_error = f"{type(error).__name__}: {error}"[:500]
        if permanent or mail.attempts >= MAX_ATTEMPTS:
            mail.status = MailStatus.FAILED
        else:
            wait = BACKOFF_MINUTES[min(mail.attempts, len(BACKOFF_MINUTES)) - 1]
            mail.next_attempt_at = utcnow() + timedelta(minutes=wait)
        db.session.commit()
        log.warning("mail %s not delivered (attempt %s): %s", mail.id, mail.attempts, error)
        return 0
    mail.status = MailStatus.SENT
    mail.sent_at = utcnow()
    mail.last_error = ""
    db.session.commit()
    return 1


def _send_smtp(mail: OutboxMail) -> None:
    config = current_app.config
    message = EmailMessage()
    message["Subject"] = mail.subject
    message["From"] = config["MAIL_DEFAULT_SENDER"]
    message["To"] = mail.to_address
    # A stable id per outbox row lets receivers drop a copy sent twice after a crash.
    domain = config["MAIL_DEFAULT_SENDER"].rpartition("@")[2].strip("> ") or "localhost"
    message["Message-ID"] = f"<kcc-outbox-{mail.id}@{domain}>"
    message.set_content(mail.body_text)
    message.add_alternative(mail.body_html, subtype="html")
    if mail.calendar:
        message.add_attachment(
            mail.calendar.encode(), maintype="text", subtype="calendar", filename="kcc-academy.ics"
        )
    # After the parts exist: building them moves Content-* headers into the first part.
    message["Content-Language"] = mail.locale.replace("_", "-")
    with smtplib.SMTP(
        config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]
    ) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)
