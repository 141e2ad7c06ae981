"""`flask --app app portal …`: migrate, demo, and (from other areas) their own commands."""

import json
import sys

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from portal import demo, migrate
from portal.db import engine, session

portal_cli = AppGroup("portal", help="Run the portal's own tasks.")


@portal_cli.command("migrate")
def migrate_command() -> None:
    """Bring the database to the latest migration."""
    migrate.upgrade(engine())
    click.echo("Database is at the latest migration.")


@portal_cli.command("demo")
@click.option("--json", "as_json", is_flag=True, help="Print the demo sign-in details as JSON.")
def demo_command(as_json: bool) -> None:
    """Migrate an empty database and load the demo council, conferences and people."""
    migrate.upgrade(engine())
    if demo.has_data():
        click.echo(
            "This database already has data, so the demo was not loaded. "
            "Use an empty database (set DATABASE_URL) or `make run`, which starts a fresh demo.",
            err=True,
        )
        sys.exit(1)
    details = demo.load(current_app.extensions["profile"])
    session().commit()
    if as_json:
        click.echo(json.dumps(details, ensure_ascii=False))
        return
    site = current_app.config["SITE_URL"].rstrip("/")
    click.echo(f"\nDemo loaded for {current_app.extensions['profile'].name}.\n")
    click.echo("Parents and carers (open the link, then type the access code):")
    for inv in details["invitations"]:
        click.echo(f"  {inv['name']:<22} {site}{inv['link']}")
        click.echo(f"  {'':<22} access code {inv['code']}   ({inv['conference']})")
    click.echo(f"\nStaff (sign in at {site}/staff/sign-in):")
    for user in details["staff"]:
        click.echo(f"  {user['role']:<14} {user['email']:<28} password {user['password']}")
    click.echo("")


def init_app(app: Flask) -> None:
    app.cli.add_command(portal_cli)
