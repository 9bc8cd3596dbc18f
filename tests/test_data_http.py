"""The data page over HTTP against gunicorn on 127.0.0.1 (AUTH=on, two workers, the background
jobs in child processes): who may upload, a file over the limit refused before it is read,
crafted callbacks of an officer that change nothing, and two commits that never write at once."""

from __future__ import annotations

import shutil
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from sqlalchemy import Engine, func, select

from dashboard import accounts
from dashboard.db import make_engine
from dashboard.importing.lock import import_lock
from dashboard.models import Disbursement, ImportBatch
from layouts import ids
from tests.app_fixtures import seed_overview
from tests.data_http import (
    body_of,
    callback_of,
    csrf_of,
    dependencies,
    finish,
    login,
    report_file,
    run,
    start,
    upload,
)
from tests.server import gunicorn, link_geodata

PASSWORD = "a long enough passphrase"
LIMIT_MB = 1
HG = [["03/2025", "02", "00715", "DA4.1", "NSTW", "ĐTPT", "500"],  # Hà Giang, now Tuyên Quang
      ["03/2025", "02", "00718", "DA1", "NSTW", "Sự nghiệp", "300"]]  # fmt: skip
LC = [["03/2025", "12", "03436", "DA4.1", "NSĐP", "ĐTPT", "200"]]  # Lai Châu


@dataclass
class Site:
    base: str
    engine: Engine
    var: Path
    files: Path

    def uploads(self) -> list[str]:
        folder = self.var / "uploads"
        return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.fixture(scope="module")
def site(seeded_sqlite_file: Path, built_geodata: Path, tmp_path_factory) -> Iterator[Site]:  # noqa: ANN001
    work = tmp_path_factory.mktemp("data-http")
    shutil.copy(seeded_sqlite_file, work / "ntp.db")
    url = f"sqlite:///{work / 'ntp.db'}"
    engine = make_engine(url)
    seed_overview(engine)
    accounts.add(engine, "boss", "admin", PASSWORD)
    accounts.add(engine, "tq", "officer", PASSWORD, ["08"])  # Tuyên Quang (with Hà Giang)
    accounts.add(engine, "ana", "analyst", PASSWORD, ["08"])
    link_geodata(work / "var", built_geodata)
    files = work / "files"
    files.mkdir()
    env = {"AUTH": "on", "IMPORT_MAX_MB": str(LIMIT_MB)}
    with gunicorn(url, work / "var", work / "gunicorn.log", **env) as base:
        yield Site(base, engine, work / "var", files)
    engine.dispose()


def paid(engine: Engine, province: str | None = None) -> int:
    query = select(func.coalesce(func.sum(Disbursement.amount_vnd), 0))
    if province:
        query = query.where(Disbursement.province_code == province)
    with engine.connect() as conn:
        return int(conn.scalar(query))


def batches(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(ImportBatch)))


def review(browser: requests.Session, base: str, uploaded: dict) -> dict:
    dep = callback_of(dependencies(browser, base), ids.DATA_UPLOADED, "data")
    body = body_of(dep, {f"{ids.DATA_UPLOADED}.data": uploaded, f"{ids.URL}.search": "?lang=en"})
    answer = run(browser, base, body)
    return answer


def commit_body(browser: requests.Session, base: str, reviewed: object) -> dict:
    dep = callback_of(dependencies(browser, base), ids.DATA_COMMIT, "n_clicks")
    values = {f"{ids.DATA_COMMIT}.n_clicks": 1, f"{ids.DATA_REVIEWED}.data": reviewed,
              f"{ids.DATA_CHANGED}.data": 0, f"{ids.URL}.search": "?lang=en"}  # fmt: skip
    return body_of(dep, values)


def uploaded_and_reviewed(site: Site, browser: requests.Session, name: str, rows: list) -> dict:
    answer = upload(browser, site.base, report_file(site.files, name, rows))
    assert answer.status_code == 200, answer.text
    outputs = review(browser, site.base, answer.json())
    return outputs[ids.DATA_REVIEWED]["data"]


def outcome_text(outputs: dict | None) -> str:
    return str((outputs or {}).get(ids.DATA_REVIEW, {}).get("children"))


class TestUpload:
    def test_an_anonymous_upload_is_refused(self, site: Site) -> None:
        path = report_file(site.files, "anon.csv", HG)
        answer = upload(requests.Session(), site.base, path)
        assert answer.status_code == 401 and site.uploads() == []

    def test_an_analyst_may_not_upload(self, site: Site) -> None:
        answer = upload(login(site.base, "ana", PASSWORD), site.base,
                        report_file(site.files, "ana.csv", HG))  # fmt: skip
        assert answer.status_code == 403 and site.uploads() == []

    def test_an_upload_without_its_csrf_token_or_from_another_site_is_refused(
        self, site: Site
    ) -> None:
        browser = login(site.base, "tq", PASSWORD)
        path = report_file(site.files, "tq.csv", HG)
        assert upload(browser, site.base, path, token="forged").status_code == 400
        with path.open("rb") as file:
            crossed = browser.post(f"{site.base}/data/upload", files={"file": file},
                                   headers={"Origin": "https://evil.example"})  # fmt: skip
        assert crossed.status_code == 403 and site.uploads() == []

    def test_a_file_over_the_limit_is_refused_before_it_is_read(self, site: Site) -> None:
        """Only the headers are sent: a Content-Length of 50 MB, none of the body. The server
        answers 413 at once (it cannot have read what was never sent) and keeps nothing."""
        browser = login(site.base, "tq", PASSWORD)
        cookie = browser.cookies.get("ntp_session")
        where = urlsplit(site.base)
        head = (
            f"POST /data/upload HTTP/1.1\r\nHost: {where.netloc}\r\nOrigin: {site.base}\r\n"
            f"Cookie: ntp_session={cookie}\r\nX-CSRFToken: {csrf_of(browser, site.base)}\r\n"
            "Content-Type: multipart/form-data; boundary=xyz\r\n"
            f"Content-Length: {50 * 1024 * 1024}\r\n\r\n"
        )
        with socket.create_connection((where.hostname, where.port), timeout=20) as sock:
            sock.sendall(head.encode())
            answer = b""
            while b"}" not in answer:  # the JSON body of the refusal
                chunk = sock.recv(65536)
                if not chunk:
                    break
                answer += chunk
        status_line, _, rest = answer.partition(b"\r\n")
        assert b" 413 " in status_line
        assert f"{LIMIT_MB} MB".encode() in rest and b"IMPORT_MAX_MB" in rest
        assert site.uploads() == []

    def test_a_file_over_the_limit_inside_a_small_form_is_refused_and_not_kept(
        self, site: Site
    ) -> None:
        """The form's room lets a file a little over the limit pass the Content-Length check;
        it is refused as its bytes are counted, and nothing of it stays."""
        path = site.files / "big.csv"
        path.write_bytes(b"x" * (LIMIT_MB * 1024 * 1024 + 1000))
        answer = upload(login(site.base, "tq", PASSWORD), site.base, path)
        assert answer.status_code == 413 and "IMPORT_MAX_MB" in answer.json()["error"]
        assert site.uploads() == []

    def test_an_officers_upload_is_kept_under_a_generated_name(self, site: Site) -> None:
        browser = login(site.base, "tq", PASSWORD)
        answer = upload(browser, site.base, report_file(site.files, "../../t3 2025.csv", HG))
        body = answer.json()
        assert answer.status_code == 200 and body["name"] == "t3 2025.csv"
        assert body["upload"] in site.uploads() and "t3 2025.csv" not in site.uploads()


class TestCrafted:
    """Requests an officer of Tuyên Quang (08) crafts for Lai Châu (12)."""

    def test_committing_a_file_of_another_province_changes_nothing(self, site: Site) -> None:
        browser = login(site.base, "tq", PASSWORD)
        reviewed = uploaded_and_reviewed(site, browser, "lc.csv", LC)
        before = paid(site.engine, "12"), paid(site.engine)
        outputs = run(browser, site.base, commit_body(browser, site.base, reviewed))
        assert "outside" in str(outputs) or "0 rows accepted" in outcome_text(outputs)
        assert (paid(site.engine, "12"), paid(site.engine)) == before

    def test_committing_an_administrators_review_changes_nothing(self, site: Site) -> None:
        boss = login(site.base, "boss", PASSWORD)
        reviewed = uploaded_and_reviewed(site, boss, "boss-lc.csv", LC)
        officer = login(site.base, "tq", PASSWORD)
        before = paid(site.engine, "12"), batches(site.engine)
        outputs = run(officer, site.base, commit_body(officer, site.base, reviewed))
        assert "Nothing was written" in outcome_text(outputs)
        assert (paid(site.engine, "12"), batches(site.engine)) == before

    def test_a_viewer_sent_with_the_callback_is_refused(self, site: Site) -> None:
        browser = login(site.base, "tq", PASSWORD)
        reviewed = uploaded_and_reviewed(site, browser, "lc2.csv", LC)
        body = commit_body(browser, site.base, reviewed)
        body["state"].append(
            {
                "id": "viewer",
                "property": "data",
                "value": {"name": "boss", "role": "admin", "provinces": None},
            }
        )
        before = paid(site.engine, "12"), batches(site.engine)
        assert start(browser, site.base, body).status_code == 400
        assert (paid(site.engine, "12"), batches(site.engine)) == before

    def test_an_analyst_cannot_start_a_review(self, site: Site) -> None:
        boss = login(site.base, "boss", PASSWORD)
        answer = upload(boss, site.base, report_file(site.files, "b.csv", LC)).json()
        analyst = login(site.base, "ana", PASSWORD)
        dep = callback_of(dependencies(boss, site.base), ids.DATA_UPLOADED, "data")
        body = body_of(dep, {f"{ids.DATA_UPLOADED}.data": answer})
        assert start(analyst, site.base, body).status_code == 403


class TestCommit:
    def test_an_officers_commit_writes_the_accepted_rows_to_the_dong(self, site: Site) -> None:
        browser = login(site.base, "tq", PASSWORD)
        reviewed = uploaded_and_reviewed(site, browser, "hg-lc.csv", [*HG, *LC])
        before, lai_chau = paid(site.engine), paid(site.engine, "12")
        outputs = run(browser, site.base, commit_body(browser, site.base, reviewed))
        assert "2 rows accepted, 1 rejected" in outcome_text(outputs)
        assert paid(site.engine) - before == 800_000_000
        assert paid(site.engine, "12") == lai_chau

    def test_two_concurrent_commits_are_serialised(self, site: Site) -> None:
        """Both reviewed against the same data; one writes, the other (which waited for the
        lock) finds the data changed and writes nothing: never two writers at once."""
        boss = login(site.base, "boss", PASSWORD)
        first = uploaded_and_reviewed(site, boss, "one.csv", [["05/2025", *HG[0][1:]]])
        second = uploaded_and_reviewed(site, boss, "two.csv", [["06/2025", *HG[1][1:]]])
        before, count = paid(site.engine), batches(site.engine)
        bodies = [commit_body(boss, site.base, reviewed) for reviewed in (first, second)]
        handles = [start(boss, site.base, body).json() for body in bodies]
        answers = [finish(boss, site.base, b, h) for b, h in zip(bodies, handles, strict=True)]
        texts = sorted(outcome_text(a) for a in answers)
        assert sum("rows accepted" in text for text in texts) == 1
        assert sum("Review the file again" in text for text in texts) == 1
        assert batches(site.engine) == count + 1
        assert paid(site.engine) - before in (500_000_000, 300_000_000)

    def test_a_commit_waits_while_another_import_writes_and_says_so(self, site: Site) -> None:
        boss = login(site.base, "boss", PASSWORD)
        reviewed = uploaded_and_reviewed(site, boss, "wait.csv", [["04/2025", *HG[0][1:]]])
        body = commit_body(boss, site.base, reviewed)
        with import_lock(site.engine, holder="the test"):
            handles = start(boss, site.base, body).json()
            said = waiting_said(boss, site.base, body, handles)
            count = batches(site.engine)
        assert "Waiting" in said and "the test" in said
        outputs = finish(boss, site.base, body, handles)
        assert "rows accepted" in outcome_text(outputs) and batches(site.engine) == count + 1


def waiting_said(browser: requests.Session, base: str, body: dict, handles: dict) -> str:
    """The progress a held-up job reports, polled as the browser polls (at most a minute)."""
    params = {"cacheKey": handles["cacheKey"], "job": handles["job"]}
    for _ in range(300):
        answer = browser.post(f"{base}/_dash-update-component", params=params, json=body,
                              headers={"Origin": base}, timeout=30)  # fmt: skip
        progress = str(answer.json().get("progress")) if answer.status_code == 200 else ""
        if "Waiting" in progress:
            return progress
        time.sleep(0.2)  # the browser polls on an interval too
    return ""
