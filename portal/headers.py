"""Every security header, in one place.

Private pages (anything that is not the public guide or a static file) are
never stored by the browser, so a shared phone shows nothing after sign-out.
"""

from flask import Flask, request

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'none'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'self'"
)

# Endpoints whose pages say nothing about anyone and may be cached.
PUBLIC_PREFIXES = ("static", "guide.")


def init_app(app: Flask) -> None:
    @app.after_request
    def _security_headers(response):
        h = response.headers
        h.setdefault("Content-Security-Policy", CSP)
        h["X-Content-Type-Options"] = "nosniff"
        h["X-Frame-Options"] = "DENY"
        h["Referrer-Policy"] = "no-referrer"
        h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        h["Cross-Origin-Opener-Policy"] = "same-origin"
        if app.config["SESSION_COOKIE_SECURE"]:
            h["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        endpoint = request.endpoint or ""
        if endpoint == "static":
            h["Cache-Control"] = "public, max-age=31536000, immutable"
        elif not endpoint.startswith(PUBLIC_PREFIXES) or "Set-Cookie" in h:
            h["Cache-Control"] = "no-store"
            h["Pragma"] = "no-cache"
        else:
            h.setdefault("Cache-Control", "no-cache")
        return response
