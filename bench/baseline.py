"""The ceiling: the fastest a plain Flask + SQLAlchemy page can be on this machine.

Reads 20 rows joined to a second table from a 10,000-row table in the same database server,
by an index range from a start drawn per request (``WHERE id > :start ORDER BY id LIMIT 20``,
as the fastest plain page would page, not with an ``OFFSET`` the database has to walk), and
renders them with a ~5 KB Jinja template. Run by bench/run.py under the same gunicorn
settings as the platform: ``BENCH_DATABASE_URL=... gunicorn bench.baseline:app``.
"""

from __future__ import annotations

import os
import random

from flask import Flask, render_template
from jinja2 import DictLoader
from sqlalchemy import ForeignKey, String, create_engine, func, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from app.core.pg_cursor import pg_connect_args


class Base(DeclarativeBase):
    pass


class Group(Base):
    __tablename__ = "bench_groups"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))


class Item(Base):
    __tablename__ = "bench_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("bench_groups.id"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(String(400))


# About 5 KB once rendered: a page shell, a table of 20 rows and some static text.
TEMPLATE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Baseline</title>
<link rel="stylesheet" href="/static/app.css"></head><body><header><h1>Baseline page</h1>
<nav><a href="/">Home</a> <a href="/a">A</a> <a href="/b">B</a> <a href="/c">C</a></nav></header>
<main><p>{{ intro }}</p><table><thead><tr><th>#</th><th>Group</th><th>Title</th><th>Body</th>
</tr></thead><tbody>{% for item, group in rows %}<tr><td>{{ item.id }}</td><td>{{ group.name }}
</td><td>{{ item.title }}</td><td>{{ item.body }}</td></tr>{% endfor %}</tbody></table>
<p>{{ intro }}</p><p>{{ intro }}</p></main><footer>{{ intro }}</footer></body></html>"""
INTRO = (
    "A plain page used as the ceiling for KCC Academy's benchmark: one query, twenty rows "
    "joined to a second table, one template, nothing else. "
)


def ensure_data(engine) -> None:
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        if session.scalar(select(func.count()).select_from(Item)):
            return
        session.execute(insert(Group), [{"id": n, "name": f"Group {n}"} for n in range(1, 101)])
        session.execute(
            insert(Item),
            [
                {
                    "id": n,
                    "group_id": 1 + n % 100,
                    "title": f"Item number {n}",
                    "body": "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do.",
                }
                for n in range(1, 10_001)
            ],
        )
        session.commit()


def engine_for(url: str):
    """With the platform's driver settings (app/core/pg_cursor.py), so that the ceiling is
    never the slower of the two for a setting anyone could make."""
    if url.startswith("postgresql://"):
        return create_engine(
            url.replace("postgresql://", "postgresql+psycopg://"),
            pool_pre_ping=True,
            connect_args=pg_connect_args(),
        )
    return create_engine(url, pool_pre_ping=True)


def create_app() -> Flask:
    """The data must exist already: bench/run.py calls ensure_data once before gunicorn starts
    (two workers creating it at the same time would collide)."""
    engine = engine_for(os.environ["BENCH_DATABASE_URL"])
    app = Flask(__name__)
    # A named template, compiled once and kept by Jinja, as a Flask page's template is
    # (``render_template_string`` compiles its source again on every call: 1.8 ms of this
    # page's 3.0 ms of CPU, measured in-process on 1 December 2026, which made the ceiling
    # about half as fast as a plain page is).
    app.jinja_env.loader = DictLoader({"page.html": TEMPLATE})

    @app.route("/")
    def page():
        start = random.randrange(0, 9_980)  # noqa: S311 (not a secret)
        with Session(engine) as session:
            rows = session.execute(
                select(Item, Group).join(Group).where(Item.id > start).order_by(Item.id).limit(20)
            ).all()
            return render_template("page.html", rows=rows, intro=INTRO * 3)

    return app


app = create_app() if os.environ.get("BENCH_DATABASE_URL") else None
