"""Server time of each callback request a browser sends, in one process, without the network:
the first answer (its reads cold after an import: bump ``meta.data_version`` first) and the
repeated answers (cached), and where the time of a cached answer goes.

    python bench/callback_bench.py --capture-file var/bench/capture.json [--repeat 30]
                                   [--profile] [--rounds 3]

The requests are those ``bench/load_test.py --capture-file`` captured (with the session cookie
they were sent with); the app is built from the environment (``DATABASE_URL``, ``CACHE_URL``,
``VAR_DIR`` and ``SECRET_KEY`` as the server that was captured, so the session is valid). Each
request is sent through Flask's test client: the sign-in gate, the callback and the response's
compression all count, the socket and gunicorn do not.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def label(body: bytes) -> str:
    """The outputs a request writes to, shortened: which callback it is."""
    output = json.loads(body).get("output", "")
    return output.strip(".").replace("...", " ")[:60]


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def page_of(body: bytes) -> str:
    """The page and query a request was sent for (its URL inputs)."""
    inputs = json.loads(body).get("inputs", [])
    parts = {i.get("property"): i.get("value") for i in inputs if isinstance(i, dict)}
    return f"{parts.get('pathname') or ''}{parts.get('search') or ''}"[:60]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--capture-file", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=30, help="answers of each request timed")
    parser.add_argument("--profile", action="store_true", help="cProfile the cached answers")
    parser.add_argument("--rounds", type=int, default=1, help="repeat the whole run")
    args = parser.parse_args()

    from app import create_app

    saved = json.loads(args.capture_file.read_text())
    requests = saved["requests"]
    client = create_app().server.test_client()
    sources = [v for r in requests for k, v in r["headers"].items() if k in ("origin", "referer")]
    base = "http://" + urlsplit(sources[0]).netloc if sources else "http://localhost"
    # the host the requests were captured from: the sign-in gate checks their Origin against it
    for pair in saved["cookie"].split("; "):
        name, _, value = pair.partition("=")
        client.set_cookie(name, value, domain=urlsplit(base).hostname)
    headers_of = [{**r["headers"], "Accept-Encoding": "gzip"} for r in requests]

    def send(n: int) -> float:
        request = requests[n]
        start = time.perf_counter()
        response = client.post(request["path"], data=request["body"].encode(),
                               headers=headers_of[n], base_url=base)  # fmt: skip
        seconds = time.perf_counter() - start
        if response.status_code >= 400:
            raise SystemExit(f"HTTP {response.status_code} for {label(request['body'].encode())}")
        return seconds

    for round_ in range(args.rounds):
        first = [send(n) for n in range(len(requests))]
        times: dict[str, list[float]] = {}
        profiler = cProfile.Profile() if args.profile else None
        if profiler:
            profiler.enable()
        started = time.perf_counter()
        for _ in range(args.repeat):
            for n, request in enumerate(requests):
                times.setdefault(label(request["body"].encode()), []).append(send(n))
        elapsed = time.perf_counter() - started
        if profiler:
            profiler.disable()
        count = args.repeat * len(requests)
        print(f"\nround {round_ + 1}: {len(requests)} captured requests; first pass "
              f"{sum(first):.2f} s; then {count} answers in {elapsed:.2f} s: "
              f"{elapsed / count * 1000:.1f} ms each, {count / elapsed:.0f} per second "
              f"on one thread")  # fmt: skip
        print(f"first answers (their reads cold after an import, unless an earlier request of "
              f"the pass read the same): p50 {statistics.median(first) * 1000:.0f} ms, "
              f"p95 {p95(first) * 1000:.0f} ms, slowest {max(first) * 1000:.0f} ms")  # fmt: skip
        slowest = sorted(range(len(first)), key=lambda n: -first[n])[:5]
        for n in slowest:
            body = requests[n]["body"].encode()
            print(f"  {first[n] * 1000:8.0f} ms  {label(body)}  {page_of(body)}")
        print(f"{'callback (outputs)':62} {'n':>5} {'p50 ms':>8} {'p95 ms':>8}")
        for name, values in sorted(times.items(), key=lambda kv: -statistics.median(kv[1])):
            print(f"{name:62} {len(values):5} {statistics.median(values) * 1000:8.1f} "
                  f"{p95(values) * 1000:8.1f}")  # fmt: skip
        if profiler:
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out).strip_dirs()
            stats.sort_stats("cumulative").print_stats(30)
            stats.sort_stats("tottime").print_stats(20)
            print(out.getvalue())


if __name__ == "__main__":
    main()
