"""Entry point of the RQ worker's jobs (``app.worker.run_in_app``): build the app, run the job.

It sits on top of every package because it builds the whole application; core only names it
by its dotted path when it queues a job.
"""

from __future__ import annotations

from app import create_app
from app.core.jobs import run_job


def run_in_app(path: str, kwargs: dict) -> None:
    """Build the app from the environment and call the job inside its context."""
    app = create_app()
    with app.app_context():
        run_job(path, kwargs)
