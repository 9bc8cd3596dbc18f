"""Figures are plain dicts with exact labels, in the language's number format."""

import pandas as pd

from callbacks import figures
from dashboard.queries import Totals
from tests.app_fixtures import BN


def _yearly() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": [2025, 2026],
            "allocated": [1234 * BN + 500_000_000, 1000 * BN],
            "disbursed": [617 * BN + 250_000_000, 0],
            "rate": [0.5, 0.0],
        }
    )


def test_yearly_figure_is_a_plain_dict() -> None:
    figure = figures.yearly_figure(_yearly(), "vi")
    assert set(figure) == {"data", "layout"}
    allocated, disbursed = figure["data"]
    assert (allocated["type"], allocated["x"], allocated["y"]) == (
        "bar",
        ["2025", "2026"],
        [1234.5, 1000.0],
    )
    assert disbursed["text"] == ["50,0%", "0,0%"]


def test_hover_text_is_exact_and_localised() -> None:
    vi = figures.yearly_figure(_yearly(), "vi")["data"][0]["customdata"]
    en = figures.yearly_figure(_yearly(), "en")["data"][0]["customdata"]
    assert vi[0] == "Kế hoạch vốn: 1.234,5 tỷ đồng"
    assert en[0] == "Allocated: 1,234.5 billion VND"


def test_number_separators_follow_the_language() -> None:
    assert figures.yearly_figure(_yearly(), "vi")["layout"]["separators"] == ",."
    assert figures.yearly_figure(_yearly(), "en")["layout"]["separators"] == ".,"


def test_value_axis_carries_the_unit() -> None:
    layout = figures.yearly_figure(_yearly(), "vi")["layout"]
    assert layout["yaxis"]["title"]["text"] == "tỷ đồng"


def test_split_figure_draws_the_first_part_on_top() -> None:
    parts = {"investment": Totals(600 * BN, 300 * BN), "recurrent": Totals(400 * BN, 0)}
    labels = {"investment": "Đầu tư", "recurrent": "Sự nghiệp"}
    figure = figures.split_figure(parts, labels, "vi")
    allocated, disbursed = figure["data"]
    assert allocated["orientation"] == "h"
    assert allocated["y"] == ["Đầu tư", "Sự nghiệp"]
    assert figure["layout"]["yaxis"]["autorange"] == "reversed"
    assert allocated["x"] == [600.0, 400.0]
    assert disbursed["text"] == ["50,0%", "0,0%"]


def test_a_rate_without_allocation_is_a_dash() -> None:
    figure = figures.split_figure({"a": Totals(0, 5 * BN)}, {"a": "A"}, "en")
    assert figure["data"][1]["text"] == ["–"]
