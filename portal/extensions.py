"""Extension objects, created once and bound to the app in create_app()."""

from flask_compress import Compress
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
compress = Compress()
