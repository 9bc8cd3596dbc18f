"""With CACHE_URL set the data page's jobs run on Celery: gunicorn queues a review and a commit
in Redis, ``ntp-dashboard worker`` runs them as the signed-in account, and the figures change by
exactly the accepted rows."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dashboard import accounts
from dashboard.db import make_engine
from dashboard.models import Disbursement, ImportBatch
from layouts import ids
from tests.app_fixtures import seed_overview
from tests.callbacks.test_deps import REDIS_URL, _redis_reason
from tests.data_http import body_of, callback_of, dependencies, login, report_file, run, upload
from tests.server import ROOT, gunicorn, link_geodata

pytestmark = pytest.mark.redis
PASSWORD = "a long enough passphrase"
JOBS_DB = 14  # a Redis database of this test's own: its queue is nobody else's


def jobs_url() -> str:
    return REDIS_URL.rsplit("/", 1)[0] + f"/{JOBS_DB}"


@pytest.fixture(scope="module")
def site(seeded_sqlite_file: Path, built_geodata: Path, tmp_path_factory) -> Iterator[tuple]:  # noqa: ANN001
    reason = _redis_reason()
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    import redis

    redis.Redis.from_url(jobs_url()).flushdb()
    work = tmp_path_factory.mktemp("data-worker")
    shutil.copy(seeded_sqlite_file, work / "ntp.db")
    url = f"sqlite:///{work / 'ntp.db'}"
    engine = make_engine(url)
    seed_overview(engine)
    accounts.add(engine, "tq", "officer", PASSWORD, ["08"])
    link_geodata(work / "var", built_geodata)
    env = {"AUTH": "on", "CACHE_URL": jobs_url(), "PREWARM_SECONDS": "0"}
    with gunicorn(url, work / "var", work / "gunicorn.log", **env) as base:
        worker_env = {**os.environ, "DATABASE_URL": url, "VAR_DIR": str(work / "var"),
                      "DEMO_ON_FIRST_RUN": "0", "LANGUAGE": "vi", **env}  # fmt: skip
        log = (work / "worker.log").open("w")
        worker = subprocess.Popen(
            [sys.executable, "-m", "dashboard.cli", "worker", "--concurrency", "1"],
            cwd=ROOT, env=worker_env, stdout=log, stderr=log, start_new_session=True,
        )  # fmt: skip
        try:
            yield base, engine, work
        finally:
            os.killpg(worker.pid, signal.SIGTERM)
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait()
            log.close()
    engine.dispose()


def test_the_worker_reviews_and_commits_as_the_signed_in_officer(site: tuple) -> None:
    base, engine, work = site
    browser = login(base, "tq", PASSWORD)
    rows = [["03/2025", "02", "00715", "DA4.1", "NSTW", "ĐTPT", "250"],  # Hà Giang, now in 08
            ["03/2025", "12", "03436", "DA4.1", "NSTW", "ĐTPT", "100"]]  # Lai Châu  # fmt: skip
    sent = upload(browser, base, report_file(work, "t7.csv", rows)).json()
    deps = dependencies(browser, base)
    values = {f"{ids.DATA_UPLOADED}.data": sent, f"{ids.URL}.search": "?lang=en"}
    review = body_of(callback_of(deps, ids.DATA_UPLOADED, "data"), values)
    reviewed = run(browser, base, review)[ids.DATA_REVIEWED]["data"]
    with engine.connect() as conn:
        before = conn.scalar(select(func.coalesce(func.sum(Disbursement.amount_vnd), 0)))
    commit = body_of(callback_of(deps, ids.DATA_COMMIT, "n_clicks"),
                     {f"{ids.DATA_COMMIT}.n_clicks": 1, f"{ids.DATA_REVIEWED}.data": reviewed,
                      f"{ids.URL}.search": "?lang=en"})  # fmt: skip
    outputs = run(browser, base, commit)
    assert "1 rows accepted, 1 rejected" in str(outputs[ids.DATA_REVIEW]["children"])
    with engine.connect() as conn:
        after = conn.scalar(select(func.coalesce(func.sum(Disbursement.amount_vnd), 0)))
        account = conn.scalar(select(ImportBatch.account).order_by(ImportBatch.id.desc()))
    assert after - before == 250_000_000 and account == "tq"
    assert "background_callback_" in (work / "worker.log").read_text()
