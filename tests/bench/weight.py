"""Page weight: every parent and guide page and state, cold, on a phone.

For every parent and guide page and state in the registry (tests/pages.py), load it
cold (fresh context, cache disabled) at phone size in Debian's Chromium and count
through the DevTools protocol what crossed the wire: each response as sent, its
headers included (they travel in the same first TCP window), its body compressed if
the server compressed it and at its real size if not. Budgets, per page:

  first render  the HTML + every render-blocking resource <= 14,600 B (one TCP
                initial window: paint after one round trip)
  whole page    everything <= 30,000 B
  JavaScript    all scripts <= 6,000 B
  fonts         none
  compression   the server itself sends HTML, CSS and JS as brotli or gzip

.ci/run runs this part (`python -m tests.bench --parts weight`), so a page that grows
past its budget fails CI.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

from tests.bench.serving import Bench, Outcome

NAME = "weight"
PHONE = {"width": 360, "height": 740}

FIRST_RENDER_BUDGET = 14_600
PAGE_BUDGET = 30_000
JS_BUDGET = 6_000
AUDIENCES = ("parent.", "guide.")
KIND = {"Document": "html", "Stylesheet": "css", "Script": "js", "Font": "font", "Image": "image"}
MIN_COMPRESSED = 300  # Flask-Compress leaves smaller bodies alone: compressing them gains nothing


@dataclass
class Figures:
    label: str
    status: int | None = None
    requests: int = 0
    first_render: int = 0
    blocking: int = 0
    total: int = 0
    decoded: int = 0
    js: int = 0
    fonts: int = 0
    encodings: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# ---- measuring one page ------------------------------------------------------------------------


class Collector:
    """Every request of one load, from the DevTools protocol's network events."""

    def __init__(self, cdp):
        self.cdp, self.rows = cdp, {}
        cdp.on("Network.requestWillBeSent", self._request)
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.loadingFinished", self._finished)

    def _request(self, event):
        rid = event["requestId"]
        if rid in self.rows and event.get("redirectResponse"):
            hop = self.rows.pop(rid)
            hop.update(wire=event["redirectResponse"].get("encodedDataLength", 0), redirect=True)
            self.rows[f"{rid}:{len(self.rows)}"] = hop
        self.rows[rid] = {"url": event["request"]["url"], "type": event.get("type", "Other"),
                          "wire": 0, "headers": 0, "encoding": "", "redirect": False}

    def _response(self, event):
        row = self.rows.get(event["requestId"])
        if row is not None:
            response = event["response"]
            headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
            row.update(status=response["status"], encoding=headers.get("content-encoding", ""),
                       headers=response.get("encodedDataLength", 0) or 0,
                       type=event.get("type", row["type"]))

    def _finished(self, event):
        row = self.rows.get(event["requestId"])
        if row is not None:
            row["wire"] = event.get("encodedDataLength", 0)

    def body(self, rid: str) -> bytes:
        try:
            got = self.cdp.send("Network.getResponseBody", {"requestId": rid})
        except Exception:
            return b""
        return base64.b64decode(got["body"]) if got.get("base64Encoded") else got["body"].encode()


def measure(contexts, base: str, visit) -> Figures:
    """One cold load: a new page in a context signed in as `visit.who` (once per kind of
    user, through the real sign-in pages), with the browser's cache disabled."""
    from tests.pages import submit_form

    figures = Figures(visit.label)
    context = contexts.page_for(visit).context
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable", {"maxTotalBufferSize": 50_000_000})
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        collector = Collector(cdp)
        if visit.submit:
            page.goto(base + visit.path)
            collector.rows.clear()
            response = submit_form(page, visit)
        else:
            response = page.goto(base + visit.path)
        page.wait_for_load_state("networkidle")
        figures.status = response.status if response else None
        blocking = page.evaluate(
            """() => Object.fromEntries(performance.getEntriesByType('resource')
                 .map(e => [e.name, e.renderBlockingStatus]))"""
        )
        document_url = page.url.split("#")[0]
        for rid, row in list(collector.rows.items()):
            if row["url"].startswith("data:"):
                continue
            kind = KIND.get(row["type"], "other")
            body = b"" if row["redirect"] else collector.body(rid)
            # As sent: headers and body, compressed only if the server compressed it.
            served = row["wire"] or (row["headers"] + len(body))
            figures.requests += 1
            figures.total += served
            figures.decoded += len(body)
            if kind == "js":
                figures.js += served
            if kind == "font":
                figures.fonts += 1
            is_document = (kind == "html" and not row["redirect"]
                           and row["url"].split("#")[0] == document_url)
            if is_document or blocking.get(row["url"]) == "blocking":
                figures.first_render += served
                figures.blocking += 0 if is_document else 1
            if kind in ("html", "css", "js") and len(body) >= MIN_COMPRESSED:
                figures.encodings.add(row["encoding"] or "none")
                if row["encoding"] not in ("br", "gzip") and 200 <= row.get("status", 200) < 300:
                    figures.problems.append(f"{row['url']} sent uncompressed ({len(body)} B)")
                elif row["encoding"] not in ("br", "gzip"):  # counted at its real size above
                    figures.notes.append(f"{row['url']} sent uncompressed ({len(body)} B): "
                                         "Flask-Compress never compresses an error status")
    finally:
        page.close()
    if figures.status != visit.status:
        figures.problems.append(f"HTTP {figures.status}, expected {visit.status}")
    if figures.first_render > FIRST_RENDER_BUDGET:
        figures.problems.append(f"first render {figures.first_render} B > {FIRST_RENDER_BUDGET}")
    if figures.total > PAGE_BUDGET:
        figures.problems.append(f"whole page {figures.total} B > {PAGE_BUDGET}")
    if figures.js > JS_BUDGET:
        figures.problems.append(f"JavaScript {figures.js} B > {JS_BUDGET}")
    if figures.fonts:
        figures.problems.append(f"{figures.fonts} web font(s)")
    return figures


def run(bench: Bench) -> Outcome:
    base, world, visits = bench.demo()
    visits = [v for v in visits
              if v.endpoint.startswith(AUDIENCES) and v.endpoint.startswith(bench.args.only)]
    return weigh(bench.browser(), base, world, visits)


def weigh(browser, base, world, visits) -> Outcome:
    from tests.pages import Contexts

    print(f"Page weight, cold load at {PHONE['width']}x{PHONE['height']}: bytes as sent, "
          f"headers included (budgets: first render {FIRST_RENDER_BUDGET}, page {PAGE_BUDGET}, "
          f"JS {JS_BUDGET}, no fonts)\n")
    header = (f"{'page':<58} {'req':>3} {'block':>5} {'first':>6} {'total':>6} {'decoded':>7} "
              f"{'js':>5} {'font':>4} {'enc':<6} verdict")
    print(header)
    print("-" * len(header))
    failed = errors = 0
    with Contexts(browser, base, world, PHONE) as contexts:
        for visit in visits:
            try:
                f = measure(contexts, base, visit)
            except Exception as error:
                errors += 1
                print(f"{visit.label[:58]:<58} ERROR {str(error).splitlines()[0]}")
                continue
            failed += bool(f.problems)
            encoding = ",".join(sorted(f.encodings)) or "-"
            print(f"{f.label[:58]:<58} {f.requests:>3} {f.blocking:>5} {f.first_render:>6} "
                  f"{f.total:>6} {f.decoded:>7} {f.js:>5} {f.fonts:>4} {encoding:<6} "
                  f"{'OVER' if f.problems else 'ok'}", flush=True)
            for problem in f.problems:
                print(f"    {problem}")
            for note in f.notes:
                print(f"    note: {note}")
    print("\n(block = render-blocking requests beyond the HTML; first = HTML + those; "
          "decoded = uncompressed bodies of everything)")
    return Outcome(failed, errors)
