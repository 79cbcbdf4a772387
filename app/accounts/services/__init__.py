"""Account use cases, one module per job. Services flush, never commit; the view commits once.

Callers import the module they need (``from app.accounts.services import registration``);
this package re-exports nothing.
"""

from app.accounts import notices  # noqa: F401 (registers the notification kinds sent here)
