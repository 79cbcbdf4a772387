"""Flask's signed-cookie session, its signing serializer made once per secret.

Flask makes a new serializer for every request that opens or saves a session, and a new
serializer writes a test value to learn whether it writes text: a twentieth of the contact
page's time for a new visitor (py-spy: 5.9 % of a rendering in the serializer's making).
The serializer holds only the keys, the salt and the signing settings, the same for every
request while the secret keys are; a new secret (a rotation, another application with
another secret in the same process) makes a new one.
"""

from __future__ import annotations

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


class CookieSessionInterface(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._kept: tuple[tuple, URLSafeTimedSerializer | None] | None = None

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        secrets = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if self._kept is None or self._kept[0] != secrets:
            self._kept = (secrets, super().get_signing_serializer(app))
        return self._kept[1]
