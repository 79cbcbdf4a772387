"""Communications' share of ``flask jobs tick``: session reminders that are due."""

from __future__ import annotations

from flask import Flask

from app.communications.reminders import send_due_reminders
from app.core.cli import add_periodic_task


def remind_of_sessions() -> str:
    return f"sent {send_due_reminders()} reminder(s)"


def register_cli(app: Flask) -> None:
    add_periodic_task(app, remind_of_sessions, order=20)
