"""Accounts' pages, one module per job.

On the ``accounts`` blueprint (endpoints ``accounts.*``, ``blueprint``):

- ``registration``: signing up, the link that confirms the address, a new link;
- ``sign_in``: signing in (password, second factor), signing out, signing in again;
- ``password``: a forgotten password and changing one's password;
- ``profile``: one's own profile and browsers, a city change request, a new e-mail address;
- ``two_factor``: setting up the authenticator app, new recovery codes.

With their own blueprints: ``staff`` (``users.*``: people, roles, the audit log) and
``my_data`` (``my_data.*``: one's data as a download, closing the account). ``gates`` holds
the checks the app factory runs before every request; ``limits`` the rate limits.
"""

from app.accounts.views import (  # noqa: F401 (they add routes to bp)
    password,
    profile,
    registration,
    sign_in,
    two_factor,
)
from app.accounts.views.blueprint import bp
from app.accounts.views.gates import enforce_password_change, enforce_second_factor
from app.accounts.views.my_data import bp as my_data_bp
from app.accounts.views.staff import bp as users_bp

__all__ = ["bp", "enforce_password_change", "enforce_second_factor", "my_data_bp", "users_bp"]
