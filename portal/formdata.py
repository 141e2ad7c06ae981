"""Reading posted forms so that invalid UTF-8 is never silently lost.

Werkzeug drops a whole urlencoded form whose bytes are not valid UTF-8 (so a
parent would see "page open too long" and lose every box), and keeps invalid
percent-escapes as literal "%C3" text. Here both become U+FFFD, which
portal.forms.PlainText turns into a clear message beside the field, with the
rest of what was typed kept.
"""

from urllib.parse import parse_qsl

from flask import Request
from werkzeug.formparser import FormDataParser


class LenientFormDataParser(FormDataParser):
    def _parse_urlencoded(self, stream, mimetype, content_length, options):
        text = stream.read().decode("utf-8", "replace")
        items = parse_qsl(text, keep_blank_values=True, errors="replace")
        return stream, self.cls(items), self.cls()


class PortalRequest(Request):
    form_data_parser_class = LenientFormDataParser
