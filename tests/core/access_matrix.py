"""Who may open what: endpoint × method × identity → expected status.

Every route of the application must appear here (a test fails otherwise), so a new route cannot
ship without an access decision. Identities: anonymous, official, instructor, staff, admin.
POST requests carry a valid CSRF token and an empty form.
"""

ANON, OFFICIAL, INSTRUCTOR, STAFF, ADMIN = "anonymous", "official", "instructor", "staff", "admin"
FOCAL = "focal_point"  # a city focal point, of the same city as the records under test
IDENTITIES = (ANON, OFFICIAL, INSTRUCTOR, STAFF, ADMIN, FOCAL)


def same(status: int) -> dict[str, int]:
    return dict.fromkeys(IDENTITIES, status)


def signed_in(status: int, anonymous: int = 302) -> dict[str, int]:
    return {
        ANON: anonymous,
        OFFICIAL: status,
        INSTRUCTOR: status,
        STAFF: status,
        ADMIN: status,
        FOCAL: status,
    }


def table(anon, official, instructor, staff, admin, focal=None) -> dict[str, int]:
    """Expected statuses; a focal point is treated like an official unless said otherwise."""
    return {
        ANON: anon,
        OFFICIAL: official,
        INSTRUCTOR: instructor,
        STAFF: staff,
        ADMIN: admin,
        FOCAL: official if focal is None else focal,
    }


STAFF_ONLY = table(302, 403, 403, 200, 200)
STAFF_ONLY_POST = table(302, 403, 403, 302, 302)
ADMIN_ONLY = table(302, 403, 403, 403, 200)
# Content of an offering: its assigned instructor and staff (the instructor identity is
# assigned to the offering under test).
CONTENT = table(302, 403, 200, 200, 200)
CONTENT_POST = table(302, 403, 302, 302, 302)
GUEST_PAGE = table(200, 302, 302, 302, 302)

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
    ("accounts.second_factor", "GET"): table(302, 302, 302, 200, 200),
    ("accounts.second_factor", "POST"): table(302, 302, 302, 200, 200),
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
    ("accounts.regenerate_recovery_codes", "POST"): table(302, 400, 400, 200, 200),
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
    ("notifications.retry_mail", "POST"): table(302, 403, 403, 404, 404),  # no such mail
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
    ("manage.edit_offering", "POST"): table(302, 403, 403, 200, 200),  # settings are for staff only
    ("manage.change_status", "POST"): table(302, 403, 403, 400, 400),  # no status given
    ("manage.clone_offering", "GET"): STAFF_ONLY,
    ("manage.clone_offering", "POST"): STAFF_ONLY,
    ("manage.edit_text", "GET"): CONTENT,
    ("manage.edit_text", "POST"): CONTENT,
    ("manage.edit_session", "GET"): CONTENT,
    ("manage.edit_session", "POST"): CONTENT,
    ("manage.delete_session", "POST"): CONTENT_POST,
    ("manage.edit_module", "GET"): CONTENT,
    ("manage.edit_module", "POST"): CONTENT,
    ("manage.move_module", "POST"): table(302, 403, 400, 400, 400),  # no direction given
    ("manage.delete_module", "POST"): CONTENT_POST,
    ("enrolment.enrol", "POST"): same(302),  # done or refused with a message, then redirected
    ("enrolment.cancel", "POST"): signed_in(404),  # another person's enrolment
    ("enrolment.accept_offer", "POST"): signed_in(404),
    ("enrolment.confirm_nomination", "POST"): signed_in(404),
    ("enrolment.my_learning", "GET"): signed_in(200),
    ("enrolment.roster", "GET"): CONTENT,
    ("enrolment.roster_csv", "GET"): CONTENT,
    ("enrolment.roster_cities", "GET"): CONTENT,
    ("enrolment.decide", "POST"): table(302, 403, 302, 302, 302),  # nothing chosen: told so
    ("enrolment.nominations", "GET"): table(302, 403, 403, 200, 200, focal=200),
    ("enrolment.nominate", "GET"): table(302, 403, 403, 200, 200, focal=200),
    ("enrolment.nominate", "POST"): table(302, 403, 403, 302, 302, focal=302),
    ("notifications.announce", "GET"): STAFF_ONLY,
    ("notifications.announce", "POST"): STAFF_ONLY,  # empty form: re-rendered with errors
    # Development only (SHOW_DEV_MAILBOX): never registered in production.
    ("dev.mailbox", "GET"): same(200),
    ("dev.show_mail", "GET"): same(404),  # no mail with that id  # missing fields keep their values
}
