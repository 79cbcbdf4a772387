"""Who may edit an offering's text, sessions and modules: staff and the instructors assigned
to that offering, not every instructor."""

from __future__ import annotations

from tests.factories import csrf_token, sign_in


def test_only_the_assigned_instructor_edits_the_content(app, db, create_user, create_offering):
    """Guards ``can_edit_content``: an instructor teaching another offering, or not assigned to
    this one while a colleague is, is refused; the assigned colleague (the control) is not."""
    assigned = create_user(roles=("instructor",))
    other = create_user(roles=("instructor",))
    offering = create_offering(instructors=[assigned], modules=1)
    create_offering(instructors=[other])  # the other one teaches elsewhere
    paths = [
        f"/manage/offerings/{offering.id}/text/en",
        f"/manage/offerings/{offering.id}/sessions/new",
        f"/manage/offerings/{offering.id}/modules/new",
    ]
    allowed, refused = app.test_client(), app.test_client()
    sign_in(allowed, assigned)
    sign_in(refused, other)
    assert {p: allowed.get(p).status_code for p in paths} == dict.fromkeys(paths, 200)
    assert {p: refused.get(p).status_code for p in paths} == dict.fromkeys(paths, 403)
    token = csrf_token(refused, "/account")
    response = refused.post(
        paths[0],
        data={"csrf_token": token, "title": "Taken over", "summary": "", "description": ""},
    )
    assert response.status_code == 403
    page = allowed.get(f"/offerings/{offering.id}").get_data(as_text=True)
    assert "Taken over" not in page
