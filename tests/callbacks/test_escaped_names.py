"""Names come from imported files and go into plotly labels and hover text, which plotly reads as
markup: a name holding ``<a href=...>`` must show as text, never as a link."""

from __future__ import annotations

import json

import pandas as pd

from callbacks import figures
from callbacks.indicators import figures as indicator_figures
from dashboard import fmt
from dashboard.queries import Totals

HOSTILE = '<a href="https://evil.example/">Tỉnh X</a> 100%{y}'


def _plain(text: str) -> bool:
    return "<a" not in text and "%{y}" not in text


def test_plot_text_escapes_markup_and_templates() -> None:
    assert fmt.plot_text(HOSTILE) == (
        '&lt;a href="https://evil.example/"&gt;Tỉnh X&lt;/a&gt; 100&#37;{y}'
    )
    assert fmt.plot_text("Hà Giang") == "Hà Giang"


def _indicator_row() -> pd.Series:
    return pd.Series({"unit_vi": "%", "unit_en": "%", "direction": "down", "name_en": HOSTILE})


def test_the_indicator_ranking_shows_names_as_text() -> None:
    frame = pd.DataFrame({"name": [HOSTILE, "Hà Giang"], "value": [3.5, 7.0]})
    figure = indicator_figures.ranking_figure(frame, _indicator_row(), None, "en")
    assert all(_plain(label) for label in figure["data"][0]["y"])


def test_the_indicator_map_hover_shows_names_as_text() -> None:
    frame = pd.DataFrame({"unit_code": ["01"], "name": [HOSTILE], "value": [3.5]})
    figure = indicator_figures.map_figure(frame, "/geo/x.json", ("01", "02"), _indicator_row(),
                                          "en")  # fmt: skip
    assert all(_plain(text) for trace in figure["data"] for text in trace.get("customdata", []))


def test_split_figure_labels_are_text() -> None:
    figure = figures.split_figure({"p": Totals(10, 5)}, {"p": HOSTILE}, "en")
    assert _plain(json.dumps(figure["data"], ensure_ascii=False))
