"""Fifty users: replay the callback requests a browser really sends against a running server.

    python bench/load_test.py --url http://127.0.0.1:8050 [--users 50] [--seconds 300]

1. Capture: headless chromium (Playwright) opens every page for several years, provinces and
   both languages and records each ``/_dash-update-component`` request it sends (the body and
   the headers Dash sets), signing in first when the server asks for it (``--user``/``--password``).
2. Replay: ``--users`` threads, each with its own keep-alive connection and session cookie (kept
   as the server re-signs it, so a run may outlast the session's idle time), send
   the captured requests in random order without think time for ``--seconds`` (bounded in count
   by ``--max-requests``). Prints requests/s, errors and p50/p95/p99 of the response time.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import statistics
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
CALLBACK = "/_dash-update-component"
PAGES = ("/", "/map", "/disbursement", "/indicators", "/tables")
KEPT = ("content-type", "x-csrftoken", "accept", "origin", "referer")  # headers replayed as sent


@dataclass(frozen=True)
class Captured:
    body: bytes
    headers: dict[str, str]
    label: str  # the page URL that sent it
    path: str = CALLBACK  # as sent (Dash may add a suffix to the dispatch path)


def page_urls(years: list[int], provinces: list[str]) -> list[str]:
    """Every page in both languages, for several years; the map and tables also per province
    and on the commune level."""
    urls = []
    for lang in ("vi", "en"):
        for year in years:
            for page in PAGES:
                urls.append(f"{page}?lang={lang}&year={year}")
            urls.append(f"/map?lang={lang}&year={year}&level=commune")
            for code in provinces:
                urls.append(f"/map?lang={lang}&year={year}&province={code}&level=commune")
                urls.append(f"/tables?lang={lang}&year={year}&province={code}")
                urls.append(f"/disbursement?lang={lang}&year={year}&province={code}")
    return urls


def capture(
    base: str, urls: list[str], login: tuple[str, str] | None
) -> tuple[list[Captured], str]:
    """The callback requests chromium sends while each URL loads, and the browser's cookies (its
    session: the captured CSRF tokens belong to it)."""
    from playwright.sync_api import sync_playwright

    seen: list[Captured] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context()
        page = context.new_page()
        if login:
            sign_in(page, base, *login)
        current = {"url": ""}

        def record(request) -> None:  # noqa: ANN001 (a Playwright Request)
            if request.method == "POST" and CALLBACK in request.url:
                headers = {k: v for k, v in request.headers.items() if k.lower() in KEPT}
                path = request.url[request.url.index(CALLBACK) :]
                body = request.post_data_buffer or b""
                seen.append(Captured(body, headers, current["url"], path))

        page.on("request", record)
        for url in urls:
            current["url"] = url
            page.goto(base + url, wait_until="networkidle", timeout=120_000)
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in context.cookies(base))
        browser.close()
    return seen, cookie


def sign_in(page, base: str, user: str, password: str) -> None:  # noqa: ANN001 (a Page)
    """Sign in through the login form when the server has one (a no-op otherwise)."""
    page.goto(base + "/", wait_until="networkidle")
    if not page.locator("input[type=password]").count():
        return
    page.fill("input[name=name]", user)
    page.fill("input[type=password]", password)
    page.press("input[type=password]", "Enter")
    page.wait_for_load_state("networkidle")


@dataclass
class Results:
    times: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, error: str | None) -> None:
        with self.lock:
            self.times.append(seconds)
            if error:
                self.errors[error] = self.errors.get(error, 0) + 1


def user(base: str, requests: list[Captured], cookie: str, until: float, budget: list[int],
         results: Results, seed: int) -> None:  # fmt: skip
    """One user: random captured requests back to back on a keep-alive connection."""
    parts = urlsplit(base)
    rng = random.Random(seed)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    jar = dict(pair.split("=", 1) for pair in cookie.split("; ") if "=" in pair)
    while time.monotonic() < until:
        with results.lock:
            if budget[0] <= 0:
                break
            budget[0] -= 1
        request = rng.choice(requests)
        cookies = "; ".join(f"{name}={value}" for name, value in jar.items())
        headers = {**request.headers, "Cookie": cookies, "Accept-Encoding": "gzip"}
        start = time.perf_counter()
        error = None
        try:
            conn.request("POST", request.path, body=request.body, headers=headers)
            response = conn.getresponse()
            response.read()
            for header in response.msg.get_all("Set-Cookie") or ():  # the session, re-signed
                name, _, rest = header.partition("=")
                jar[name] = rest.split(";", 1)[0]
            if response.status >= 400:
                error = f"HTTP {response.status}"
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
        except (OSError, http.client.HTTPException) as exc:
            error = type(exc).__name__
            conn.close()
        results.add(time.perf_counter() - start, error)
    conn.close()


def replay(base: str, requests: list[Captured], users: int, seconds: float, limit: int,
           cookie: str) -> tuple[Results, float]:  # fmt: skip
    results, budget = Results(), [limit]
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=user, args=(base, requests, cookie, until, budget,
                                                   results, n)) for n in range(users)]  # fmt: skip
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - start


def percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100)[int(share * 100) - 1] if len(values) > 1 else 0.0


def report(results: Results, elapsed: float, users: int) -> None:
    count = len(results.times)
    errors = sum(results.errors.values())
    print(f"{users} users, {elapsed:.0f} s: {count:,} requests, {count / elapsed:.1f} requests/s, "
          f"{errors} errors {results.errors or ''}")  # fmt: skip
    print(f"response time: p50 {percentile(results.times, 0.50) * 1000:.0f} ms, "
          f"p95 {percentile(results.times, 0.95) * 1000:.0f} ms, "
          f"p99 {percentile(results.times, 0.99) * 1000:.0f} ms")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8050")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--max-requests", type=int, default=500_000)
    parser.add_argument("--years", type=int, nargs="+", default=[2023, 2024, 2025, 2026])
    parser.add_argument("--provinces", nargs="+", default=["08", "04", "38"])
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--capture-file", help="reuse (or write) the captured requests here")
    args = parser.parse_args()
    login = (args.user, args.password) if args.user else None
    captured, cookie = load_or_capture(args, login)
    if not captured:
        raise SystemExit("no callback request captured: is the site up, and the sign-in right?")
    labels = {c.label for c in captured}
    print(f"captured {len(captured)} callback requests from {len(labels)} page loads")
    results, elapsed = replay(args.url, captured, args.users, args.seconds, args.max_requests,
                              cookie)  # fmt: skip
    report(results, elapsed, args.users)


def load_or_capture(
    args: argparse.Namespace, login: tuple[str, str] | None
) -> tuple[list[Captured], str]:
    """The captured requests and cookie, from ``--capture-file`` when it exists."""
    from pathlib import Path

    path = Path(args.capture_file) if args.capture_file else None
    if path and path.exists():
        saved = json.loads(path.read_text())
        rows = saved["requests"]
        captured = [Captured(r["body"].encode(), r["headers"], r["label"], r["path"]) for r in rows]
        return captured, saved["cookie"]
    captured, cookie = capture(args.url, page_urls(args.years, args.provinces), login)
    if path:
        rows = [{"body": c.body.decode(), "headers": c.headers, "label": c.label, "path": c.path}
                for c in captured]  # fmt: skip
        path.write_text(json.dumps({"requests": rows, "cookie": cookie}))
    return captured, cookie


if __name__ == "__main__":
    main()
