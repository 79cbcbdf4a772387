"""The command line's shared pieces: groups that several domains add to, the periodic tick
(``flask jobs tick``: each domain adds its periodic work) and ``flask translations``."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from app.core.statistics import refresh_statistics

ROOT = Path(__file__).resolve().parent.parent.parent
GROUP_HELP = {
    "seed": "Load reference and demonstration data.",
    "translations": "Extract, update and compile catalogues.",
    "mail": "Deliver the outbox.",
    "jobs": "Periodic work, for cron or a systemd timer.",
}
_PERIODIC = "core.periodic_tasks"


def command_group(app: Flask, name: str) -> AppGroup:
    """The application's command group ``name``, created by the first domain that adds to it."""
    group = app.cli.commands.get(name)
    if group is None:
        group = AppGroup(name, help=GROUP_HELP.get(name))
        app.cli.add_command(group)
    return group


def add_periodic_task(app: Flask, task: Callable[[], str], order: int) -> None:
    """Work ``flask jobs tick`` does, lowest ``order`` first; ``task`` returns a short report."""
    app.extensions.setdefault(_PERIODIC, []).append((order, task))


@click.command("tick")
@with_appcontext
def tick_command():
    """Hand due work to the queue (or do it now without Redis): seat offers, reminders, mail."""
    tasks = sorted(current_app.extensions.get(_PERIODIC, []), key=lambda item: item[0])
    click.echo("; ".join(task() for _, task in tasks) + ".")


def _pybabel(*args: str) -> None:
    # Imported when a translations command runs, not with the app: it takes a third of a
    # second (it loads setuptools) that no request or other command needs.
    from babel.messages.frontend import CommandLineInterface

    previous = Path.cwd()
    os.chdir(ROOT)
    try:
        CommandLineInterface().run(["pybabel", *args])
    finally:
        os.chdir(previous)


@click.command("extract")
def extract():
    """Collect the strings of app/ into translations/messages.pot."""
    _pybabel(
        "extract",
        "-F",
        "babel.cfg",
        "-k",
        "_l",
        "-k",
        "lazy_pgettext:1c,2",
        # Where each string is used (file names only, so line moves do not churn the files)
        # and the notes left for translators ("Translators: ..." comments next to a string).
        "--add-location=file",
        "--add-comments=Translators:",
        "--sort-output",
        "--width=100",
        "--project=KCC Academy",
        "--version=1.0",
        "--copyright-holder=ICLEI Kaohsiung Capacity Centre",
        "--msgid-bugs-address=KCC Academy team (see GLOSSARY.md in the team notes)",
        "-o",
        "translations/messages.pot",
        "app",
    )


@click.command("update")
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
        "--width=100",
    )


@click.command("compile")
def compile_catalogues():
    _pybabel("compile", "-d", "translations", "--statistics")


def register_cli(app: Flask) -> None:
    translations = command_group(app, "translations")
    for command in (extract, update, compile_catalogues):
        translations.add_command(command)
    command_group(app, "jobs").add_command(tick_command)
    add_periodic_task(app, refresh_statistics, order=95)
