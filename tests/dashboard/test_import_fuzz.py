"""Fuzz: hundreds of damaged and hostile files, each refused in one line with the database
unchanged, or imported with its valid rows stored exactly once. Never a traceback."""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from dashboard.db import make_engine
from dashboard.importer import ImportFailed, import_file
from dashboard.importing.encodings import decode
from dashboard.importing.values import parse_numbers, to_float
from dashboard.models import (
    CapitalPlan,
    Disbursement,
    DisbursementSpan,
    ImportBatch,
    ImportIssue,
    IndicatorValue,
)
from tests.dashboard import hostile_files as hostile
from tests.dashboard.import_helpers import add_indicators, removed_afterwards

FILES_PER_RUN = 240
PLAN = ["Năm", "Tỉnh", "Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Kế hoạch vốn (triệu đồng)"]
DISB = ["Kỳ báo cáo", "Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Giải ngân (đồng)"]
COMMUNES = ["00715", "00718", "00721", "00724", "00727", "00730"]
FACTS = (CapitalPlan, Disbursement, IndicatorValue, DisbursementSpan)


def plan_csv(rng: random.Random, year: int) -> bytes:
    rows = [PLAN]
    for code in rng.sample(COMMUNES, 4):
        line = rng.choice(["DA4.1", "DA1", "Tiểu dự án 1 Dự án 4"])
        rows.append([year, "Hà Giang", code, line, "NSTW", rng.choice(["ĐTPT", "SN"]),
                     f"{rng.randint(1, 99_999):,}".replace(",", ".") + ",5"])  # fmt: skip
    return _csv(rows)


def disbursement_csv(rng: random.Random, year: int) -> bytes:
    rows = [DISB]
    for month in range(1, rng.randint(2, 6)):
        rows.append([f"{month:02d}/{year}", rng.choice(COMMUNES), "DA4.1", "NSTW", "SN",
                     rng.randint(0, 10**9)])  # fmt: skip
    return _csv(rows)


def indicator_csv(rng: random.Random, year: int) -> bytes:
    rows = [["Mã chỉ tiêu", "Mã tỉnh", "Năm", "Giá trị"]]
    rows += [["CT1", p, year, f"{rng.uniform(0, 100):.2f}"] for p in ("02", "04", "06")]
    return _csv(rows)


def _csv(rows: list[list[object]]) -> bytes:
    return "".join(",".join(str(c) for c in row) + "\r\n" for row in rows).encode()


def hostile_workbook(rng: random.Random, year: int) -> bytes:
    """A hand-built workbook: a lying or huge dimension, many sheets, odd cells, or bit rot."""
    rows = [PLAN[:2] + ["Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Kế hoạch vốn"]]
    rows += [[year, "Hà Giang", rng.choice(COMMUNES), "DA4.1", "NSTW", "SN", rng.randint(1, 9)]]
    dimension = rng.choice([None, "A1:G2", "A1:G1048576", "A1:ZZZZ1", "B7:A1", "A1"])
    sheets = {f"S{i}": hostile.sheet_xml(rows, dimension) for i in range(rng.choice([1, 3, 250]))}
    if rng.random() < 0.3:
        sheets["Bìa"] = hostile.sheet_xml([["BÁO CÁO"], ["x" * rng.choice([10, 40_000])]])
    data = hostile.workbook(sheets)
    return hostile.flip_bytes(data, rng) if rng.random() < 0.3 else data


MAKERS = [plan_csv, plan_csv, disbursement_csv, indicator_csv]


def fuzz_files(seed: int, count: int, year: int) -> Iterator[tuple[str, bytes]]:
    rng = random.Random(seed)
    for i in range(count):
        if i % 8 == 7:
            yield f"f{i}.xlsx", hostile_workbook(rng, year)
            continue
        data = rng.choice(MAKERS)(rng, year)
        for mutate in rng.sample(hostile.MUTATIONS, rng.randint(1, 2)):
            data = mutate(data, rng) if data else data
        yield f"f{i}.csv", data


def snapshot(engine: Engine) -> tuple:
    with Session(engine) as session:
        counts = [
            session.scalar(select(func.count()).select_from(m)) for m in (*FACTS, ImportIssue)
        ]
        sums = [session.scalar(select(func.sum(m.amount_vnd))) for m in FACTS[:2]]
        batches = session.scalar(select(func.count()).select_from(ImportBatch))
    return tuple(counts + sums + [batches])


def stored(engine: Engine, batch_id: int) -> int:
    with Session(engine) as session:
        return sum(
            session.scalar(select(func.count()).select_from(m).where(m.batch_id == batch_id))
            for m in FACTS
        )


def check_one(engine: Engine, path: Path) -> str:
    """Import one file and check the rules; returns what happened (for the counts)."""
    before = snapshot(engine)
    try:
        report = import_file(engine, path)
    except ImportFailed as exc:
        message = str(exc)
        assert message and "\n" not in message and "Traceback" not in message
        assert message.startswith(f"{path.name}: ")
        assert snapshot(engine) == before, f"{path.name} refused but the database changed"
        return "refused"
    if report.status == "duplicate":
        assert snapshot(engine) == before
        return "duplicate"
    assert report.rows_accepted + report.rows_rejected == report.rows_read
    if report.status == "rejected":
        assert stored(engine, report.batch_id) == 0
    else:  # every accepted row stored once: a long file has one record per row
        assert stored(engine, report.batch_id) >= report.rows_accepted > 0
    return report.status


@pytest.fixture(scope="module")
def fuzz_engine(seeded_sqlite_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    path = tmp_path_factory.mktemp("fuzz") / "fuzz.db"
    shutil.copy(seeded_sqlite_file, path)
    engine = make_engine(f"sqlite:///{path}")
    add_indicators(engine, "CT1")
    yield engine
    engine.dispose()


def test_hostile_files_on_sqlite(fuzz_engine: Engine, tmp_path: Path) -> None:
    outcomes: dict[str, int] = {}
    for name, data in fuzz_files(seed=1719, count=FILES_PER_RUN, year=2025):
        path = tmp_path / name
        path.write_bytes(data)
        outcome = check_one(fuzz_engine, path)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    assert sum(outcomes.values()) == FILES_PER_RUN
    assert (
        outcomes.get("refused", 0) >= 40
        and outcomes.get("ok", 0) + outcomes.get("partial", 0) >= 20
    ), outcomes  # the mix exercises both ways


@pytest.mark.postgres
def test_hostile_files_on_postgres(pg_engine: Engine, tmp_path: Path) -> None:
    """On the shared database: year 2024, which no other test there writes; removed after."""
    add_indicators(pg_engine, "CT1")
    with removed_afterwards(pg_engine):
        for name, data in fuzz_files(seed=2025, count=40, year=2024):
            path = tmp_path / name
            path.write_bytes(data)
            check_one(pg_engine, path)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_any_bytes_decode_or_are_refused(data: bytes) -> None:
    try:
        text, label = decode(data, "x.csv")
    except ImportFailed as exc:
        assert "\n" not in str(exc)
    else:
        assert isinstance(text, str) and label


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=25), min_size=1, max_size=20))
def test_numbers_are_finite_or_refused(cells: list[str]) -> None:
    import pandas as pd

    values, blank, bad = parse_numbers(pd.Series(cells, dtype=object))
    floats = to_float(values)
    for value, is_blank, is_bad in zip(floats, blank, bad, strict=True):
        assert value is None or value == value and abs(value) != float("inf")
        assert not (is_blank and is_bad)
