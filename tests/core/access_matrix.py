"""Who may open what: endpoint × method × identity → expected status.

Every route of the application must appear here (a test fails otherwise), so a new route cannot
ship without an access decision. Identities: anonymous, official, instructor, staff, admin.
POST requests carry a valid CSRF token and an empty form.
"""

ANON, OFFICIAL, INSTRUCTOR, STAFF, ADMIN = "anonymous", "official", "instructor", "staff", "admin"
IDENTITIES = (ANON, OFFICIAL, INSTRUCTOR, STAFF, ADMIN)


def same(status: int) -> dict[str, int]:
    return dict.fromkeys(IDENTITIES, status)


def signed_in(status: int, anonymous: int = 302) -> dict[str, int]:
    return {ANON: anonymous, OFFICIAL: status, INSTRUCTOR: status, STAFF: status, ADMIN: status}


STAFF_ONLY = {ANON: 302, OFFICIAL: 403, INSTRUCTOR: 403, STAFF: 200, ADMIN: 200}
STAFF_ONLY_POST = {ANON: 302, OFFICIAL: 403, INSTRUCTOR: 403, STAFF: 302, ADMIN: 302}
ADMIN_ONLY = {ANON: 302, OFFICIAL: 403, INSTRUCTOR: 403, STAFF: 403, ADMIN: 200}
# Content of an offering: its assigned instructor and staff (the instructor identity is
# assigned to the offering under test).
CONTENT = {ANON: 302, OFFICIAL: 403, INSTRUCTOR: 200, STAFF: 200, ADMIN: 200}
CONTENT_POST = {ANON: 302, OFFICIAL: 403, INSTRUCTOR: 302, STAFF: 302, ADMIN: 302}
GUEST_PAGE = {ANON: 200, OFFICIAL: 302, INSTRUCTOR: 302, STAFF: 302, ADMIN: 302}

ACCESS = {
    ("static", "GET"): same(200),
    ("main.index", "GET"): same(200),
    ("main.healthz", "GET"): same(200),
    ("main.set_language", "POST"): same(400),  # no locale chosen
    ("accounts.register", "GET"): GUEST_PAGE,
    ("accounts.register", "POST"): GUEST_PAGE,
    ("accounts.verify_email", "GET"): same(400),  # a made-up token
    ("accounts.resend_verification", "GET"): same(200),
    ("accounts.resend_verification", "POST"): same(200),
    ("accounts.login", "GET"): GUEST_PAGE,
    ("accounts.login", "POST"): GUEST_PAGE,
    ("accounts.second_factor", "GET"): {
        ANON: 302,
        OFFICIAL: 302,
        INSTRUCTOR: 302,
        STAFF: 200,
        ADMIN: 200,
    },
    ("accounts.second_factor", "POST"): {
        ANON: 302,
        OFFICIAL: 302,
        INSTRUCTOR: 302,
        STAFF: 200,
        ADMIN: 200,
    },
    ("accounts.logout", "POST"): same(302),
    ("accounts.forgot_password", "GET"): same(200),
    ("accounts.forgot_password", "POST"): same(200),
    ("accounts.reset_password", "GET"): same(400),
    ("accounts.reset_password", "POST"): same(400),
    ("accounts.profile", "GET"): signed_in(200),
    ("accounts.profile", "POST"): signed_in(200),  # empty form: re-rendered with errors
    ("accounts.change_password", "GET"): signed_in(200),
    ("accounts.change_password", "POST"): signed_in(200),
    ("accounts.change_email", "GET"): signed_in(200),
    ("accounts.change_email", "POST"): signed_in(200),
    ("accounts.confirm_email_change", "GET"): same(400),
    ("accounts.reauthenticate", "GET"): signed_in(200),
    ("accounts.reauthenticate", "POST"): signed_in(200),
    ("accounts.two_factor_setup", "GET"): signed_in(200),
    ("accounts.two_factor_setup", "POST"): signed_in(200),
    ("accounts.regenerate_recovery_codes", "POST"): {
        ANON: 302,
        OFFICIAL: 400,
        INSTRUCTOR: 400,
        STAFF: 200,
        ADMIN: 200,
    },
    ("accounts.sign_out_other_sessions", "POST"): signed_in(302),
    ("users.list_users", "GET"): STAFF_ONLY,
    ("users.show_user", "GET"): STAFF_ONLY,
    ("users.update_roles", "POST"): STAFF_ONLY_POST,
    ("users.set_active", "POST"): STAFF_ONLY_POST,
    ("users.audit_log", "GET"): ADMIN_ONLY,
    ("cities.list_cities", "GET"): STAFF_ONLY,
    ("cities.create_city", "GET"): STAFF_ONLY,
    ("cities.create_city", "POST"): STAFF_ONLY,  # empty form: re-rendered with errors
    ("cities.edit_city", "GET"): STAFF_ONLY,
    ("cities.edit_city", "POST"): STAFF_ONLY_POST,
    ("notifications.list_notifications", "GET"): signed_in(200),
    ("notifications.mark_read", "POST"): signed_in(404, anonymous=302),  # not theirs / none
    ("notifications.mark_all_read", "POST"): signed_in(302),
    ("notifications.preferences", "GET"): signed_in(200),
    ("notifications.preferences", "POST"): signed_in(302),
    ("notifications.outbox", "GET"): STAFF_ONLY,
    ("notifications.retry_mail", "POST"): {
        ANON: 302,
        OFFICIAL: 403,
        INSTRUCTOR: 403,
        STAFF: 404,
        ADMIN: 404,
    },  # no such mail
    ("notifications.show_job", "GET"): signed_in(404),  # no such job
    ("notifications.retry_all_mail", "POST"): STAFF_ONLY_POST,
    ("catalogue.index", "GET"): same(200),
    ("catalogue.show", "GET"): same(200),
    ("catalogue.programme", "GET"): same(200),
    ("catalogue.offering_calendar", "GET"): same(200),
    ("catalogue.personal_calendar", "GET"): same(404),  # a made-up token
    ("catalogue.calendar_settings", "GET"): signed_in(200),
    ("catalogue.calendar_settings", "POST"): signed_in(200),
    ("manage.list_offerings", "GET"): CONTENT,
    ("manage.create_offering", "GET"): STAFF_ONLY,
    ("manage.create_offering", "POST"): STAFF_ONLY,  # empty form: re-rendered with errors
    ("manage.edit_offering", "GET"): CONTENT,
    ("manage.edit_offering", "POST"): {
        ANON: 302,
        OFFICIAL: 403,
        INSTRUCTOR: 403,
        STAFF: 200,
        ADMIN: 200,
    },  # settings are for staff only
    ("manage.change_status", "POST"): {
        ANON: 302,
        OFFICIAL: 403,
        INSTRUCTOR: 403,
        STAFF: 400,
        ADMIN: 400,
    },  # no status given
    ("manage.clone_offering", "GET"): STAFF_ONLY,
    ("manage.clone_offering", "POST"): STAFF_ONLY,
    ("manage.edit_text", "GET"): CONTENT,
    ("manage.edit_text", "POST"): CONTENT,
    ("manage.create_session", "GET"): CONTENT,
    ("manage.create_session", "POST"): CONTENT,
    ("manage.edit_session", "GET"): CONTENT,
    ("manage.edit_session", "POST"): CONTENT,
    ("manage.delete_session", "POST"): CONTENT_POST,
    ("manage.edit_module", "GET"): CONTENT,
    ("manage.edit_module", "POST"): CONTENT,
    ("manage.move_module", "POST"): {
        ANON: 302,
        OFFICIAL: 403,
        INSTRUCTOR: 400,
        STAFF: 400,
        ADMIN: 400,
    },  # no direction given
    ("manage.delete_module", "POST"): CONTENT_POST,
    # Development only (SHOW_DEV_MAILBOX): never registered in production.
    ("dev.mailbox", "GET"): same(200),
    ("dev.show_mail", "GET"): same(404),  # no mail with that id  # missing fields keep their values
}
