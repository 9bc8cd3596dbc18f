"""Wall display memory over time: JS heap and DOM nodes after 50 and after 500 rotations.

    python bench/wall_bench.py [--url http://127.0.0.1:8050] [--seconds 0.1] [--refresh 1]

Needs a running server (``make run`` or ``python app.py``) and /usr/bin/chromium. The page rotates
every ``--seconds`` and checks the data version every ``--refresh`` seconds; heap figures are
taken after a forced garbage collection (``--js-flags=--expose-gc``) with
``--enable-precise-memory-info``. The wall keeps memory bounded when the ratio stays near 1.
"""

from __future__ import annotations

import argparse
import time

from playwright.sync_api import sync_playwright

PANELS = "kpis,map,lagging,scurve,indicators,province:14"
ARGS = ["--no-sandbox", "--disable-gpu", "--enable-precise-memory-info", "--js-flags=--expose-gc"]
MEASURE = """() => { window.gc(); return {heap: performance.memory.usedJSHeapSize,
    nodes: document.getElementsByTagName('*').length}; }"""


def wait_rotations(page, count: int) -> None:  # noqa: ANN001 (playwright Page)
    page.wait_for_function(
        f"Number(document.querySelector('.wall').dataset.rotations || 0) >= {count}",
        timeout=0,
        polling=200,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8050")
    parser.add_argument("--seconds", type=float, default=0.1)
    parser.add_argument("--refresh", type=int, default=1)
    parser.add_argument("--rotations", type=int, default=500)
    options = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        query = f"panels={PANELS}&seconds={options.seconds}&refresh={options.refresh}"
        start = time.perf_counter()
        page.goto(f"{options.url}/wall?{query}", wait_until="networkidle")
        wait_rotations(page, 50)
        early = page.evaluate(MEASURE)
        wait_rotations(page, options.rotations)
        late = page.evaluate(MEASURE)
        elapsed = time.perf_counter() - start
        browser.close()
    print(f"after 50 rotations:  heap {early['heap'] / 1e6:8.2f} MB, {early['nodes']} DOM nodes")
    print(
        f"after {options.rotations} rotations: heap {late['heap'] / 1e6:8.2f} MB, "
        f"{late['nodes']} DOM nodes"
    )
    heap, nodes = late["heap"] / early["heap"], late["nodes"] / early["nodes"]
    print(f"ratio: heap {heap:.3f}, DOM nodes {nodes:.3f} ({elapsed:.0f} s)")


if __name__ == "__main__":
    main()
