"""The WSGI application: `gunicorn app:app`, or `flask --app app …`."""

from portal import create_app

app = create_app()
