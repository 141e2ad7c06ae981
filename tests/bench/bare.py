"""The bare Flask handler the portal's pages are compared with: the same gunicorn
settings, no database, no templates, no session (`gunicorn tests.bench.bare:app`)."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello"
