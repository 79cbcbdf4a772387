"""Who may change what on a person's account (used by the staff pages and their templates)."""

from __future__ import annotations

from app.core.access import is_admin, is_staff
from app.core.roles import PRIVILEGED_ROLES


def can_change_roles(user, roles_now=frozenset(), roles_wanted=frozenset()) -> bool:
    """Granting roles is for staff; only an admin may grant or take the staff and admin roles."""
    if not is_staff(user):
        return False
    changed = set(roles_now) ^ set(roles_wanted)
    return is_admin(user) or not (changed & PRIVILEGED_ROLES)


def roles_from_form(user, roles_now, roles_sent) -> set:
    """The roles a save of the staff page's role boxes asks for. The staff and admin boxes are
    disabled for everyone but an admin, so the browser does not send them: what the editor may
    not change is kept as it is, never read as a removal (a grant is refused by
    ``can_change_roles``)."""
    if is_admin(user):
        return set(roles_sent)
    return set(roles_sent) | (set(roles_now) & PRIVILEGED_ROLES)


def can_manage_account(user, person) -> bool:
    """Staff activate and deactivate accounts, change a person's city and send them account
    mails; only an admin does so for the accounts of staff and admins."""
    if not is_staff(user):
        return False
    return is_admin(user) or not person.has_role(*PRIVILEGED_ROLES)
