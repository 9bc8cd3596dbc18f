"""Headless chromium (Playwright) for ``bench/pages_bench.py``: when is a choropleth drawn?

An init script hooks ``plotly_afterplot`` on the page's graph (as soon as plotly.js has set it up,
right after the first plot call) and logs, for each event, the time
(``performance.now()``, 0 = navigation start), the time of the next frame after it (the paint),
the number of traces, the number of ``path.choroplethlocation`` drawn, the features of the first
trace's GeoJSON and whether any trace is a new object (a new figure: a recolour; a resize or a
hover redraws the same traces). A measurement waits for the first logged event matching a
condition and takes its paint time.

Every wait of a measurement (navigation, clicks, the drawn condition) is bounded by
``TIMEOUT_MS``, not by Playwright's default of 30 s: on a loaded machine the naive page keeps the
browser busy for longer than that while it parses and draws its 28 MB figure.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Response
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update",
        "--disable-sync"]  # fmt: skip
VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT_MS = 600_000

HOOK = """
(graphId => {
  window.__ev = [];
  let last = [];
  const hook = () => {
    const gd = document.querySelector('#' + graphId + ' .js-plotly-plot');
    if (!gd || !gd.on || gd.__benchHooked) { return; }
    gd.__benchHooked = true;
    gd.on('plotly_afterplot', () => {
      const data = gd.data || [];
      const geo = data[0] && data[0].geojson;
      const entry = {t: performance.now(), paint: null, traces: data.length,
        paths: gd.querySelectorAll('path.choroplethlocation').length,
        features: geo && geo.features ? geo.features.length : 0,
        changed: data.some(trace => !last.includes(trace))};
      last = data.slice();
      window.__ev.push(entry);
      requestAnimationFrame(() => setTimeout(() => { entry.paint = performance.now(); }, 0));
    });
  };
  setInterval(hook, 10);
  // and at once after each plot call's synchronous part: polling alone could miss the event of
  // a drawing that ended before its next turn, and the measurement would then wait for ever
  let plotly;
  Object.defineProperty(window, 'Plotly', {configurable: true, get: () => plotly, set: value => {
    plotly = value;
    ['newPlot', 'react'].forEach(name => {
      const call = value[name];
      value[name] = function () { const done = call.apply(this, arguments); hook(); return done; };
    });
  }});
  // the press that starts a click, stamped by the browser: the user's wait is timed from it
  document.addEventListener('pointerdown', e => { window.__pressed = e.timeStamp; }, true);
})(%s);
"""


# what a page that was never seen drawn shows
STATE = """() => JSON.stringify({ready: document.readyState, plotly: typeof window.Plotly,
  graph: !!document.querySelector('.js-plotly-plot'), events: window.__ev,
  paths: document.querySelectorAll('path.choroplethlocation').length,
  text: document.body ? document.body.innerText.slice(0, 300) : null})"""


@dataclass
class Wire:
    """``_dash-update-component`` responses and other fetches seen by a page."""

    updates: list[tuple[float, int]] = field(default_factory=list)  # (time, encoded body bytes)
    others: list[tuple[str, int]] = field(default_factory=list)
    posts: list[tuple[str, str]] = field(default_factory=list)  # (url, body) of every update
    labelled: list[tuple[str, str, str]] = field(default_factory=list)  # (label, url, body)
    label: str = ""  # what the page is doing now, given to the requests it sends

    def attach(self, page: Page) -> None:
        page.on("response", self._response)
        page.on("request", self._request)

    def _request(self, request) -> None:  # noqa: ANN001 (playwright Request)
        if "_dash-update-component" in request.url and request.method == "POST":
            self.posts.append((request.url, request.post_data or ""))
            self.labelled.append((self.label, request.url, request.post_data or ""))

    def _response(self, response: Response) -> None:
        try:
            size = response.request.sizes()["responseBodySize"]
        except Exception:  # noqa: BLE001 (a response of a closed page has no sizes)
            size = -1
        if "_dash-update-component" in response.url:
            self.updates.append((time.monotonic(), size))
        else:
            self.others.append((response.url, size))

    def update_bytes_since(self, start: float) -> int:
        return sum(size for at, size in self.updates if at >= start)


class Chromium:
    def __init__(self, playwright: Playwright) -> None:
        self.browser: Browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)

    def context(self, graph_id: str) -> BrowserContext:
        """A new context: empty cache (a cold browser)."""
        # the site's CSP forbids eval, which Playwright's wait_for_function needs to poll
        context = self.browser.new_context(viewport=VIEWPORT, bypass_csp=True)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        context.add_init_script(HOOK % json.dumps(graph_id))
        return context

    def close(self) -> None:
        self.browser.close()


def wait_drawn(page: Page, condition: str, since: float = 0.0) -> float:
    """Paint time (ms, ``performance.now()``) of the first afterplot after ``since`` matching
    ``condition`` (a JS expression over ``e``, the logged event)."""
    try:
        handle = page.wait_for_function(
            f"""since => {{
                const e = (window.__ev || []).find(
                    e => e.t >= since && e.paint !== null && ({condition}));
                return e ? e.paint : false;
            }}""",
            arg=since,
            timeout=TIMEOUT_MS,
            polling=50,
        )
    except PlaywrightTimeoutError as exc:  # say what the page had drawn, if anything
        raise RuntimeError(f"not drawn: {condition} at {page.url}: {page.evaluate(STATE)}") from exc
    return float(handle.json_value())


def navigate(page: Page, url: str, condition: str) -> float:
    """Seconds from navigation start to drawn."""
    page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
    return wait_drawn(page, condition) / 1000


class Timed(NamedTuple):
    """An action timed to its drawing: from just before the driver was told to act, and from
    the press of the pointer in the page (the driver's own dispatch of a click, about 45 ms on
    this machine, left out: what a user waits after pressing)."""

    seconds: float
    from_press: float


def timed_action(page: Page, action: Callable[[], None], condition: str) -> Timed:
    """``action`` timed to the first afterplot painted after it."""
    start = float(page.evaluate("window.__pressed = null; performance.now()"))
    action()
    paint = wait_drawn(page, condition, start)
    pressed = page.evaluate("window.__pressed")
    return Timed((paint - start) / 1000, (paint - (pressed or start)) / 1000)


def choose(page: Page, dropdown_id: str, index: int) -> Callable[[], None]:
    """Open a ``dcc.Dropdown``; returns the click on its ``index``-th option."""
    page.click(f"#{dropdown_id}")
    option = page.get_by_role("option").nth(index)
    option.wait_for(timeout=TIMEOUT_MS)
    return lambda: option.click()
