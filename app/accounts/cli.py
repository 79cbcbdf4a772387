"""``flask create-admin``: the first administrator (there are no default accounts)."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext

from app.accounts.errors import EmailTaken
from app.accounts.services.user_management import create_admin
from app.extensions import db


@click.command("create-admin")
@with_appcontext
@click.argument("email")
@click.argument("name")
def create_admin_command(email: str, name: str):
    """Create the first administrator and print a one-time random password."""
    try:
        user, password = create_admin(email, name)
    except EmailTaken as error:
        raise click.ClickException("An account with this e-mail address exists.") from error
    db.session.commit()
    click.echo(f"Administrator {user.email} created. One-time password: {password}")
    click.echo("Sign in, set up two-step verification, then change the password.")


def register_cli(app: Flask) -> None:
    app.cli.add_command(create_admin_command)
