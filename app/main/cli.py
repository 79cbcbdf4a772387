"""The home page's share of ``flask jobs tick``: the centre's reach counted afresh."""

from __future__ import annotations

from flask import Flask

from app.core.cli import add_periodic_task
from app.main.reach import recount_due_reach


def register_cli(app: Flask) -> None:
    add_periodic_task(app, recount_due_reach, order=90)
