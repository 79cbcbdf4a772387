"""WSGI entry point: ``gunicorn wsgi:app`` (configuration from the environment)."""

import gc

from app import create_app

app = create_app()
# The application's modules, templates and configuration live as long as the process: keep
# them out of the garbage collector's generations, so its collections stay short (and the
# worst response times with them).
gc.freeze()
