"""Counting the SQL statements a request runs (SQLAlchemy's before_cursor_execute), and
catching any run while a template renders: the query-count tests and `make bench`'s
EXPLAIN plans use it.

    with Statements(app) as seen:
        client.get("/tasks")
    assert len(seen.run) <= 4, seen.report()
    assert not seen.in_templates, seen.report()
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from flask import before_render_template, template_rendered
from sqlalchemy import event


@dataclass
class Statement:
    sql: str
    parameters: object
    template: str | None  # the template rendering when it ran, if any


@dataclass
class Statements:
    app: object
    run: list[Statement] = field(default_factory=list)

    def __post_init__(self):
        self._rendering = threading.local()

    @property
    def in_templates(self) -> list[Statement]:
        return [s for s in self.run if s.template]

    def _before_cursor_execute(self, _conn, _cursor, statement, parameters, _context, _many):
        self.run.append(Statement(statement, parameters, self._template()))

    def _template(self) -> str | None:
        stack = getattr(self._rendering, "stack", [])
        return stack[-1] if stack else None

    def _render_starts(self, _app, template, context, **_extra):
        self._rendering.stack = [*getattr(self._rendering, "stack", []), template.name]

    def _render_ends(self, _app, template, context, **_extra):
        self._rendering.stack = getattr(self._rendering, "stack", [])[:-1]

    def __enter__(self) -> Statements:
        engine = self.app.extensions["db_engine"]
        event.listen(engine, "before_cursor_execute", self._before_cursor_execute)
        before_render_template.connect(self._render_starts, self.app)
        template_rendered.connect(self._render_ends, self.app)
        return self

    def __exit__(self, *exc) -> bool:
        engine = self.app.extensions["db_engine"]
        event.remove(engine, "before_cursor_execute", self._before_cursor_execute)
        before_render_template.disconnect(self._render_starts, self.app)
        template_rendered.disconnect(self._render_ends, self.app)
        return False

    def report(self) -> str:
        lines = [f"{len(self.run)} statements:"]
        for number, s in enumerate(self.run, start=1):
            where = f" (in {s.template})" if s.template else ""
            lines.append(f"{number:>3}{where}: {' '.join(s.sql.split())[:300]}")
        return "\n".join(lines)
