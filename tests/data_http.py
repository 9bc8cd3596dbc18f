"""Helpers of the data page's HTTP tests: sign in, upload, and run a Dash background callback
over HTTP the way the browser does (start it, then poll with the signed handles it answered)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import requests

from tests.dashboard.import_helpers import write_csv

HEADER = ["Kỳ báo cáo", "Mã tỉnh", "Mã xã", "Dự án/tiểu dự án", "Nguồn vốn", "Loại vốn",
          "Giải ngân trong kỳ (triệu đồng)"]  # fmt: skip
DISPATCH = "/_dash-update-component"


def csrf_of(browser: requests.Session, base: str) -> str:
    page = browser.get(f"{base}/login", timeout=10).text
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def login(base: str, name: str, password: str) -> requests.Session:
    browser = requests.Session()
    form = {"name": name, "password": password, "csrf_token": csrf_of(browser, base), "next": "/"}
    answer = browser.post(f"{base}/login", data=form, headers={"Origin": base},
                          allow_redirects=False, timeout=10)  # fmt: skip
    assert answer.status_code == 302, answer.text
    return browser


def report_file(folder: Path, name: str, rows: list[list[str]]) -> Path:
    return write_csv(folder / name, [HEADER, *rows])


def upload(browser: requests.Session, base: str, path: Path, token: str | None = None):  # noqa: ANN201
    token = token or csrf_of(browser, base)
    with path.open("rb") as file:
        return browser.post(f"{base}/data/upload", files={"file": (path.name, file)},
                            headers={"Origin": base, "X-CSRFToken": token}, timeout=30)  # fmt: skip


def dependencies(browser: requests.Session, base: str) -> list[dict]:
    return browser.get(f"{base}/_dash-dependencies", timeout=10).json()


def callback_of(deps: list[dict], component: str, prop: str) -> dict:
    """The callback whose first input is ``component.prop``."""
    for dep in deps:
        first = dep["inputs"][0]
        if (first["id"], first["property"]) == (component, prop):
            return dep
    raise LookupError(f"no callback on {component}.{prop}")


def body_of(dep: dict, values: dict[str, object]) -> dict:
    """A request of callback ``dep`` with ``values`` by "id.property" (others None)."""

    def items(specs: list[dict]) -> list[dict]:
        return [{"id": s["id"], "property": s["property"],
                 "value": values.get(f"{s['id']}.{s['property']}")} for s in specs]  # fmt: skip

    output = dep["output"]
    parts = output.strip(".").split("...") if output.startswith("..") else [output]
    outputs = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]} for p in parts]
    first = dep["inputs"][0]
    return {
        "output": output,
        "outputs": outputs if output.startswith("..") else outputs[0],
        "inputs": items(dep["inputs"]),
        "state": items(dep["state"]),
        "changedPropIds": [f"{first['id']}.{first['property']}"],
    }


def start(browser: requests.Session, base: str, body: dict) -> requests.Response:
    return browser.post(f"{base}{DISPATCH}", json=body, headers={"Origin": base}, timeout=30)


def finish(
    browser: requests.Session, base: str, body: dict, handles: dict, seen: list | None = None,
    timeout: float = 180,
) -> dict | None:  # fmt: skip
    """Poll a started background callback until it answers; its outputs ("id" -> {prop: value})
    or None (no update). Progress answered on the way goes to ``seen``."""
    params = {"cacheKey": handles["cacheKey"], "job": handles["job"]}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answer = browser.post(f"{base}{DISPATCH}", params=params, json=body,
                              headers={"Origin": base}, timeout=30)  # fmt: skip
        if answer.status_code == 204:
            return None
        assert answer.status_code == 200, answer.text[:500]
        data = answer.json()
        if seen is not None and data.get("progress"):
            seen.append(data["progress"])
        if "response" in data:
            return data["response"]
        time.sleep(0.2)  # the browser polls on an interval too
    raise AssertionError("the background callback did not answer in time")


def run(browser: requests.Session, base: str, body: dict, seen: list | None = None) -> dict | None:
    started = start(browser, base, body)
    assert started.status_code == 200, started.text[:500]
    return finish(browser, base, body, started.json(), seen)
