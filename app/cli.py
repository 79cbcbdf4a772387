"""Command-line tasks: first admin, seed and demo data, translations, mail delivery."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

ROOT = Path(__file__).resolve().parent.parent
CITIES_CSV = Path(__file__).resolve().parent / "data" / "cities.csv"

seed_cli = AppGroup("seed", help="Load reference and demonstration data.")
translations_cli = AppGroup("translations", help="Extract, update and compile catalogues.")
mail_cli = AppGroup("mail", help="Deliver the outbox.")
jobs_cli = AppGroup("jobs", help="Periodic work, for cron or a systemd timer.")


def seed_cities() -> int:
    """Add the standard list of cities (idempotent: existing names are left as they are)."""
    from app.cities.models import City
    from app.extensions import db

    existing = set(db.session.scalars(select(City.name_en)))
    added = 0
    with CITIES_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["name_en"] in existing:
                continue
            db.session.add(
                City(
                    country_code=row["country_code"],
                    is_member=row["is_member"] == "1",
                    name_en=row["name_en"],
                    name_zh_hant_tw=row["name_zh_hant_tw"],
                    name_ko=row["name_ko"],
                    name_ja=row["name_ja"],
                    name_zh_hans_cn=row["name_zh_hans_cn"],
                )
            )
            added += 1
    db.session.commit()
    return added


@seed_cli.command("cities")
def seed_cities_command():
    click.echo(f"Added {seed_cities()} cities and organisations.")


DEMO_USERS = (
    # email, native name, latin name, city (English name), locale, timezone, roles
    (
        "official@demo.kcc.test",
        "陳美玲",
        "Chen Mei-ling",
        "Kaohsiung City Government",
        "zh_Hant_TW",
        "Asia/Taipei",
        ("official",),
    ),
    (
        "official.ko@demo.kcc.test",
        "김민준",
        "Kim Min-jun",
        "Busan Metropolitan City",
        "ko",
        "Asia/Seoul",
        ("official",),
    ),
    (
        "official.ja@demo.kcc.test",
        "佐藤 花子",
        "Sato Hanako",
        "City of Yokohama",
        "ja",
        "Asia/Tokyo",
        ("official",),
    ),
    (
        "instructor@demo.kcc.test",
        "林志明",
        "Lin Chih-ming",
        "Taipei City Government",
        "en",
        "Asia/Taipei",
        ("instructor",),
    ),
    (
        "staff@demo.kcc.test",
        "黃怡君",
        "Huang Yi-chun",
        "ICLEI Kaohsiung Capacity Centre",
        "zh_Hant_TW",
        "Asia/Taipei",
        ("staff",),
    ),
    (
        "admin@demo.kcc.test",
        "Demo Administrator",
        "Demo Administrator",
        "ICLEI Kaohsiung Capacity Centre",
        "en",
        "Asia/Taipei",
        ("admin", "staff"),
    ),
)


@seed_cli.command("demo")
def seed_demo_command():
    """Cities plus one verified demo user per role, with passwords printed once."""
    import secrets

    from app.accounts.models import User, UserRole
    from app.accounts.passwords import hash_password
    from app.cities.models import City
    from app.core.db import utcnow
    from app.extensions import db

    seed_cities()
    cities = {c.name_en: c for c in db.session.scalars(select(City))}
    click.echo("Demo accounts (staff and admin set up two-step verification at first sign-in):")
    for email, native, latin, city, locale, tz, roles in DEMO_USERS:
        password = "demo-" + secrets.token_urlsafe(9)
        existing = db.session.scalar(select(User).where(User.email == email))
        if existing:  # a second run hands out fresh passwords rather than none
            existing.password_hash = hash_password(password)
            click.echo(f"  {email:32} {password:22} {', '.join(roles)}")
            continue
        user = User(
            email=email,
            password_hash=hash_password(password),
            name_native=native,
            name_latin=latin,
            city_id=cities[city].id,
            locale=locale,
            timezone=tz,
            email_verified_at=utcnow(),
            department="Demo",
            job_title="Demo",
        )
        user.role_rows.extend(UserRole(role=r) for r in roles)
        db.session.add(user)
        click.echo(f"  {email:32} {password:22} {', '.join(roles)}")
    db.session.commit()
    from app.catalogue.demo import seed_offerings

    instructor = db.session.scalar(select(User).where(User.email == "instructor@demo.kcc.test"))
    click.echo(f"Added {seed_offerings(instructor)} demonstration offerings.")
    from app.catalogue.demo import seed_enrolments

    click.echo(f"Added {seed_enrolments()} demonstration enrolments.")


def register_cli(app: Flask) -> None:
    app.cli.add_command(seed_cli)
    app.cli.add_command(translations_cli)
    app.cli.add_command(mail_cli)
    app.cli.add_command(jobs_cli)
    register_scale_command(app)

    @app.cli.command("create-admin")
    @click.argument("email")
    @click.argument("name")
    def create_admin_command(email: str, name: str):
        """Create the first administrator and print a one-time random password."""
        from app.accounts.errors import EmailTaken
        from app.accounts.services import create_admin
        from app.extensions import db

        try:
            user, password = create_admin(email, name)
        except EmailTaken as error:
            raise click.ClickException("An account with this e-mail address exists.") from error
        db.session.commit()
        click.echo(f"Administrator {user.email} created. One-time password: {password}")
        click.echo("Sign in, set up two-step verification, then change the password.")


def _pybabel(*args: str) -> None:
    from babel.messages.frontend import CommandLineInterface

    previous = Path.cwd()
    os.chdir(ROOT)
    try:
        CommandLineInterface().run(["pybabel", *args])
    finally:
        os.chdir(previous)


@translations_cli.command("extract")
def extract():
    """Collect the strings of app/ into translations/messages.pot."""
    _pybabel(
        "extract",
        "-F",
        "babel.cfg",
        "-k",
        "_l",
        "--no-location",
        "--sort-output",
        "-o",
        "translations/messages.pot",
        "app",
    )


@translations_cli.command("update")
def update():
    """extract, then merge the template into every catalogue."""
    extract.callback()
    _pybabel(
        "update",
        "-i",
        "translations/messages.pot",
        "-d",
        "translations",
        "--no-fuzzy-matching",
        "--ignore-obsolete",
    )


@translations_cli.command("compile")
def compile_catalogues():
    _pybabel("compile", "-d", "translations", "--statistics")


@mail_cli.command("deliver")
def deliver_command():
    """Send due outbox mails (run from cron or a systemd timer as a safety sweep)."""
    from app.notifications.services import deliver_due

    click.echo(f"Delivered {deliver_due(limit=500)} mail(s).")


@jobs_cli.command("tick")
def tick_command():
    """Hand due work to the queue (or do it now without Redis): mail retries, reminders."""
    from app.core.jobs import enqueue
    from app.enrolment.services import expire_offers
    from app.notifications.reminders import send_due_reminders

    expired = expire_offers()
    reminded = send_due_reminders()
    enqueue("app.notifications.services.deliver_due")
    click.echo(
        f"Expired {expired} seat offer(s), sent {reminded} reminder(s); due mail handed over."
    )


def register_scale_command(app: Flask) -> None:
    @app.cli.command("scale-data")
    @click.option(
        "--size",
        type=click.Choice(["full", "small"]),
        default="full",
        help="full: 100,000 officials, 2,000 offerings, 500,000 enrolments.",
    )
    @click.option("--seed", type=int, default=42, help="Same seed, same data.")
    @click.option(
        "--output",
        type=click.Path(),
        default="instance/scale-data.json",
        help="Where to write the benchmark fixtures' ids.",
    )
    def scale_data_command(size: str, seed: int, output: str):
        """Fill the database with a realistic data set at regional scale (bulk inserts)."""
        from pathlib import Path

        from app.scale_data import SIZES, load

        result = load(SIZES[size], seed=seed, fixtures_path=Path(output))
        click.echo(
            f"Loaded {result['counts']} in {result['seconds']} s "
            f"({result['timings']}); fixtures in {output}."
        )
