"""Demonstration and benchmark data: ``flask seed demo`` and ``flask scale-data``."""

from __future__ import annotations

import secrets
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import select

from app.accounts.models import User, UserRole
from app.accounts.passwords import hash_password
from app.cities.cli import seed_cities
from app.cities.models import City
from app.core.cli import command_group
from app.core.db import utcnow
from app.demo.attendance import seed_records_b_demo
from app.demo.certificates import seed_certificates_demo
from app.demo.evaluation import seed_evaluation_demo
from app.demo.offerings import seed_enrolments, seed_offerings
from app.demo.records import seed_records_a_demo
from app.demo.scale_data import SIZES, load
from app.extensions import db

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
        "focal.point@demo.kcc.test",
        "王建宏",
        "Wang Chien-hung",
        "Kaohsiung City Government",
        "zh_Hant_TW",
        "Asia/Taipei",
        ("official", "focal_point"),
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


@click.command("demo")
@with_appcontext
def seed_demo_command():
    """Cities plus one verified demo user per role, with passwords printed once."""
    seed_cities()
    cities = {c.name("en"): c for c in db.session.scalars(select(City))}
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

    instructor = db.session.scalar(select(User).where(User.email == "instructor@demo.kcc.test"))
    click.echo(f"Added {seed_offerings(instructor)} demonstration offerings.")
    click.echo(f"Added {seed_enrolments()} demonstration enrolments.")
    click.echo(seed_records_a_demo())
    click.echo(f"Added a finished workshop with {seed_records_b_demo(instructor)} completions.")
    click.echo(f"Issued {seed_certificates_demo()} demonstration certificates.")
    click.echo(seed_evaluation_demo(instructor))


@click.command("scale-data")
@with_appcontext
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
    result = load(SIZES[size], seed=seed, fixtures_path=Path(output))
    click.echo(
        f"Loaded {result['counts']} in {result['seconds']} s "
        f"({result['timings']}); fixtures in {output}."
    )


def register_cli(app: Flask) -> None:
    command_group(app, "seed").add_command(seed_demo_command)
    app.cli.add_command(scale_data_command)
