"""`flask --app app portal …`: migrate, demo, and (from other areas) their own commands."""

import json
import sys
from pathlib import Path

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


@portal_cli.command("create-user")
@click.option("--email", prompt="Email address", help="The account's email address.")
@click.option("--name", prompt="Full name", help="The person's full name.")
@click.option(
    "--role",
    type=click.Choice(["admin", "social_worker", "manager", "interpreter"]),
    default="admin",
    show_default=True,
    help="The account's role (the first account is usually an administrator).",
)
@click.password_option(
    "--password", prompt="Password (at least 12 characters)", help="Omit it to be asked."
)
def create_user_command(email: str, name: str, role: str, password: str) -> None:
    """Create a staff account, e.g. the first administrator."""
    from email_validator import EmailNotValidError, validate_email

    from portal import staff_accounts
    from portal.demo import get_or_create_council
    from portal.models.staff import Role

    try:
        email = validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise click.ClickException(f"That email address is not valid: {exc}") from exc
    if not name.strip() or len(name) > 200:
        raise click.ClickException("Enter a name of 1 to 200 characters.")
    # The password rules speak through gettext, which needs a request's locale.
    with current_app.test_request_context():
        problem = staff_accounts.password_problem(password, email)
    if problem:
        raise click.ClickException(problem)
    if staff_accounts.by_email(email) is not None:
        raise click.ClickException("There is already an account with this email address.")
    council = get_or_create_council(current_app.extensions["profile"])
    session().flush()
    staff_accounts.create_account(council.id, email, name.strip(), Role(role), password)
    session().commit()
    click.echo(f"Created the {role} account for {email}.")


@portal_cli.command("send-messages")
@click.option("--every", type=float, default=0.0,
              help="Keep running, one pass every this many seconds (default: one pass, then stop).")
def send_messages_command(every: float) -> None:
    """Queue the reminders that are due, then deliver the outbox (SMTP, or the log)."""
    import time

    from portal import notify

    while True:
        try:
            counts = notify.run_once()
        except notify.NotConfigured as problem:
            raise click.ClickException(str(problem)) from problem
        click.echo(
            f"Reminders queued: {counts['reminders_queued']}. Sent: {counts['sent']}. "
            f"To retry later: {counts['retry']}. Failed for good: {counts['failed']}."
        )
        if not every:
            return
        time.sleep(every)


@portal_cli.command("purge")
def purge_command() -> None:
    """Remove what has been kept for the council's retention periods (run it daily)."""
    from portal import retention

    rules = current_app.extensions["profile"].retention
    done = retention.purge(rules)
    session().commit()
    click.echo(
        f"Family content removed from {done.conferences} conference(s) held on or before "
        f"{done.cutoff.isoformat()} "
        f"({done.invitations} invitation(s) emptied; anonymous counts kept)."
    )
    for table, count in sorted(done.rows.items()):
        click.echo(f"  {table}: {count}")
    click.echo(
        f"Sign-in attempts older than {rules.sign_in_attempts_days} days removed: "
        f"{done.sign_in_attempts}. Finished messages older than "
        f"{rules.delivered_messages_days} days removed: {done.messages}. "
        f"Expired secrets held for staff removed: {done.held_secrets}."
    )


@portal_cli.command("new-key")
def new_key_command() -> None:
    """Print a new random encryption key (for ENCRYPTION_KEYS)."""
    from portal.crypto import new_key

    click.echo(new_key())


@portal_cli.command("rotate-key")
def rotate_key_command() -> None:
    """Re-encrypt everything encrypted with an older key, using the first key of
    ENCRYPTION_KEYS. Safe to run again; afterwards the older keys can be removed."""
    from portal import key_rotation
    from portal.crypto import UndecryptableError

    keyring = current_app.extensions["keyring"]
    try:
        counts = key_rotation.rotate(engine(), keyring)
    except UndecryptableError as problem:
        raise click.ClickException(str(problem)) from problem
    for name, (checked, rewritten) in counts.items():
        click.echo(f"{name}: {checked} checked, {rewritten} re-encrypted.")
    total = sum(rewritten for _checked, rewritten in counts.values())
    click.echo(f"Done: {total} value(s) re-encrypted with the first key.")
    if keyring.count > 1:
        click.echo("Every value now opens with the first key: the others can be removed "
                   "from ENCRYPTION_KEYS on every server.")


@portal_cli.command("check-profile")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def check_profile_command(path: Path) -> None:
    """Check a council profile file: list every problem, or every fact with its source
    and every fact the profile does not give."""
    from portal.profiles import ProfileError, read_profile
    from portal.profiles.listing import facts, not_given

    try:
        profile = read_profile(path)
    except ProfileError as exc:
        problems = str(exc).splitlines()
        for line in problems:
            click.echo(line)
        click.echo(f"{len(problems)} problem(s) found in {path}.")
        sys.exit(1)
    found, missing = facts(profile), not_given(profile)
    click.echo(f"{path}: {profile.name}: the file is valid.\n")
    click.echo("Facts and their sources:")
    for fact in found:
        click.echo(f"  {fact.field}: {fact.value}")
        click.echo(f"      source: {fact.source}")
        if fact.note:
            click.echo(f"      note: {fact.note}")
    click.echo("\nNot given (pages tell the parent to ask their social worker instead):")
    for field in missing:
        click.echo(f"  {field}")
    national = sum(f.source == "national" for f in found)
    click.echo(
        f"\n{len(found)} facts: {len(found) - national} from the council's own documents, "
        f"{national} from national guidance. {len(missing)} not given."
    )


def init_app(app: Flask) -> None:
    app.cli.add_command(portal_cli)
