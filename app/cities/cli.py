"""``flask seed cities``: the standard list of cities and organisations."""

from __future__ import annotations

import csv
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import select

from app.cities.forms import NAME_FIELDS
from app.cities.models import City
from app.core.cli import command_group
from app.core.i18n import DEFAULT_LOCALE
from app.core.localized import only_filled
from app.extensions import db

CITIES_CSV = Path(__file__).resolve().parent.parent / "data" / "cities.csv"


def seed_cities() -> int:
    """Add the standard list of cities (idempotent: existing names are left as they are).

    The file has a column per language (``name_en``... ``name_zh_hans_cn``, the fields of the
    city form); an empty one is left out of the city's names."""
    existing = {names.get(DEFAULT_LOCALE) for names in db.session.scalars(select(City.names))}
    added = 0
    with CITIES_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["name_en"] in existing:
                continue
            db.session.add(
                City(
                    country_code=row["country_code"],
                    is_member=row["is_member"] == "1",
                    names=only_filled(
                        {code: row.get(column, "") for code, column in NAME_FIELDS.items()}
                    ),
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
