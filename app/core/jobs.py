"""One small interface for background work.

With ``REDIS_URL`` set, jobs go to RQ (JSON serialised, never pickle) and a worker runs them;
without it they run inline, so the SQLite default needs no Redis. Jobs are addressed by the
dotted path of a function and take JSON-safe keyword arguments; every job must be safe to run
twice, because RQ delivers at least once.
"""

from __future__ import annotations

import importlib
import logging

from flask import current_app

log = logging.getLogger(__name__)


def _resolve(path: str):
    module_name, _, attr = path.rpartition(".")
    if not module_name.startswith("app."):
        raise ValueError(f"jobs must live in the app package: {path}")
    return getattr(importlib.import_module(module_name), attr)


def redis_connection():
    from redis import Redis

    return Redis.from_url(
        current_app.config["REDIS_URL"], socket_timeout=2, socket_connect_timeout=2
    )


def enqueue(path: str, **kwargs) -> None:
    """Run ``path(**kwargs)`` in the background, or now when no queue is configured."""
    if not current_app.config.get("REDIS_URL"):
        _resolve(path)(**kwargs)
        return
    from rq import Queue
    from rq.serializers import JSONSerializer

    try:
        queue = Queue("default", connection=redis_connection(), serializer=JSONSerializer)
        queue.enqueue("app.core.jobs.run_in_app", path, kwargs)
    except Exception:  # a queue outage must never fail the request: the outbox keeps the work
        log.exception("could not enqueue %s; the periodic sweep will pick it up", path)


def run_in_app(path: str, kwargs: dict) -> None:
    """Entry point of RQ jobs: build the app and call the job inside its context."""
    from app import create_app

    app = create_app()
    with app.app_context():
        _resolve(path)(**kwargs)
