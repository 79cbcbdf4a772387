"""WSGI entry point: ``gunicorn wsgi:app`` (configuration from the environment).

A server must say which configuration it runs (``KCC_ENV=production``): without it the app
would start in development mode (debugger, development mailbox). Only the ``flask`` command
(``make run``, ``flask db upgrade``) may leave it unset and get development.
"""

import gc
import os
import sys


def _run_by_flask_command() -> bool:
    program = sys.argv[0] if sys.argv else ""
    return os.path.basename(program) == "flask" or program.endswith(
        os.path.join("flask", "__main__.py")
    )


if not os.environ.get("KCC_ENV") and not _run_by_flask_command():
    raise SystemExit(
        "KCC_ENV is not set. Set KCC_ENV=production (or development/testing) explicitly "
        "before starting a server."
    )

from app import create_app  # noqa: E402

app = create_app()
# The application's modules, templates and configuration live as long as the process: keep
# them out of the garbage collector's generations, so its collections stay short (and the
# worst response times with them).
gc.freeze()
