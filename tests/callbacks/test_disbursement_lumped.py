"""A year-to-date report covering several months draws no spike: the months it covers have no
point of their own, the line goes straight to the reported month, whose hover says so."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from callbacks.deps import Deps
from callbacks.disbursement.curve import scurve_figure
from callbacks.disbursement.page import read_curves
from dashboard.importer import import_file
from dashboard.queries.disbursement import lumped_months
from dashboard.queries.scope import Scope
from tests.dashboard.import_helpers import write_csv

HEADER = ["Mã xã", "Dự án", "Nguồn vốn", "Loại vốn", "Kế hoạch", "Lũy kế giải ngân đến 30/9/2023"]


def test_a_first_report_to_september_is_not_drawn_as_spent_in_september(
    engine: Engine, deps: Deps, tmp_path: Path
) -> None:
    rows = [HEADER, ["00715", "DA4.1", "NSTW", "ĐTPT", 1000, 450]]
    assert import_file(engine, write_csv(tmp_path / "b.csv", rows)).status == "ok"
    scope = Scope(2023, upto_month=9)
    assert lumped_months(engine, scope, (2023,)) == {2023: (1, 2, 3, 4, 5, 6, 7, 8)}
    assert lumped_months(engine, Scope(2023, provinces=("12",)), (2023,)) == {}
    curves = read_curves(deps, scope, (2023, 9))
    assert curves.cumulative[8] == 450 and curves.lumped == {2023: (1, 2, 3, 4, 5, 6, 7, 8)}
    trace = next(d for d in scurve_figure(curves, None, "en")["data"] if d["name"] == "2023")
    assert trace["y"] == [None] * 8 + [45.0] and trace["connectgaps"] is True
    assert trace["customdata"][8].endswith("includes Jan–Aug, reported as a year-to-date total "
                                           "(no monthly figures)")  # fmt: skip
