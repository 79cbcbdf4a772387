"""Evaluation's share of ``flask jobs tick``: one reminder to answer, once the last session
has ended."""

from __future__ import annotations

from flask import Flask

from app.core.cli import add_periodic_task
from app.evaluation.reminders import send_evaluation_reminders


def remind_of_evaluations() -> str:
    return f"sent {send_evaluation_reminders()} evaluation reminder(s)"


def register_cli(app: Flask) -> None:
    add_periodic_task(app, remind_of_evaluations, order=27)
