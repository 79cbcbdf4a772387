"""The signed-cookie session with its serializer made once per secret (core/cookie_session.py):
a cookie signed with a secret is read while that secret is the key or a fallback, and not
once it is neither, whichever serializer was made before."""

from __future__ import annotations

from flask import Flask, session

from app.core.cookie_session import CookieSessionInterface


def _app() -> Flask:
    app = Flask(__name__)
    app.secret_key = "first secret"
    app.session_interface = CookieSessionInterface()

    @app.post("/remember/<word>")
    def remember(word: str):
        session["word"] = word
        return "kept"

    @app.get("/recall")
    def recall():
        return session.get("word", "nothing")

    return app


def test_a_session_is_read_while_its_secret_is_a_key():
    app = _app()
    client = app.test_client()
    client.post("/remember/kaohsiung")
    assert client.get("/recall").text == "kaohsiung"

    app.secret_key = "second secret"  # rotated: the cookie signed with the first is refused
    assert client.get("/recall").text == "nothing"

    app.config["SECRET_KEY_FALLBACKS"] = ["first secret"]  # until it is a fallback
    assert client.get("/recall").text == "kaohsiung"
    client.post("/remember/taipei")  # signed with the current secret from now on
    app.config["SECRET_KEY_FALLBACKS"] = []
    assert client.get("/recall").text == "taipei"

    app.secret_key = "first secret"
    assert client.get("/recall").text == "nothing"


def test_each_application_signs_with_its_own_secret():
    """One interface may serve two applications of a process (the tests make many)."""
    first, second = _app(), _app()
    second.secret_key = "another secret"
    second.session_interface = first.session_interface
    client = first.test_client()
    client.post("/remember/seoul")
    cookie = client.get_cookie("session")
    other = second.test_client()
    other.set_cookie("session", cookie.value)
    assert other.get("/recall").text == "nothing"
    assert client.get("/recall").text == "seoul"
