"""``flask mail deliver``, and the outbox's share of ``flask jobs tick``."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext

from app.core.cli import add_periodic_task, command_group
from app.core.jobs import enqueue
from app.notifications.services import deliver_due


@click.command("deliver")
@with_appcontext
def deliver_command():
    """Send due outbox mails (run from cron or a systemd timer as a safety sweep)."""
    click.echo(f"Delivered {deliver_due(limit=500)} mail(s).")


def hand_over_due_mail() -> str:
    enqueue("app.notifications.services.deliver_due")
    return "due mail handed over"


def register_cli(app: Flask) -> None:
    command_group(app, "mail").add_command(deliver_command)
    # Last in the tick: the mail that the other periodic work has just queued goes out too.
    add_periodic_task(app, hand_over_due_mail, order=100)
