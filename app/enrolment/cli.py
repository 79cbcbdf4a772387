"""Enrolment's share of ``flask jobs tick``: seat offers not taken in time pass on."""

from __future__ import annotations

from flask import Flask

from app.core.cli import add_periodic_task
from app.enrolment.services import expire_offers


def expire_due_offers() -> str:
    return f"Expired {expire_offers()} seat offer(s)"


def register_cli(app: Flask) -> None:
    add_periodic_task(app, expire_due_offers, order=10)
