"""Records' share of ``flask jobs tick``: follow-up reports on action plans that are due, and
completion decided for offerings that have ended."""

from __future__ import annotations

from flask import Flask

from app.core.cli import add_periodic_task
from app.records.completion.ending import decide_ended_offerings
from app.records.plans.followup import send_follow_up_reminders


def remind_of_follow_up_reports() -> str:
    return f"sent {send_follow_up_reminders()} follow-up reminder(s)"


def decide_completion_of_ended_offerings() -> str:
    return f"completion decided for {decide_ended_offerings()} enrolment(s)"


def register_cli(app: Flask) -> None:
    add_periodic_task(app, remind_of_follow_up_reports, order=25)
    add_periodic_task(app, decide_completion_of_ended_offerings, order=26)
