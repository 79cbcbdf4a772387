"""psycopg's cursor with a ``description`` whose columns are made when first read.

SQLAlchemy reads ``cursor.description`` after every statement, to learn whether it returned
rows; for a statement it has run before it keeps what the columns are and reads nothing
more. psycopg answers with a new ``Column`` object for every column (its name decoded, its
type looked up): the sign-in statement has about forty, and on PostgreSQL making them was
7.7 % of a signed-in page's time (py-spy, the contact page as an official). Here the answer
is a sequence of the same length whose columns are made when someone reads one (SQLAlchemy
the first time it runs a statement, a ``text()`` query, a driver-level caller), from the
result it describes even when the cursor has run another statement since.

Installed with SQLAlchemy's documented ``connect_args={"cursor_factory": ...}`` (create_app).
"""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

import psycopg
from psycopg.pq import ExecStatus

# What psycopg's own ``description`` answers with columns for (else None).
_ROW_STATUSES = (ExecStatus.TUPLES_OK, ExecStatus.SINGLE_TUPLE, ExecStatus.TUPLES_CHUNK)


class Description(Sequence):
    """The columns of one result, made on first reading."""

    __slots__ = ("_columns", "_cursor", "_result")

    def __init__(self, cursor: psycopg.Cursor, result) -> None:
        self._cursor = cursor
        self._result = result
        self._columns: list[psycopg.Column] | None = None

    def __len__(self) -> int:
        return self._result.nfields

    def __getitem__(self, index):
        return self._made()[index]

    def __repr__(self) -> str:
        return repr(self._made())

    def _made(self) -> list[psycopg.Column]:
        if self._columns is None:
            cursor = self._cursor
            if cursor.pgresult is not self._result:
                # The cursor has moved on: the columns are read from this result (what a
                # Column reads of its cursor: the result, the encoding and the types).
                cursor = SimpleNamespace(
                    pgresult=self._result,
                    _encoding=self._cursor._encoding,
                    adapters=self._cursor.adapters,
                )
            self._columns = [psycopg.Column(cursor, i) for i in range(self._result.nfields)]
        return self._columns


class Cursor(psycopg.Cursor):
    @property
    def description(self) -> Description | None:  # type: ignore[override]
        result = self.pgresult
        if result is not None and (result.nfields or result.status in _ROW_STATUSES):
            return Description(self, result)
        return None


def pg_connect_args() -> dict[str, Any]:
    """The driver's arguments for a PostgreSQL engine."""
    return {"cursor_factory": Cursor}
