"""How long /healthz and a page take to answer while slow clients hold connections open.

    python bench/slow_clients_bench.py [--url http://127.0.0.1:8050] [--clients 50] [--runs 5]

Needs a running server (``make run``). Each slow client sends a request line and one header line,
then another header line every 5 seconds and never finishes. Prints the median and the slowest
answer of ``--runs`` requests of each path without and with the slow clients (a request that gets
no answer within 30 s counts as 30 s).
"""

from __future__ import annotations

import argparse
import socket
import statistics
import threading
import time
import urllib.request
from urllib.parse import urlsplit

PATHS = ("/healthz", "/")
GIVE_UP = 30.0


def timed(url: str) -> float:
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=GIVE_UP) as response:
            response.read()
    except OSError:
        return GIVE_UP
    return time.perf_counter() - start


def measure(base: str, runs: int) -> dict[str, tuple[float, float]]:
    figures = {}
    for path in PATHS:
        times = [timed(base + path) for _ in range(runs)]
        figures[path] = (statistics.median(times), max(times))
    return figures


def trickle(sockets: list[socket.socket], stop: threading.Event) -> None:
    while not stop.wait(5):
        for sock in sockets:
            try:
                sock.sendall(b"X-Slow: 1\r\n")
            except OSError:
                pass  # the server cut it off: what a deadline on headers does


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8050")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    address = urlsplit(options.url)
    idle = measure(options.url, options.runs)
    slow = [
        socket.create_connection((address.hostname, address.port)) for _ in range(options.clients)
    ]
    for sock in slow:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
    stop = threading.Event()
    threading.Thread(target=trickle, args=(slow, stop), daemon=True).start()
    time.sleep(1)  # let the server take them all
    loaded = measure(options.url, options.runs)
    stop.set()
    for sock in slow:
        sock.close()
    print(f"{options.clients} slow clients, {options.runs} requests per figure (median / slowest)")
    for path in PATHS:
        (m0, x0), (m1, x1) = idle[path], loaded[path]
        print(f"  {path:10} alone {m0 * 1000:7.1f} / {x0 * 1000:7.1f} ms   "
              f"with slow clients {m1 * 1000:7.1f} / {x1 * 1000:7.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
