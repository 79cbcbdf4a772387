"""``flask seed cities``: the standard list of cities and organisations."""

from __future__ import annotations

import csv
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import select

from app.cities.models import City
from app.core.cli import command_group
from app.extensions import db

CITIES_CSV = Path(__file__).resolve().parent.parent / "data" / "cities.csv"


def seed_cities() -> int:
    """Add the standard list of cities (idempotent: existing names are left as they are)."""
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


@click.command("cities")
@with_appcontext
def seed_cities_command():
    click.echo(f"Added {seed_cities()} cities and organisations.")


def register_cli(app: Flask) -> None:
    command_group(app, "seed").add_command(seed_cities_command)
