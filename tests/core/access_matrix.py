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
    ("main.about", "GET"): same(200),
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
    ("accounts.request_city_change", "GET"): signed_in(200),
    ("accounts.request_city_change", "POST"): signed_in(200),  # empty form: errors shown
    ("accounts.change_password", "GET"): signed_in(200),
    ("accounts.change_password", "POST"): signed_in(200),
    ("accounts.change_email", "GET"): signed_in(200),
    ("accounts.change_email", "POST"): signed_in(200),
    ("accounts.confirm_email_change", "GET"): same(400),
    ("accounts.reauthenticate", "GET"): signed_in(200),
    ("accounts.reauthenticate", "POST"): signed_in(200),
    ("accounts.two_factor_setup", "GET"): signed_in(200),
    ("accounts.two_factor_setup", "POST"): signed_in(200),
    ("accounts.send_two_factor_setup_link", "POST"): same(302),
    ("accounts.confirm_two_factor_setup", "GET"): signed_in(400),  # a made-up token
    ("accounts.regenerate_recovery_codes", "POST"): table(302, 400, 400, 200, 200),
    ("accounts.sign_out_other_sessions", "POST"): signed_in(302),
    ("users.list_users", "GET"): STAFF_ONLY,
    ("users.show_user", "GET"): STAFF_ONLY,
    ("users.update_roles", "POST"): STAFF_ONLY_POST,
    ("users.set_active", "POST"): STAFF_ONLY_POST,
    ("users.set_city", "POST"): table(302, 403, 403, 400, 400),  # empty form
    ("users.send_account_mail", "POST"): table(302, 403, 403, 400, 400),  # no kind of mail
    ("my_data.my_data", "GET"): signed_in(200),
    ("my_data.download_my_data", "GET"): signed_in(200),
    ("my_data.close_account", "GET"): signed_in(200),
    ("my_data.close_account", "POST"): signed_in(200),  # not confirmed: re-rendered with errors
    ("users.audit_log", "GET"): ADMIN_ONLY,
    ("users.audit_log_csv", "GET"): ADMIN_ONLY,
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
    ("calendar_feed.personal_calendar", "GET"): same(404),  # a made-up token
    ("calendar_feed.calendar_settings", "GET"): signed_in(200),
    ("calendar_feed.calendar_settings", "POST"): signed_in(200),
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
    # A focal point withdraws only the nominations they made (the one under test was made by
    # nobody: 404); staff any. The city page is the focal point's own.
    ("enrolment.withdraw_nomination", "POST"): table(302, 403, 403, 302, 302, focal=404),
    ("enrolment.city_officials", "GET"): table(302, 403, 403, 403, 403, focal=200),
    ("bulk_enrolment.upload", "GET"): STAFF_ONLY,
    ("bulk_enrolment.upload", "POST"): STAFF_ONLY,  # no file: re-rendered with errors
    ("bulk_enrolment.confirm", "POST"): STAFF_ONLY_POST,  # nothing checked: told so
    # Records: attendance, check-in, completion (instructors of the offering and staff keep
    # them; a focal point reads one participant of their city; officials only their own).
    ("attendance.sheet", "GET"): CONTENT,
    ("attendance.sheet", "POST"): CONTENT_POST,  # nothing chosen: told so, redirected
    ("attendance.check_in_code", "GET"): CONTENT,
    ("attendance.check_in_code", "POST"): CONTENT_POST,
    ("attendance.check_in", "GET"): signed_in(200),
    ("attendance.check_in", "POST"): signed_in(200),  # empty form: re-rendered with errors
    ("completion.edit_rule", "GET"): CONTENT,
    ("completion.edit_rule", "POST"): CONTENT_POST,
    ("completion.override", "GET"): CONTENT,
    ("completion.override", "POST"): CONTENT,  # empty form: re-rendered with errors
    ("completion.participant", "GET"): table(302, 404, 200, 200, 200, focal=200),
    # Evaluation: participants answer (the identities under test are not enrolled); the
    # offering's instructors and staff read results and keep its questions; staff the default
    # set (no such question: 404 after the access check).
    ("evaluation.answer", "GET"): signed_in(403),
    ("evaluation.answer", "POST"): signed_in(403),
    ("evaluation.results", "GET"): CONTENT,
    ("evaluation.offering_questions", "GET"): CONTENT,
    ("evaluation.new_offering_question", "GET"): CONTENT,
    ("evaluation.new_offering_question", "POST"): CONTENT,  # empty form: errors shown
    ("evaluation.edit_offering_question", "GET"): table(302, 403, 404, 404, 404),
    ("evaluation.edit_offering_question", "POST"): table(302, 403, 404, 404, 404),
    ("evaluation.default_questions", "GET"): STAFF_ONLY,
    ("evaluation.new_default_question", "GET"): STAFF_ONLY,
    ("evaluation.new_default_question", "POST"): STAFF_ONLY,  # empty form: errors shown
    ("evaluation.edit_default_question", "GET"): table(302, 403, 403, 404, 404),
    ("evaluation.edit_default_question", "POST"): table(302, 403, 403, 404, 404),
    ("records.records_view", "GET"): CONTENT,
    ("records.export_csv", "GET"): CONTENT,
    ("records.import_csv", "GET"): CONTENT,
    ("records.import_csv", "POST"): CONTENT,  # empty form: re-rendered with errors
    # Materials: managed by the offering's instructors and staff (no such material: 404 after
    # the offering's access check); opened after an access check.
    ("materials.manage_materials", "GET"): CONTENT,
    ("materials.add_material", "GET"): CONTENT,
    ("materials.add_material", "POST"): table(302, 403, 400, 400, 400),  # empty form
    ("materials.edit_material", "GET"): table(302, 403, 404, 404, 404),
    ("materials.edit_material", "POST"): table(302, 403, 404, 404, 404),
    ("materials.restore_version", "POST"): table(302, 403, 404, 404, 404),
    ("materials.withdraw_material", "POST"): table(302, 403, 404, 404, 404),
    ("materials.list_materials", "GET"): same(200),
    ("materials.open_material", "GET"): same(404),
    # Action plans: each official writes only their own (none of the identities is enrolled in
    # the offering under test: 404); reviewed by the offering's instructors and staff; the
    # library is public.
    ("plans.my_plan", "GET"): signed_in(404),
    ("plans.my_plan", "POST"): signed_in(404),
    ("plans.set_consent", "POST"): signed_in(404),
    ("plans.list_plans", "GET"): CONTENT,
    ("plans.review_plan", "GET"): table(302, 403, 404, 404, 404),  # no such plan
    ("plans.review_plan", "POST"): table(302, 403, 404, 404, 404),
    ("plans.follow_up", "GET"): signed_in(404),  # no approved plan of theirs asks for one
    ("plans.follow_up", "POST"): signed_in(404),
    ("plans.follow_up_settings", "POST"): CONTENT_POST,  # empty: no follow-up report
    ("plans.library", "GET"): same(200),
    ("plans.library_plan", "GET"): same(404),  # no such published plan
    # A focal point reads their city's officials' plans (read only); nobody else.
    ("city_plans.list_plans", "GET"): table(302, 403, 403, 403, 403, focal=200),
    ("city_plans.show_plan", "GET"): table(302, 403, 403, 403, 403, focal=404),  # no such plan
    # Certificates: public checks, downloads for holders and staff, issuing for staff.
    ("certificates.lookup", "GET"): same(200),
    ("certificates.verify", "GET"): same(404),  # a made-up code: the "not found" page
    ("certificates.verify_json", "GET"): same(404),
    ("certificates.did_document", "GET"): same(404),  # loopback BASE_URL: did:key, no document
    ("certificates.status_list", "GET"): same(404),  # no such list
    ("certificates.download_pdf", "GET"): signed_in(404),  # not theirs / none
    ("certificates.download_credential", "GET"): signed_in(404),
    ("certificates.offering_certificates", "GET"): STAFF_ONLY,
    ("certificates.issue", "POST"): STAFF_ONLY_POST,  # not completed: refused with a message
    ("certificates.bulk_issue", "POST"): STAFF_ONLY_POST,  # to the job's progress page
    ("certificates.build_zip", "POST"): STAFF_ONLY_POST,
    ("certificates.download_zip", "GET"): table(302, 403, 403, 404, 404),  # none built yet
    ("certificates.show", "GET"): table(302, 403, 403, 404, 404),  # no such certificate
    ("certificates.revoke", "POST"): STAFF_ONLY_POST,  # no reason: told so
    ("certificates.reissue", "POST"): STAFF_ONLY_POST,  # no such certificate: told so
    ("certificates.register", "GET"): STAFF_ONLY,
    ("certificates.register_csv", "GET"): STAFF_ONLY,
    ("certificates.edit_settings", "GET"): STAFF_ONLY,
    ("certificates.edit_settings", "POST"): STAFF_ONLY_POST,  # fields not sent keep their values
    ("reports.dashboard", "GET"): STAFF_ONLY,
    ("reports.dashboard_export", "GET"): STAFF_ONLY,
    ("reports.offering_report", "GET"): CONTENT,  # staff and the assigned instructor
    ("reports.offering_export", "GET"): CONTENT,
    # A city's report: staff and the focal point of that city (another city: 403, tested in
    # tests/reports/test_pages.py).
    ("reports.city_report", "GET"): table(302, 403, 403, 200, 200, focal=200),
    ("reports.city_export", "GET"): table(302, 403, 403, 200, 200, focal=200),
    ("reports.my_transcript", "GET"): signed_in(200),  # one's own, whoever asks
    ("reports.my_transcript_export", "GET"): signed_in(200),
    ("reports.my_transcript_pdf", "GET"): signed_in(200),
    # Someone else's transcript: staff only (the person reads their own at /my/transcript).
    ("reports.person_transcript", "GET"): STAFF_ONLY,
    ("reports.person_transcript_export", "GET"): STAFF_ONLY,
    ("communications.announce", "GET"): CONTENT,  # staff and the assigned instructor
    ("communications.announce", "POST"): CONTENT,  # empty form: re-rendered with errors
    # Development only (SHOW_DEV_MAILBOX): never registered in production.
    ("dev.mailbox", "GET"): same(200),
    ("dev.show_mail", "GET"): same(404),  # no mail with that id  # missing fields keep their values
}

# Rules that depend on more than the route. Granting roles (users.update_roles): which change
# each identity may make to an official's roles: (add instructor, add staff, add admin).
ROLE_GRANTS = {
    ANON: (False, False, False),
    OFFICIAL: (False, False, False),
    INSTRUCTOR: (False, False, False),
    STAFF: (True, False, False),  # only an admin grants or takes staff and admin rights
    ADMIN: (True, True, True),
    FOCAL: (False, False, False),
}
