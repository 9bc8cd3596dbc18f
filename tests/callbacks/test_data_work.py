"""The data page's jobs as plain functions, against a real database: a review rejects rows with
their reasons and writes nothing; the commit writes exactly what was reviewed (to the đồng) as
the viewer and is audited; a stale review and another account's upload change nothing; an undo
brings the figures back and is audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from callbacks.data import reviews, work
from dashboard import audit, uploads
from dashboard.access import ADMIN, OFFICER, Viewer
from dashboard.importing.lock import import_lock
from dashboard.models import Disbursement, ImportBatch
from tests.app_fixtures import make_settings
from tests.dashboard.import_helpers import write_csv

HEADER = ["Kỳ báo cáo", "Mã tỉnh", "Mã xã", "Dự án/tiểu dự án", "Nguồn vốn", "Loại vốn",
          "Giải ngân trong kỳ (triệu đồng)"]  # fmt: skip
# Hà Giang (02, now part of Tuyên Quang 08) and one row of Lai Châu (12)
ROWS = [
    ["03/2025", "02", "00715", "DA4.1", "NSTW", "ĐTPT", "500"],
    ["03/2025", "02", "00718", "DA1", "NSTW", "Sự nghiệp", "300,5"],
    ["03/2025", "12", "03436", "DA4.1", "NSĐP", "ĐTPT", "200"],
]
OFFICER_08 = Viewer("officer-08", OFFICER, frozenset({"08"}))
BOSS = Viewer("boss", ADMIN)


class FakeDeps:
    """What the work functions use of ``Deps``: the engine and the settings."""

    def __init__(self, engine: Engine, tmp_path: Path) -> None:
        self.engine = engine
        self.settings = make_settings(tmp_path)


@pytest.fixture
def deps(engine: Engine, tmp_path: Path) -> FakeDeps:
    return FakeDeps(engine, tmp_path)


def upload(deps: FakeDeps, viewer: Viewer, rows: list[list[str]], name: str = "t3.csv") -> str:
    path = write_csv(deps.settings.var_dir.parent / name, [HEADER, *rows])
    folder = uploads.upload_folder(deps.settings.var_dir)
    return uploads.store(path.read_bytes(), name, limit=10**7, folder=folder, owner=viewer.name)


def paid(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.coalesce(func.sum(Disbursement.amount_vnd), 0))))


def batches(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(ImportBatch)))


def quiet(_percent: int | None, _text: str) -> None:
    """A job's progress, unheard."""


def test_an_officers_review_rejects_another_provinces_row_and_writes_nothing(
    deps: FakeDeps,
) -> None:
    token = upload(deps, OFFICER_08, ROWS)
    before = paid(deps.engine), batches(deps.engine)
    outcome = work.review_upload(deps, OFFICER_08, token, False, "en")
    assert outcome.can_commit and outcome.reviewed["upload"] == token
    rejected = [r for r in outcome.review.issues.rows if r["severity"] == "Rejected"]
    assert [r["row"] for r in rejected] == [4]
    assert "outside the provinces granted" in rejected[0]["reason"]
    facts = {fact.label: fact.value for fact in outcome.review.facts}
    assert facts["Sum of accepted rows"] == "800,500,000 đồng"
    assert (paid(deps.engine), batches(deps.engine)) == before


def test_the_commit_writes_exactly_what_was_reviewed_as_the_viewer(deps: FakeDeps) -> None:
    token = upload(deps, OFFICER_08, ROWS)
    reviewed = work.review_upload(deps, OFFICER_08, token, False, "en").reviewed
    before = paid(deps.engine)
    outcome = work.commit_upload(deps, OFFICER_08, reviewed, "en", quiet, "10.0.0.9")
    assert outcome.changed and outcome.colour == "success", outcome.message
    assert paid(deps.engine) - before == 800_500_000
    event = audit.recent(deps.engine, 1)[0]
    assert (event.actor, event.action, event.target, event.address) == (
        "officer-08", audit.IMPORT, "t3.csv", "10.0.0.9")  # fmt: skip
    with pytest.raises(uploads.UploadRefused):  # the upload is gone once committed
        uploads.info(token, uploads.upload_folder(deps.settings.var_dir))


def test_a_stale_review_writes_nothing(deps: FakeDeps) -> None:
    first = upload(deps, BOSS, ROWS[:1], "a.csv")
    second = upload(deps, BOSS, ROWS[1:2], "b.csv")
    reviewed_a = work.review_upload(deps, BOSS, first, False, "en").reviewed
    reviewed_b = work.review_upload(deps, BOSS, second, False, "en").reviewed
    assert work.commit_upload(deps, BOSS, reviewed_a, "en", quiet).changed
    before = paid(deps.engine), batches(deps.engine)
    outcome = work.commit_upload(deps, BOSS, reviewed_b, "en", quiet)
    assert not outcome.changed and outcome.reviewed == reviewed_b  # "review again" keeps it
    assert "Review the file again" in outcome.message
    assert (paid(deps.engine), batches(deps.engine)) == before


def test_another_accounts_upload_is_refused(deps: FakeDeps) -> None:
    token = upload(deps, BOSS, ROWS)
    other = Viewer("officer-12", OFFICER, frozenset({"12"}))
    assert work.review_upload(deps, other, token, False, "en").reviewed is None
    reviewed = work.review_upload(deps, BOSS, token, False, "en").reviewed
    before = paid(deps.engine), batches(deps.engine)
    outcome = work.commit_upload(deps, other, reviewed, "en", quiet)
    assert not outcome.changed and outcome.colour == "danger"
    assert (paid(deps.engine), batches(deps.engine)) == before


def test_a_crafted_review_token_writes_nothing(deps: FakeDeps) -> None:
    token = upload(deps, OFFICER_08, ROWS)
    reviewed = work.review_upload(deps, OFFICER_08, token, False, "en").reviewed
    before = paid(deps.engine), batches(deps.engine)
    forged_token = {**reviewed, "review": f"{reviewed['review'].split('-')[0]}-{'0' * 64}"}
    for forged in (forged_token, {"upload": token}, "nonsense", None):
        outcome = work.commit_upload(deps, OFFICER_08, forged, "en", quiet)
        assert not outcome.changed
    assert (paid(deps.engine), batches(deps.engine)) == before


def test_an_officers_reference_file_is_refused(deps: FakeDeps) -> None:
    path = Path(__file__).resolve().parents[2] / "docs" / "templates" / "catalogue.csv"
    folder = uploads.upload_folder(deps.settings.var_dir)
    token = uploads.store(path.read_bytes(), "c.csv", limit=10**7, folder=folder,
                          owner=OFFICER_08.name)  # fmt: skip
    outcome = work.review_upload(deps, OFFICER_08, token, False, "en")
    assert outcome.reviewed is None and "administrator" in outcome.message


def test_the_commit_waits_for_another_import_and_says_so(deps: FakeDeps) -> None:
    import threading

    token = upload(deps, BOSS, ROWS)
    reviewed = work.review_upload(deps, BOSS, token, False, "en").reviewed
    said: list[str] = []
    waiting = threading.Event()

    def say(_percent: int | None, text: str) -> None:
        said.append(text)
        if text.startswith("Waiting"):
            waiting.set()

    with import_lock(deps.engine, holder="someone else"):
        job = threading.Thread(target=work.commit_upload, args=(deps, BOSS, reviewed, "en", say))
        job.start()
        assert waiting.wait(30)
        assert batches(deps.engine) == 0
    job.join(60)
    assert batches(deps.engine) == 1
    assert any("someone else" in text for text in said)


def test_discard_forgets_the_upload_and_its_review(deps: FakeDeps) -> None:
    token = upload(deps, BOSS, ROWS)
    reviewed = work.review_upload(deps, BOSS, token, False, "en").reviewed
    assert work.discard(deps, BOSS, reviewed, "en").message == "t3.csv discarded."
    with pytest.raises(uploads.UploadRefused):
        reviews.load(deps.settings.var_dir, token, BOSS.name)


def test_undo_brings_the_figures_back_and_is_audited(deps: FakeDeps) -> None:
    before = paid(deps.engine)
    token = upload(deps, OFFICER_08, ROWS)
    reviewed = work.review_upload(deps, OFFICER_08, token, False, "en").reviewed
    work.commit_upload(deps, OFFICER_08, reviewed, "en", quiet)
    with deps.engine.connect() as conn:
        batch = int(conn.scalar(select(func.max(ImportBatch.id))))
    outsider = Viewer("officer-12", OFFICER, frozenset({"12"}))
    assert not work.undo(deps, outsider, batch, "en", quiet).changed
    outcome = work.undo(deps, OFFICER_08, batch, "en", quiet, "10.0.0.9")
    assert outcome.changed, outcome.message
    assert paid(deps.engine) == before
    event = audit.recent(deps.engine, 1)[0]
    assert (event.actor, event.action) == ("officer-08", audit.UNDO)
    assert event.target == f"batch {batch}"
