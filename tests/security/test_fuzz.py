"""Issue 12 item 8 (SECURITY.md 5.1.x, WSTG-INPV, H-series): every route, every form field and
query parameter, hostile values, as each role: no answer of 500 or more, and a refused request
changes no row.

Fields are discovered the way a visitor finds them: by reading the forms on the GET pages (their
action, method and field names), so a new form is fuzzed without touching this file. Query
parameters come from the GET forms (filters) plus ``page`` and ``next``. Path integers are also
tried out of range. To keep the run short, one request sends the same hostile value in every
field at once, and a route an identity may not use gets only a few values.
"""

from __future__ import annotations

import re
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from app.core.db import load_parts
from app.enrolment.models import Enrolment
from app.evaluation.models import EvaluationQuestion
from tests.factories import csrf_token, sign_in

HOSTILE = (
    "\x00",
    "A" * 10_000,
    "not-a-number",
    "99999999999999999999",
    "²",
    "0001-01-01",
    "\u202e\u200b\u200b",
    "𝔘𝔫𝔦\ufeff\r\n\x1b[31m' OR '1'='1",
)
FEW = ("\x00", "99999999999999999999", "²")  # for routes the identity may not use
HUGE_ID = "99999999999999999999"
# Rows a refused request may legitimately touch: the session's last-seen time and wrong
# second-factor count, and mail delivery bookkeeping after the response.
BOOKKEEPING = ("login_sessions", "outbox_mails", "jobs")
SKIPPED = {"static", "accounts.logout"}  # signing out would end the identity's run
NOT_ALLOWED = {302, 401, 403, 404, 405}


class FormReader(HTMLParser):
    """Collect each form's action, method, field names, field types and pre-filled values."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._current: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        form = self._current
        if tag == "form":
            self._current = {
                "action": attrs.get("action") or "",
                "method": (attrs.get("method") or "get").lower(),
                "fields": set(),
                "types": {},
                "defaults": {},
            }
            self.forms.append(self._current)
            return
        if form is None:
            return
        name = attrs.get("name")
        if tag == "option" and self._select:
            value = attrs.get("value", "")
            if self._select not in form["defaults"] or "selected" in attrs:
                form["defaults"][self._select] = value
            return
        if not name or name == "csrf_token":
            return
        form["fields"].add(name)
        kind = attrs.get("type", "text") if tag == "input" else tag
        form["types"][name] = kind
        if tag == "select":
            self._select = name
        elif tag == "textarea":
            self._textarea = name
            form["defaults"].setdefault(name, "")
        elif kind in ("checkbox", "radio"):
            if "checked" in attrs:
                form["defaults"][name] = attrs.get("value", "y")
        elif kind not in ("submit", "button"):
            form["defaults"].setdefault(name, attrs.get("value", ""))

    def handle_data(self, data):
        if self._textarea and self._current is not None:
            self._current["defaults"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


class WriteWatcher:
    """Statements that changed rows and were committed, per table (any engine of the test)."""

    DML = re.compile(r"^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)", re.IGNORECASE)

    def __init__(self):
        self.pending: list[str] = []
        self.committed: list[str] = []

    def before(self, conn, cursor, statement, *args):
        found = self.DML.match(statement)
        if found:
            self.pending.append(found.group(2).lower())

    def commit(self, conn):
        self.committed.extend(self.pending)
        self.pending = []

    def rollback(self, conn):
        self.pending = []

    def __enter__(self):
        event.listen(Engine, "before_cursor_execute", self.before)
        event.listen(Engine, "commit", self.commit)
        event.listen(Engine, "rollback", self.rollback)
        return self

    def __exit__(self, *exc):
        event.remove(Engine, "before_cursor_execute", self.before)
        event.remove(Engine, "commit", self.commit)
        event.remove(Engine, "rollback", self.rollback)

    def take(self) -> list[str]:
        changed = [t for t in self.committed if t not in BOOKKEEPING]
        self.committed = []
        return changed


@pytest.fixture
def world(db, create_user, create_city, create_offering):
    city, other_city = create_city(), create_city()
    people = {
        "official": create_user(city=city),
        "instructor": create_user(roles=("instructor",), city=city),
        "focal_point": create_user(roles=("official", "focal_point"), city=city),
        "admin": create_user(roles=("staff", "admin"), city=city),
    }
    open_offering = create_offering(
        sessions=1, modules=1, instructors=[people["instructor"]], city_cap=3
    )
    nomination = create_offering(enrolment_mode="nomination", instructors=[people["instructor"]])
    target = create_user(city=other_city)
    enrolment = Enrolment(
        user_id=people["official"].id, offering_id=nomination.id, status="nominated"
    )
    db.session.add(enrolment)
    question = EvaluationQuestion(offering_id=open_offering.id, kind="text", texts={"en": "Why?"})
    db.session.add(question)
    db.session.commit()
    values = {
        "user_id": target.id,
        "city_id": other_city.id,
        "offering_id": open_offering.id,
        "session_id": load_parts(open_offering, "sessions").sessions[0].id,
        "module_id": load_parts(open_offering, "modules").modules[0].id,
        "enrolment_id": enrolment.id,
        "locale": "en",
        "token": "not-a-token",
        "mail_id": 1,
        "notification_id": 1,
        "job_id": 1,
        "page": "privacy",
        "material_id": 1,
        "plan_id": 1,
        "certificate_id": 1,
        "list_id": 1,
        "code": "0" * 32,
        "question_id": question.id,
        "fmt": "csv",
    }
    return people, values


def _paths(app, values) -> list[tuple[str, str, str]]:
    """(endpoint, method, path) for every route, with real ids, plus out-of-range ids."""
    from flask import url_for

    found = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if rule.endpoint in SKIPPED:
                continue
            args = {name: values[name] for name in rule.arguments}
            path = url_for(rule.endpoint, **args)
            ints = [
                name
                for name, converter in rule._converters.items()
                if type(converter).__name__ == "IntegerConverter"
            ]
            huge = url_for(rule.endpoint, **{**args, **dict.fromkeys(ints, int(HUGE_ID))})
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                found.append((rule.endpoint, method, path))
                if ints:
                    found.append((rule.endpoint, method, huge))
    return sorted(set(found))


def _discover(client, paths) -> tuple[dict, dict]:
    """The forms on every GET page: POST forms by action (fields, types, pre-filled values)
    and GET query parameters by page."""
    post_forms: dict[str, dict] = {}
    query_params: dict[str, set] = defaultdict(lambda: {"page", "next"})
    for _, method, path in paths:
        if method != "GET" or HUGE_ID in path:
            continue
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.content_type:
            continue
        reader = FormReader()
        reader.feed(response.get_data(as_text=True))
        for form in reader.forms:
            action = urlsplit(form["action"]).path or path
            if form["method"] == "post":
                known = post_forms.setdefault(
                    action, {"fields": set(), "types": {}, "defaults": {}}
                )
                known["fields"] |= form["fields"]
                known["types"].update(form["types"])
                known["defaults"].update(form["defaults"])
            else:
                query_params[action] |= form["fields"]
    return post_forms, query_params


def _refused(response) -> bool:
    if 400 <= response.status_code < 500:
        return True
    return response.status_code == 200 and 'class="error-summary"' in response.get_data(
        as_text=True
    )


TARGETED = {
    "date": ("0001-01-01", "9999-12-31", "2026-02-30"),
    "datetime-local": ("0001-01-01T00:00", "9999-12-31T23:59"),
    "time": ("24:61", "99:99"),
    "number": ("99999999999999999999", "²", "-1"),
    "select": ("99999999999999999999", "²"),
    "text": ("A" * 10_000,),
    "email": ("A" * 300 + "@example.org",),
    "textarea": ("A" * 200_000,),
}


# Values for empty fields, so the one hostile field is the only thing wrong with a form.
PLAUSIBLE = {
    "date": "2027-03-01",
    "datetime-local": "2027-03-01T10:00",
    "time": "10:00",
    "number": "5",
    "text": "Fuzz",
    "textarea": "Fuzz",
    "email": "fuzz@example.org",
}


@pytest.mark.timeout(900)  # about a minute on an idle machine; far more on a loaded CI box
def test_hostile_values_never_give_500_nor_change_rows_when_refused(app_factory, world):
    people, values = world
    app = app_factory(SHOW_DEV_MAILBOX=True)
    paths = _paths(app, values)
    problems: list[str] = []
    sent = defaultdict(int)
    reached = defaultdict(int)

    with WriteWatcher() as writes:

        def send(identity, client, method, path, fields, token, note):
            writes.take()
            if method == "GET":
                response = client.get(f"{path}?{urlencode(fields)}" if fields else path)
            else:
                response = client.post(path, data={**fields, "csrf_token": token})
            sent[identity] += 1
            label = f"{identity} {method} {path} {note}"
            if response.status_code >= 500:
                problems.append(f"{response.status_code}: {label}")
            changed = writes.take()
            if method == "POST" and _refused(response) and changed:
                problems.append(f"refused but changed {sorted(set(changed))}: {label}")
            return response.status_code

        for identity in ("anonymous", "official", "focal_point", "instructor", "admin"):
            client = app.test_client()
            if identity != "anonymous":
                sign_in(client, people[identity])
            post_forms, query_params = _discover(client, paths)
            if identity == "anonymous":
                assert {"email", "password", "name_native"} <= post_forms["/register"]["fields"]
                assert "q" in query_params["/offerings"]
            if identity == "admin":
                assert "name_en" in post_forms["/staff/cities/new"]["fields"]
            token = csrf_token(client, "/forgot-password")
            for _endpoint, method, path in paths:
                form = post_forms.get(path, {"fields": set(), "types": {}, "defaults": {}})
                names = form["fields"] if method == "POST" else query_params[path]
                queue = list(HOSTILE)
                first = True
                while queue:
                    value = queue.pop(0)
                    fields = dict.fromkeys(names, value)
                    status = send(identity, client, method, path, fields, token, repr(value[:12]))
                    if first and status in NOT_ALLOWED:
                        # No way in for this identity: a few values are enough.
                        queue = [v for v in FEW if v != value] if names else []
                    if first and status not in NOT_ALLOWED:
                        reached[identity] += 1
                    first = False
                if method != "POST" or not names or status in NOT_ALLOWED:
                    continue
                # One field at a time, the others as the page fills them in: dates out of
                # range, numbers that overflow, overlong text.
                baseline = {
                    name: form["defaults"].get(name) or PLAUSIBLE.get(form["types"].get(name), "")
                    for name in names
                    if form["types"].get(name) not in ("checkbox", "radio", "submit", "button")
                    or name in form["defaults"]
                }
                for name in sorted(names):
                    for value in TARGETED.get(form["types"].get(name, ""), ()):
                        fields = {**baseline, name: value}
                        note = f"{name}={value[:20]!r}"
                        send(identity, client, method, path, fields, token, note)
    assert min(sent.values()) > 100 and reached["admin"] > 40, (dict(sent), dict(reached))
    assert not problems, "\n".join(problems[:60])
